"""The demo's follow-up: the finished hackathon gets checkpoints at 3, 6 and 12 months after its lab; the first is
open and partly answered (the winner adopted by the municipality, unanswered teams reminded twice); loading the
demo again adds nothing and sends nothing."""

from datetime import date, datetime

import pytest
from django.core import mail

from innovation_platform.core import page_cache
from projects.demo.followup import seed_followup
from projects.models import Checkpoint, FollowUpRequest, OutcomeChange
from proposals.demo.hackathon import FINISHED_SLUG, WINNER
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects import followup_world
from tests.projects.followup_world import LIMA, make_project, make_projects

pytestmark = pytest.mark.django_db
clock = followup_world.clock


@pytest.fixture
def hackathon(db, clock):
    challenge = make_challenge(
        make_lab("innovalab-arequipa"),
        FINISHED_SLUG,
        code="AGUAAQP",
        phases={"lab": (datetime(2026, 1, 10, 9, tzinfo=LIMA), datetime(2026, 1, 11, 18, tzinfo=LIMA))},
    )
    make_projects(challenge, 6)
    make_project(challenge, WINNER, make_user("winner@example.org"), number=30)
    return challenge


def test_the_hackathon_has_three_checkpoints_the_first_partly_answered(hackathon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert seed_followup({}) == 3

    assert list(Checkpoint.objects.values_list("title", "due_on", "closes_on")) == [
        ("3 meses", date(2026, 4, 11), date(2026, 6, 29)),  # moved later so late teams can still answer
        ("6 meses", date(2026, 7, 11), date(2026, 8, 10)),
        ("12 meses", date(2027, 1, 11), date(2027, 2, 10)),
    ]
    first = Checkpoint.objects.get(title="3 meses")
    requests = FollowUpRequest.objects.filter(checkpoint=first)
    assert requests.count() == 7 and requests.filter(answered_at__isnull=False).count() == 4
    winner = requests.get(project__title=WINNER)
    assert (winner.status, winner.adopted_by, winner.reminders_sent) == (
        "adopted",
        "Municipalidad Provincial de Arequipa",
        0,
    )
    assert set(requests.filter(answered_at=None).values_list("reminders_sent", flat=True)) == {2}
    assert OutcomeChange.objects.filter(project__title=WINNER, outcome="adopted").exists()
    # Nobody is told: no callback but the public pages' versions, which the demo's projects move.
    told = [callback for callback in callbacks if callback.__module__ != page_cache.__name__]
    assert (told, mail.outbox) == ([], [])


def test_loading_the_demo_again_adds_nothing(hackathon):
    seed_followup({})

    assert seed_followup({}) == 0
    assert Checkpoint.objects.count() == 3
