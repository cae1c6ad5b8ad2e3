"""Reads for teams: the team page, an invitation, people looking for a team, my invitations and
requests to join."""

import json
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import verified_address_owner, verified_addresses
from innovation_platform.core.invitations.models import InvitationStatus
from proposals.models import (
    LEFT_THE_CALL,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Proposal,
    ProposalMember,
    TeamSeeker,
)


def team_members(proposal: Proposal) -> list[ProposalMember]:
    """The members, the lead first, with their accounts (one query)."""
    members = ProposalMember.objects.filter(proposal=proposal).select_related("user")
    return sorted(members, key=lambda member: (member.role != MemberRole.LEAD, member.joined_at, member.pk))


def team_people(proposal: Proposal) -> QuerySet[User]:
    """The accounts of the team's members, whom news about the proposal is sent to."""
    return User.objects.filter(proposal_memberships__proposal=proposal)


def team_pending_invitations(proposal: Proposal) -> list[Invitation]:
    """Invitations still waiting for an answer (expired ones included: `is_expired` tells them apart)."""
    return list(
        Invitation.objects.filter(proposal=proposal, status=InvitationStatus.PENDING)
        .select_related("invitee")
        .order_by("-created_at", "-pk")
    )


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("proposal__challenge", "invited_by", "invitee").filter(token=token).first()


def invitations_for_user(user: User, *, now: datetime | None = None) -> QuerySet[Invitation]:
    """Pending, unexpired invitations addressed to the person or to one of their verified addresses."""
    return (
        Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__gt=now or timezone.now())
        .filter(Q(invitee=user) | Q(email__in=verified_addresses(user)))
        .exclude(proposal__members__user=user)
        .exclude(proposal__status__in=LEFT_THE_CALL)
        .select_related("proposal__challenge", "invited_by")
        .order_by("expires_at", "pk")
    )


def team_seekers(challenge: Challenge, *, skill: str = "") -> QuerySet[TeamSeeker]:
    """Visible people looking for a team in the challenge, newest first, optionally by skill."""
    seekers = TeamSeeker.objects.filter(challenge=challenge, hidden_at__isnull=True).select_related("user__profile")
    if skill:
        # The JSON text may keep non-ASCII letters escaped (SQLite) or not (PostgreSQL): match both.
        variants = {skill, *(json.dumps(form)[1:-1] for form in (skill, skill.lower(), skill.upper()))}
        match = Q()
        for variant in variants:
            match |= Q(skills__icontains=variant)
        seekers = seekers.filter(match)
    return seekers.order_by("-created_at", "pk")


def team_seeker_of(challenge: Challenge, user: User) -> TeamSeeker | None:
    return TeamSeeker.objects.filter(challenge=challenge, user=user).first()


def proposals_led_in(challenge: Challenge, user: User) -> list[Proposal]:
    """The proposals `user` leads in the challenge whose team can still grow."""
    return list(
        Proposal.objects.filter(challenge=challenge, members__user=user, members__role=MemberRole.LEAD)
        .exclude(status__in=LEFT_THE_CALL)
        .only("pk", "title")
        .order_by("pk")
    )


def team_lead(proposal: Proposal) -> User | None:
    return User.objects.filter(
        proposal_memberships__proposal=proposal, proposal_memberships__role=MemberRole.LEAD
    ).first()


def account_of(invitation: Invitation) -> User | None:
    """The person an invitation is for: its invitee, or the account that verified its e-mail address."""
    if invitation.invitee_id is not None:
        return invitation.invitee
    return verified_address_owner(invitation.email)


def team_join_requests(proposal: Proposal) -> QuerySet[JoinRequest]:
    """Pending requests to join the team, oldest first, with each person's profile and skills
    (a page of them costs three queries, whatever its size)."""
    return (
        JoinRequest.objects.filter(proposal=proposal, status=JoinRequestStatus.PENDING)
        .select_related("user__profile")
        .prefetch_related("user__profile__skills")
        .order_by("created_at", "pk")
    )


def join_requests_of_user(user: User) -> QuerySet[JoinRequest]:
    """The person's requests to join a team still waiting for an answer, newest first."""
    return (
        JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING)
        .select_related("proposal__challenge")
        .order_by("-created_at", "-pk")
    )


def join_request_pending(proposal: Proposal, user: User) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(proposal=proposal, user=user, status=JoinRequestStatus.PENDING).first()
