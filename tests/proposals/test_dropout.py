"""Organizers record a selected team's drop-out with a reason, offering its place to the next on the waitlist in the
same step; a collaborator who leaves a team frees their place in the role."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent, Notification
from proposals.models import Invitation, MemberRole, Proposal, ProposalMember, RoleApplication
from proposals.selectors.teams import invitations_for_user, proposals_led_in
from proposals.services.roles import role_application_decide, role_apply
from proposals.services.teams import team_invite, team_leave
from proposals.services.waitlist import proposal_drop_out, waitlist_promote
from tests.conftest import make_user
from tests.proposals import roles_world
from tests.proposals.roles_world import DAY, make_selected

pytestmark = pytest.mark.django_db
english = roles_world.english
world = roles_world.world

CALL = "Reto Roles"
REASON = "Two members found work abroad and cannot come to the lab."


@pytest.fixture(autouse=True)
def english_readers(world):
    """Messages are asserted in English, so everyone reads it unless a test says otherwise."""
    User.objects.update(language="en")


@pytest.fixture
def waitlist(world):
    """Places: 2, one taken by the world's "Biohuertos"; the waitlist: "Primera" (1), then "Segunda" (2)."""
    second = make_selected(
        world["challenge"],
        "Segunda",
        make_user("w2@example.org", language="en"),
        number=2,
        status="waitlisted",
        waitlist_position=2,
    )
    first = make_selected(
        world["challenge"],
        "Primera",
        make_user("w1@example.org", language="en"),
        number=3,
        status="waitlisted",
        waitlist_position=1,
    )
    return first, second


def state(world) -> list[tuple]:
    """Every proposal of the challenge with what a drop-out changes, and the audit trail's actions."""
    proposals = list(
        Proposal.objects.filter(challenge=world["challenge"])
        .order_by("pk")
        .values_list("title", "status", "waitlist_position", "dropout_reason", "dropped_out_at")
    )
    return [proposals, sorted(AuditLogEntry.objects.values_list("action", flat=True))]


def drop_out(world, capture=None, **kwargs):
    arguments = {"proposal": world["proposal"], "actor": world["organizer"], "reason": REASON, "promote_next": True}
    if capture is None:
        return proposal_drop_out(**(arguments | kwargs))
    with capture(execute=True):
        return proposal_drop_out(**(arguments | kwargs))


