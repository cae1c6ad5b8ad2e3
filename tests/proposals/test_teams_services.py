"""Team services: invitations by e-mail, person and link, answers, leadership, leaving, team search."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.invitations.models import INVITATION_DAYS
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Invitation, MemberRole, Proposal, ProposalMember, RoleSlot, TeamSeeker
from proposals.selectors.proposals import proposal_completeness, proposal_for_editing
from proposals.services.submission import proposal_start
from proposals.services.teams import (
    team_accept_invitation,
    team_decline_invitation,
    team_invitation_link,
    team_invite,
    team_leave,
    team_remove_member,
    team_revoke_invitation,
    team_seek,
    team_seek_stop,
    team_transfer_leadership,
)
from tests.conftest import make_challenge, make_user

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab, code="AGUA26", visibility="published", team_max=3, phases={"proposals": (NOW - DAY, NOW + 30 * DAY)}
    )


@pytest.fixture
def proposal(challenge, citizen):
    return proposal_start(challenge=challenge, actor=citizen, title="Biohuertos")


@pytest.fixture
def friend(db):
    return make_user("friend@example.org", full_name="Juan Mamani")


def invite(proposal, lead, email="friend@example.org", **kwargs):
    return team_invite(proposal=proposal, actor=lead, email=email, **kwargs)


def roles(proposal):
    return dict(ProposalMember.objects.filter(proposal=proposal).values_list("user__email", "role"))


def test_an_invitation_is_emailed_after_commit_with_an_absolute_link(
    proposal, citizen, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cocrea.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(proposal, citizen, email=" Friend@Example.org ")

    assert invitation.email == "friend@example.org"
    assert invitation.expires_at - invitation.created_at == pytest.approx(timedelta(days=INVITATION_DAYS), abs=DAY)
    assert [message.to for message in mailoutbox] == [["friend@example.org"]]
    assert f"https://cocrea.example.org/proposals/invitation/{invitation.token}/" in mailoutbox[0].body
    assert "Biohuertos" in mailoutbox[0].subject
    assert AuditLogEntry.objects.filter(action="team.invited").count() == 1


def test_an_address_without_an_account_is_invited_in_the_leads_language(
    proposal, citizen, friend, mailoutbox, django_capture_on_commit_callbacks
):
    citizen.language = "en"
    citizen.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(proposal, citizen, email="nadie@example.org")
        invite(proposal, citizen)  # friend@example.org belongs to an account that reads Spanish

    subjects = {tuple(message.to): message.subject for message in mailoutbox}
    assert subjects == {
        ("nadie@example.org",): "Join the team of “Biohuertos”",
        ("friend@example.org",): "Únete al equipo de “Biohuertos”",
    }


def test_inviting_the_same_address_again_says_it_was_already_sent(proposal, citizen):
    invite(proposal, citizen)
    with pytest.raises(ApplicationError, match="already sent") as refused:
        invite(proposal, citizen, email="FRIEND@example.org")
    assert refused.value.field == "email"
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_does_not_block_a_new_one(proposal, citizen):
    invite(proposal, citizen, now=NOW - 20 * DAY)
    invite(proposal, citizen)
    assert Invitation.objects.count() == 2


def test_a_member_cannot_be_invited(proposal, citizen, friend):
    ProposalMember.objects.create(proposal=proposal, user=friend)
    with pytest.raises(ApplicationError, match="already in the team"):
        invite(proposal, citizen)
    with pytest.raises(ApplicationError, match="already in the team"):
        invite(proposal, citizen, email="citizen@example.org")  # the lead themself


def test_pending_invitations_hold_places_up_to_the_maximum(proposal, citizen):
    invite(proposal, citizen, email="a@example.org")
    invite(proposal, citizen, email="b@example.org")
    with pytest.raises(ApplicationError, match="at most 3"):
        invite(proposal, citizen, email="c@example.org")


def test_a_withdrawn_proposal_invites_nobody(proposal, citizen):
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
    with pytest.raises(ApplicationError, match="withdrawn"):
        invite(proposal, citizen)


def test_a_submitted_proposal_invites_only_while_editing_is_allowed(proposal, citizen):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    with pytest.raises(ApplicationError, match="no longer possible"):
        invite(proposal, citizen, now=NOW + 40 * DAY)


def test_the_invitee_accepts_and_becomes_a_co_author(proposal, citizen, friend):
    invitation = invite(proposal, citizen)
    member = team_accept_invitation(token=invitation.token, user=friend)

    invitation.refresh_from_db()
    assert (member.role, invitation.status, invitation.responded_by) == (MemberRole.MEMBER, "accepted", friend)
    assert roles(proposal) == {"citizen@example.org": "lead", "friend@example.org": "member"}
    with pytest.raises(ApplicationError, match="already answered"):
        team_accept_invitation(token=invitation.token, user=friend)


def test_accepting_refuses_expired_revoked_and_unknown_invitations(proposal, citizen, friend):
    expired = invite(proposal, citizen, now=NOW - 20 * DAY)
    with pytest.raises(ApplicationError, match="expired"):
        team_accept_invitation(token=expired.token, user=friend)
    revoked = team_revoke_invitation(invitation=invite(proposal, citizen), actor=citizen)
    with pytest.raises(ApplicationError, match="revoked"):
        team_accept_invitation(token=revoked.token, user=friend)
    with pytest.raises(ApplicationError, match="does not exist"):
        team_accept_invitation(token="nope", user=friend)
    assert ProposalMember.objects.filter(user=friend).count() == 0


def test_only_the_owner_of_the_verified_address_accepts(proposal, citizen, friend):
    invitation = invite(proposal, citizen, email="juan.work@example.org")
    stranger = make_user("stranger@example.org")
    with pytest.raises(ApplicationError, match="another e-mail address"):
        team_accept_invitation(token=invitation.token, user=stranger)
    EmailAddress.objects.create(user=friend, email="juan.work@example.org", verified=False)
    with pytest.raises(ApplicationError, match="another e-mail address"):
        team_accept_invitation(token=invitation.token, user=friend)
    EmailAddress.objects.filter(email="juan.work@example.org").update(verified=True)
    team_accept_invitation(token=invitation.token, user=friend)
    assert roles(proposal)["friend@example.org"] == "member"


def test_a_personal_invitation_is_for_its_invitee_only(proposal, citizen, friend):
    invitation = invite(proposal, citizen, email=None, invitee=friend)
    with pytest.raises(ApplicationError, match="someone else"):
        team_accept_invitation(token=invitation.token, user=make_user("other@example.org"))
    with pytest.raises(ApplicationError, match="already sent"):
        invite(proposal, citizen, email=None, invitee=friend)
    team_accept_invitation(token=invitation.token, user=friend)


def test_accepting_refuses_members_full_teams_and_withdrawn_proposals(proposal, citizen, friend, challenge):
    link = team_invitation_link(proposal=proposal, actor=citizen)
    with pytest.raises(ApplicationError, match="already in this team"):
        team_accept_invitation(token=link.token, user=citizen)
    team_accept_invitation(token=link.token, user=friend)
    team_accept_invitation(token=link.token, user=make_user("second@example.org"))
    with pytest.raises(ApplicationError, match="team is full"):
        team_accept_invitation(token=link.token, user=make_user("third@example.org"))
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
    ProposalMember.objects.filter(user=friend).delete()
    with pytest.raises(ApplicationError, match="withdrawn"):
        team_accept_invitation(token=link.token, user=friend)


def test_accepting_refuses_who_reached_the_limit_of_submitted_proposals(proposal, citizen, friend, challenge):
    invitation = invite(proposal, citizen)
    other = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=1)
    ProposalMember.objects.create(proposal=other, user=friend, role=MemberRole.LEAD)
    with pytest.raises(ApplicationError, match="limit per person"):
        team_accept_invitation(token=invitation.token, user=friend)


def test_the_lead_is_told_at_invitation_time_who_cannot_join(proposal, citizen, friend, challenge):
    """A person over the per-person limit, or living outside a call that requires residence, is refused when
    invited, not when they answer; nothing is sent."""
    other = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=1)
    ProposalMember.objects.create(proposal=other, user=friend, role=MemberRole.LEAD)
    with pytest.raises(ApplicationError, match="limit per person"):
        invite(proposal, citizen)
    challenge.scope, challenge.eligible_regions, challenge.team_residence_required = "regional", ["PE-CAJ"], True
    challenge.save()
    outsider = make_user("lima@example.org")
    with pytest.raises(ApplicationError, match="profile says they do not"):
        team_invite(proposal=proposal, actor=citizen, invitee=outsider)
    assert not Invitation.objects.filter(proposal=proposal).exists()


def test_a_link_admits_several_people_and_a_new_link_revokes_the_old(proposal, citizen, friend):
    first = team_invitation_link(proposal=proposal, actor=citizen)
    team_accept_invitation(token=first.token, user=friend)
    second = team_invitation_link(proposal=proposal, actor=citizen)

    first.refresh_from_db()
    assert (first.status, second.status) == ("revoked", "pending")
    with pytest.raises(ApplicationError, match="revoked"):
        team_accept_invitation(token=first.token, user=make_user("late@example.org"))
    with pytest.raises(ApplicationError, match="needs no answer"):
        team_decline_invitation(token=second.token, user=make_user("other@example.org"))


def test_declining_answers_the_invitation_once(proposal, citizen, friend):
    invitation = invite(proposal, citizen)
    team_decline_invitation(token=invitation.token, user=friend)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    with pytest.raises(ApplicationError, match="already answered"):
        team_decline_invitation(token=invitation.token, user=friend)
    with pytest.raises(ApplicationError, match="already answered or revoked"):
        team_revoke_invitation(invitation=invitation, actor=citizen)


def test_leadership_is_handed_over_and_the_former_lead_stays(proposal, citizen, friend):
    member = ProposalMember.objects.create(proposal=proposal, user=friend)
    team_transfer_leadership(proposal=proposal, actor=citizen, member=member)

    assert roles(proposal) == {"citizen@example.org": "member", "friend@example.org": "lead"}
    with pytest.raises(ApplicationError, match="already leads"):
        team_transfer_leadership(proposal=proposal, actor=friend, member=member)
    assert AuditLogEntry.objects.filter(action="team.lead_transferred").count() == 1


def test_a_member_of_another_team_cannot_be_made_lead_or_removed(proposal, citizen, friend, challenge):
    elsewhere = proposal_start(challenge=challenge, actor=friend, title="Otra")
    member = elsewhere.members.get()
    with pytest.raises(ApplicationError, match="not in the team"):
        team_transfer_leadership(proposal=proposal, actor=citizen, member=member)
    with pytest.raises(ApplicationError, match="not in the team"):
        team_remove_member(proposal=proposal, actor=citizen, member=member)


def test_the_lead_removes_a_member_but_not_themselves(proposal, citizen, friend):
    member = ProposalMember.objects.create(proposal=proposal, user=friend)
    with pytest.raises(ApplicationError, match="hand the lead over"):
        team_remove_member(proposal=proposal, actor=citizen, member=proposal.members.get(user=citizen))
    team_remove_member(proposal=proposal, actor=citizen, member=member)
    assert roles(proposal) == {"citizen@example.org": "lead"}


def test_a_collaborator_leaving_frees_their_slot(proposal, citizen, friend):
    slot = RoleSlot.objects.create(proposal=proposal, title="Diseño", slots=1)
    ProposalMember.objects.create(proposal=proposal, user=friend, role=MemberRole.COLLABORATOR, slot=slot)
    team_leave(proposal=proposal, user=friend)

    assert slot.members.count() == 0
    entry = AuditLogEntry.objects.get(action="team.member_left")
    assert (entry.actor, entry.data["slot"]) == (friend, slot.pk)
    with pytest.raises(ApplicationError, match="not in this team"):
        team_leave(proposal=proposal, user=friend)
    with pytest.raises(ApplicationError, match="hand the lead over"):
        team_leave(proposal=proposal, user=citizen)


def test_the_team_minimum_is_missing_until_reached(proposal, friend, challenge):
    challenge.team_min = 2
    challenge.save()
    meter = proposal_completeness(proposal_for_editing(proposal.pk))
    assert "at least 2 team members" in meter["missing"]
    total = meter["total"]
    ProposalMember.objects.create(proposal=proposal, user=friend)
    meter = proposal_completeness(proposal_for_editing(proposal.pk))
    assert ("at least 2 team members" in meter["missing"], meter["total"]) == (False, total)


def test_seeking_defaults_to_profile_skills_and_can_stop(challenge, friend):
    friend.profile.skills.add("Agronomía", "Diseño")
    seeker = team_seek(challenge=challenge, user=friend, skills=[], message=" Hola ")
    assert (sorted(seeker.skills), seeker.message) == (["Agronomía", "Diseño"], "Hola")

    seeker = team_seek(challenge=challenge, user=friend, skills=["Python", " python ", "", "SIG"])
    assert seeker.skills == ["Python", "SIG"]
    assert TeamSeeker.objects.count() == 1
    team_seek_stop(challenge=challenge, user=friend)
    assert TeamSeeker.objects.count() == 0
    with pytest.raises(ApplicationError, match="not listed"):
        team_seek_stop(challenge=challenge, user=friend)


def test_updating_a_hidden_search_keeps_it_hidden(challenge, friend):
    seeker = team_seek(challenge=challenge, user=friend, skills=["SIG"])
    TeamSeeker.objects.filter(pk=seeker.pk).update(hidden_at=NOW)
    seeker = team_seek(challenge=challenge, user=friend, skills=["SIG", "R"])
    assert seeker.hidden_at is not None
