"""Requests to join a team: asking, the lead's answer, withdrawing, notifications and audit."""

# The shared world's fixtures are imported, and the tests' parameters then shadow them.
# ruff: noqa: F811

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live.models import Notification
from proposals.models import JoinRequest, MemberRole, Proposal, ProposalMember
from proposals.services.teams import (
    team_accept_invitation,
    team_invite,
    team_join_refusal,
    team_join_request,
    team_join_request_accept,
    team_join_request_decline,
    team_join_request_withdraw,
)
from tests.conftest import make_user
from tests.proposals.join_world import DAY, NOW, challenge, fill_team, friend, proposal  # noqa: F401


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever the default language."""
    with translation.override("en"):
        yield


def ask(proposal, user, message="Sé de riego por goteo.", **kwargs):
    return team_join_request(proposal=proposal, user=user, message=message, **kwargs)


def roles(proposal):
    return dict(ProposalMember.objects.filter(proposal=proposal).values_list("user__email", "role"))


def notified(user) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", "title", "url"))


def actions(proposal) -> list[str]:
    return list(AuditLogEntry.objects.filter(object_id=proposal.pk).order_by("pk").values_list("action", flat=True))


class TestAsking:
    def test_a_request_is_stored_audited_and_the_lead_is_notified(self, proposal, citizen, friend):
        join_request = ask(proposal, friend, message="  Sé de riego.  ")

        assert (join_request.status, join_request.message, join_request.user) == ("pending", "Sé de riego.", friend)
        assert notified(citizen) == [
            (
                "join_request",
                "Killa Ccori asks to join the team of “Biohuertos”",
                f"/proposals/{proposal.pk}/team/#join-requests",
            )
        ]
        assert notified(friend) == []
        entry = AuditLogEntry.objects.get(action="team.join_requested")
        assert (entry.actor, entry.object_id, entry.data) == (friend, proposal.pk, {"join_request": join_request.pk})

    def test_a_second_request_while_one_is_pending_is_refused(self, proposal, friend):
        ask(proposal, friend)
        with pytest.raises(ApplicationError, match="already asked to join this team"):
            ask(proposal, friend)
        assert JoinRequest.objects.count() == 1

    def test_the_database_allows_one_pending_request_per_person_and_proposal(self, proposal, friend):
        first = ask(proposal, friend)
        with pytest.raises(IntegrityError), transaction.atomic():
            JoinRequest.objects.create(proposal=proposal, user=friend)
        JoinRequest.objects.filter(pk=first.pk).update(status="declined")
        assert ask(proposal, friend).status == "pending"  # after an answer, asking again is possible

    def test_members_cannot_ask(self, proposal, citizen):
        with pytest.raises(ApplicationError, match="already in this team"):
            ask(proposal, citizen)

    def test_a_full_team_takes_no_request(self, proposal, friend):
        fill_team(proposal)
        with pytest.raises(ApplicationError, match="team is full: this challenge allows at most 3"):
            ask(proposal, friend)

    def test_who_reached_the_limit_of_proposals_per_person_cannot_ask(self, proposal, challenge, friend):
        other = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=2)
        ProposalMember.objects.create(proposal=other, user=friend, role=MemberRole.LEAD)
        with pytest.raises(ApplicationError, match="You already take part in 1 submitted proposal"):
            ask(proposal, friend)

    def test_the_timeline_must_allow_team_changes(self, proposal, challenge, friend):
        with pytest.raises(ApplicationError, match="no longer possible"):
            ask(proposal, friend, now=NOW + 40 * DAY)
        challenge.edit_after_submit = False
        challenge.save()
        with pytest.raises(ApplicationError, match="does not allow editing"):
            ask(proposal, friend)

    @pytest.mark.parametrize(
        ("change", "refusal"),
        [
            ({"status": "withdrawn"}, "withdrawn"),
            ({"hidden_at": NOW}, "does not take requests"),
            ({"status": "draft", "number": None}, "does not take requests"),
        ],
    )
    def test_withdrawn_hidden_and_draft_proposals_take_no_request(self, proposal, friend, change, refusal):
        Proposal.objects.filter(pk=proposal.pk).update(**change)
        proposal.refresh_from_db()
        with pytest.raises(ApplicationError, match=refusal):
            ask(proposal, friend)
        assert JoinRequest.objects.count() == 0

    def test_a_message_over_1000_characters_is_refused(self, proposal, friend):
        with pytest.raises(ApplicationError, match="within 1000 characters") as refused:
            ask(proposal, friend, message="x" * 1001)
        assert refused.value.field == "message"
        assert ask(proposal, friend, message="x" * 1000).message == "x" * 1000

    def test_the_refusal_for_the_page_says_why_or_nothing(self, proposal, citizen, friend):
        assert team_join_refusal(proposal=proposal, user=friend) is None
        assert team_join_refusal(proposal=proposal, user=citizen) == "You are already in this team."
        ask(proposal, friend)
        assert "already asked" in team_join_refusal(proposal=proposal, user=friend)


class TestAnswering:
    def test_accepting_adds_a_co_author_notifies_and_audits(self, proposal, citizen, friend):
        join_request = ask(proposal, friend)

        member = team_join_request_accept(join_request=join_request, actor=citizen)

        join_request.refresh_from_db()
        assert (member.role, join_request.status, join_request.decided_by) == (MemberRole.MEMBER, "accepted", citizen)
        assert roles(proposal) == {"citizen@example.org": "lead", "friend@example.org": "member"}
        assert notified(friend) == [
            (
                "join_request",
                "You joined the team of “Biohuertos”: your request was accepted",
                f"/proposals/{proposal.pk}/team/",
            )
        ]
        entry = AuditLogEntry.objects.get(action="team.join_request_accepted")
        assert (entry.actor, entry.data) == (citizen, {"join_request": join_request.pk, "member": friend.pk})

    def test_accepting_checks_the_limits_again_and_a_refusal_leaves_the_request_pending(
        self, proposal, citizen, friend
    ):
        join_request = ask(proposal, friend)
        for number in range(2):  # the team fills up meanwhile
            ProposalMember.objects.create(proposal=proposal, user=make_user(f"m{number}@example.org"))

        with pytest.raises(ApplicationError, match="team is full"):
            team_join_request_accept(join_request=join_request, actor=citizen)

        join_request.refresh_from_db()
        assert (join_request.status, join_request.decided_at) == ("pending", None)
        assert not proposal.members.filter(user=friend).exists()
        assert notified(friend) == []
        assert "team.join_request_accepted" not in actions(proposal)

    def test_accepting_speaks_of_the_person_when_they_reached_their_limit(self, proposal, challenge, citizen, friend):
        join_request = ask(proposal, friend)
        other = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=2)
        ProposalMember.objects.create(proposal=other, user=friend, role=MemberRole.LEAD)
        with pytest.raises(ApplicationError, match="This person already takes part in 1 submitted proposal"):
            team_join_request_accept(join_request=join_request, actor=citizen)

    def test_accepting_after_the_deadline_is_refused(self, proposal, citizen, friend):
        join_request = ask(proposal, friend)
        with pytest.raises(ApplicationError, match="no longer possible"):
            team_join_request_accept(join_request=join_request, actor=citizen, now=NOW + 40 * DAY)
        assert JoinRequest.objects.get().status == "pending"

    def test_declining_records_it_notifies_and_audits(self, proposal, citizen, friend):
        join_request = team_join_request_decline(join_request=ask(proposal, friend), actor=citizen)

        assert (join_request.status, join_request.decided_by) == ("declined", citizen)
        assert join_request.decided_at is not None
        assert notified(friend) == [
            ("join_request", "Your request to join the team of “Biohuertos” was declined", f"/proposals/{proposal.pk}/")
        ]
        assert actions(proposal) == ["team.join_requested", "team.join_request_declined"]
        assert roles(proposal) == {"citizen@example.org": "lead"}

    def test_a_request_is_answered_once(self, proposal, citizen, friend):
        accepted = ask(proposal, friend)
        team_join_request_accept(join_request=accepted, actor=citizen)
        with pytest.raises(ApplicationError, match="already answered"):
            team_join_request_decline(join_request=accepted, actor=citizen)
        with pytest.raises(ApplicationError, match="already answered"):
            team_join_request_accept(join_request=accepted, actor=citizen)

        declined = team_join_request_decline(join_request=ask(proposal, make_user("o@example.org")), actor=citizen)
        with pytest.raises(ApplicationError, match="already answered"):
            team_join_request_accept(join_request=declined, actor=citizen)

    def test_joining_through_an_invitation_answers_a_pending_request(self, proposal, citizen, friend):
        join_request = ask(proposal, friend)
        team_accept_invitation(token=team_invite(proposal=proposal, actor=citizen, invitee=friend).token, user=friend)

        join_request.refresh_from_db()
        assert (join_request.status, join_request.decided_by) == ("accepted", friend)
        with pytest.raises(ApplicationError, match="already answered"):
            team_join_request_accept(join_request=join_request, actor=citizen)


class TestWithdrawing:
    def test_the_person_who_asked_withdraws_and_it_is_audited(self, proposal, citizen, friend):
        join_request = team_join_request_withdraw(join_request=ask(proposal, friend), user=friend)

        assert join_request.status == "withdrawn"
        assert actions(proposal) == ["team.join_requested", "team.join_request_withdrawn"]
        with pytest.raises(ApplicationError, match="was withdrawn"):
            team_join_request_accept(join_request=join_request, actor=citizen)
        with pytest.raises(ApplicationError, match="was withdrawn"):
            team_join_request_withdraw(join_request=join_request, user=friend)
        assert ask(proposal, friend).status == "pending"  # and may ask again

    def test_nobody_else_withdraws_it(self, proposal, citizen, friend):
        join_request = ask(proposal, friend)
        with pytest.raises(ApplicationError, match="Only the person who asked"):
            team_join_request_withdraw(join_request=join_request, user=citizen)
        assert JoinRequest.objects.get().status == "pending"

    def test_an_answered_request_cannot_be_withdrawn(self, proposal, citizen, friend):
        join_request = team_join_request_decline(join_request=ask(proposal, friend), actor=citizen)
        with pytest.raises(ApplicationError, match="already answered"):
            team_join_request_withdraw(join_request=join_request, user=friend)