class TestTheService:
    def test_the_team_leaves_and_the_first_on_the_waitlist_takes_its_place(
        self, world, waitlist, django_capture_on_commit_callbacks
    ):
        first, second = waitlist

        promoted = drop_out(world, django_capture_on_commit_callbacks)

        assert promoted == first
        for proposal in (world["proposal"], first, second):
            proposal.refresh_from_db()
        assert (world["proposal"].status, world["proposal"].dropout_reason) == ("dropped_out", REASON)
        assert world["proposal"].dropped_out_at is not None
        assert [(first.status, first.waitlist_position), (second.status, second.waitlist_position)] == [
            ("selected", None),
            ("waitlisted", 2),
        ]
        entries = {entry.action: entry for entry in AuditLogEntry.objects.all()}
        dropped = entries["proposal.dropped_out"]
        assert (dropped.object_id, dropped.actor, dropped.data) == (
            world["proposal"].pk,
            world["organizer"],
            {"reason": REASON, "promoted": first.pk},
        )
        assert (
            entries["proposal.promoted_from_waitlist"].object_id,
            entries["proposal.promoted_from_waitlist"].data,
        ) == (
            first.pk,
            {"position": 1},
        )
        assert sorted(message.to[0] for message in mail.outbox) == [
            "coauthor@example.org",
            "lead@example.org",
            "w1@example.org",
        ]
        assert sorted(Notification.objects.values_list("user__email", "kind", "title", "body")) == [
            ("coauthor@example.org", "selection_result", "“Biohuertos” dropped out of Reto Roles", REASON),
            ("lead@example.org", "selection_result", "“Biohuertos” dropped out of Reto Roles", REASON),
            (
                "w1@example.org",
                "selection_result",
                "“Primera” moved from the waitlist to the selection of Reto Roles",
                "",
            ),
        ]

    def test_the_team_is_told_in_each_members_language(self, world, waitlist, django_capture_on_commit_callbacks):
        ProposalMember.objects.filter(user=world["co_author"]).update(role=MemberRole.MEMBER)
        world["lead"].language = "es"
        world["lead"].save()
        world["co_author"].language = "en"
        world["co_author"].save()

        drop_out(world, django_capture_on_commit_callbacks)

        copies = {message.to[0]: message for message in mail.outbox}
        context = {
            "proposal": world["proposal"],
            "challenge": world["challenge"],
            "reason": REASON,
            "site_url": settings.SITE_URL,
        }
        for address, language in (("lead@example.org", "es"), ("coauthor@example.org", "en")):
            with translation.override(language):
                assert copies[address].body == render_to_string("proposals/email/dropped_out_message.txt", context)
                subject = render_to_string("proposals/email/dropped_out_subject.txt", context).strip()
                assert copies[address].subject == subject
        assert copies["coauthor@example.org"].subject == "Your team's drop-out is recorded: Biohuertos"
        assert REASON in copies["coauthor@example.org"].body

    def test_without_the_offer_the_place_stays_free_for_later(self, world, waitlist):
        first, _second = waitlist

        assert drop_out(world, promote_next=False) is None
        first.refresh_from_db()
        assert first.status == "waitlisted"
        assert AuditLogEntry.objects.get(action="proposal.dropped_out").data == {"reason": REASON, "promoted": None}
        assert waitlist_promote(challenge=world["challenge"], actor=world["organizer"]) == first

    def test_the_challenges_public_figures_count_one_fewer(self, world, django_capture_on_commit_callbacks):
        drop_out(world, django_capture_on_commit_callbacks)

        assert list(LiveEvent.objects.filter(type="proposals.counters").values_list("group", "payload")) == [
            (groups.challenge(world["challenge"].pk), {"submitted": 0, "countries": 0, "regions": 0})
        ]

    def test_an_empty_waitlist_leaves_the_place_free(self, world):
        assert drop_out(world) is None
        world["proposal"].refresh_from_db()
        assert world["proposal"].status == "dropped_out"

    def test_a_reason_is_required_and_nothing_changes_without_it(self, world, waitlist, mailoutbox):
        before = state(world)

        with pytest.raises(ApplicationError) as error:
            drop_out(world, reason="   ")

        assert error.value.field == "reason"
        assert (state(world), mailoutbox) == (before, [])

    def test_a_reason_too_long_is_refused(self, world, waitlist):
        before = state(world)

        with pytest.raises(ApplicationError, match="within 2000 characters"):
            drop_out(world, reason="x" * 2001)

        assert state(world) == before

    @pytest.mark.parametrize("status", ["waitlisted", "submitted", "not_selected", "withdrawn"])
    def test_only_a_selected_proposal_drops_out(self, world, waitlist, status):
        Proposal.objects.filter(pk=world["proposal"].pk).update(status=status)
        world["proposal"].refresh_from_db()
        before = state(world)

        with pytest.raises(ApplicationError, match="Only a selected proposal can drop out"):
            drop_out(world)

        assert state(world) == before

    def test_a_second_submission_is_refused_and_promotes_nobody_else(self, world, waitlist, mailoutbox):
        drop_out(world)
        before = state(world)

        with pytest.raises(ApplicationError, match="“Biohuertos” is not selected now"):
            drop_out(world)

        assert state(world) == before
        assert AuditLogEntry.objects.filter(action="proposal.promoted_from_waitlist").count() == 1


class TestLeavingTheCall:
    def test_a_dropped_out_team_can_no_longer_grow_nor_be_joined(self, world):
        invited = make_user("invitee@example.org")
        Invitation.objects.create(
            proposal=world["proposal"], invitee=invited, token="t-drop", expires_at=world["now"] + DAY
        )
        assert len(invitations_for_user(invited)) == 1
        drop_out(world)

        with pytest.raises(ApplicationError, match="This team dropped out of the call: it can no longer change."):
            team_invite(proposal=world["proposal"], actor=world["lead"], email="other@example.org")
        assert list(invitations_for_user(invited)) == []
        assert proposals_led_in(world["challenge"], world["lead"]) == []

    def test_its_page_says_so_with_the_reason_for_the_team_only(self, world):
        drop_out(world)
        client = Client(headers={"accept-language": "en"})
        url = reverse("proposals:detail", args=[world["proposal"].pk])

        client.force_login(world["co_author"])
        team_page = client.get(url).content.decode()
        client.force_login(world["applicant"])
        outsider = client.get(url)

        assert "This team dropped out of the call." in team_page and REASON in team_page
        assert "/withdraw/" not in team_page
        assert outsider.status_code == 404  # no longer in the call: no longer public


