"""Promoting the next proposal of the waitlist when a selected place is free."""

import pytest
from django.core import mail

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Proposal
from proposals.services.waitlist import waitlist_promote
from tests.conftest import make_user
from tests.proposals import roles_world
from tests.proposals.roles_world import make_selected

pytestmark = pytest.mark.django_db
english = roles_world.english
world = roles_world.world


@pytest.fixture
def waitlist(world):
    """Places: 2; selected: 1 (world's); waitlist: positions 2 and 1 (created in that order)."""
    second = make_selected(
        world["challenge"], "Segunda", make_user("w2@example.org"), number=2, status="waitlisted", waitlist_position=2
    )
    first = make_selected(
        world["challenge"], "Primera", make_user("w1@example.org"), number=3, status="waitlisted", waitlist_position=1
    )
    return first, second


def test_promotes_the_lowest_position_and_emails_the_team(world, waitlist, django_capture_on_commit_callbacks):
    first, second = waitlist
    with django_capture_on_commit_callbacks(execute=True):
        promoted = waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    assert promoted == first
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.waitlist_position) == ("selected", None)
    assert (second.status, second.waitlist_position) == ("waitlisted", 2)
    assert [message.to for message in mail.outbox] == [["w1@example.org"]]
    entry = AuditLogEntry.objects.get(action="proposal.promoted_from_waitlist")
    assert (entry.object_id, entry.data, entry.actor) == (first.pk, {"position": 1}, world["organizer"])


def test_refused_when_no_selected_place_is_free(world, waitlist):
    waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    with pytest.raises(ApplicationError, match="All 2 selected places are taken"):
        waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    assert Proposal.objects.filter(status="selected").count() == 2


def test_a_withdrawn_selected_proposal_frees_its_place(world, waitlist):
    waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    world["proposal"].status = "withdrawn"
    world["proposal"].save()
    promoted = waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    assert promoted == waitlist[1]


def test_refused_when_the_waitlist_is_empty(world):
    with pytest.raises(ApplicationError, match="waitlist is empty"):
        waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    assert not AuditLogEntry.objects.filter(action="proposal.promoted_from_waitlist").exists()