class TestTheOrganizersPage:
    @pytest.fixture
    def client(self, world):
        client = Client(headers={"accept-language": "en"})
        client.force_login(world["organizer"])
        return client

    def page_url(self, world, proposal=None):
        return reverse("call_proposals:detail", args=[world["challenge"].slug, (proposal or world["proposal"]).pk])

    def drop_url(self, world):
        return reverse("call_proposals:drop_out", args=[world["challenge"].slug, world["proposal"].pk])

    def test_a_selected_proposal_offers_the_form_with_the_waitlist_ticked(self, client, world, waitlist):
        content = client.get(self.page_url(world)).content.decode()
        waitlisted = client.get(self.page_url(world, waitlist[0])).content.decode()

        assert "Record a drop-out" in content
        assert re.search(r'<input type="checkbox" name="drop_out-promote_next"[^>]* checked', content)
        assert "Record a drop-out" not in waitlisted

    def test_recording_it_promotes_the_next_and_shows_in_the_history(self, client, world, waitlist):
        response = client.post(
            self.drop_url(world), {"drop_out-reason": REASON, "drop_out-promote_next": "on"}, follow=True
        )

        content = response.content.decode()
        assert response.redirect_chain == [(self.page_url(world), 302)]
        assert "The drop-out of “Biohuertos” is recorded and its team told." in content
        assert "“Primera” moved from the waitlist to the selection." in content
        assert f"<code>proposal.dropped_out</code> — {REASON}" in content
        assert "Dropped out" in content and "Record a drop-out" not in content
        assert list(Proposal.objects.filter(status="selected").values_list("title", flat=True)) == ["Primera"]

    def test_an_unticked_offer_leaves_the_waitlist_alone(self, client, world, waitlist):
        client.post(self.drop_url(world), {"drop_out-reason": REASON})

        assert list(
            Proposal.objects.filter(status="waitlisted").order_by("waitlist_position").values_list("title", flat=True)
        ) == ["Primera", "Segunda"]

    def test_an_empty_reason_is_refused_with_the_form_and_nothing_changes(self, client, world, waitlist):
        before = state(world)

        response = client.post(self.drop_url(world), {"drop_out-reason": "", "drop_out-promote_next": "on"})

        assert response.status_code == 400
        assert response.context["drop_out_form"].errors == {"reason": ["This field is required."]}
        assert state(world) == before

    def test_a_double_submission_is_refused_and_nothing_more_changes(self, client, world, waitlist):
        data = {"drop_out-reason": REASON, "drop_out-promote_next": "on"}
        client.post(self.drop_url(world), data)
        before = state(world)

        response = client.post(self.drop_url(world), data, follow=True)

        assert "is not selected now" in response.content.decode()
        assert state(world) == before

    @pytest.mark.parametrize("who", ["lead", "applicant"])
    def test_people_other_than_organizers_are_refused(self, world, waitlist, who):
        client = Client(headers={"accept-language": "en"})
        client.force_login(world[who])
        before = state(world)

        response = client.post(self.drop_url(world), {"drop_out-reason": REASON, "drop_out-promote_next": "on"})

        assert response.status_code in (403, 404)
        assert state(world) == before


def test_a_collaborator_who_leaves_frees_their_place_in_the_role(world):
    """The role's places are counted from the team's memberships: leaving hands the place to the next applicant."""
    slot = world["slot"]
    slot.slots = 1
    slot.save()
    leaving = role_apply(slot=slot, applicant=world["applicant"], motivation="Diseño carcasas.")
    waiting = role_apply(slot=slot, applicant=world["other"], motivation="Prototipo en CAD.")
    role_application_decide(application=leaving, actor=world["lead"], decision="accept")
    with pytest.raises(ApplicationError, match="This role is full"):
        role_application_decide(application=waiting, actor=world["lead"], decision="accept")

    team_leave(proposal=world["proposal"], user=world["applicant"])
    role_application_decide(application=waiting, actor=world["lead"], decision="accept")

    assert list(ProposalMember.objects.filter(slot=slot).values_list("user__email", "role")) == [
        ("beto@example.org", "collaborator")
    ]
    assert RoleApplication.objects.get(pk=waiting.pk).status == "accepted"
    entry = AuditLogEntry.objects.get(action="team.member_left")
    assert entry.data == {"member": world["applicant"].pk, "slot": slot.pk}
