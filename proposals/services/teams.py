"""Team actions: invitations, leadership, leaving, and looking for a team.

Every change is audited on the proposal (or the search); e-mails leave after the commit.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.eligibility import origin_problems
from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import address_owner_ids
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.invitations.models import InvitationStatus, invitation_expiry, invitation_token
from innovation_platform.core.invitations.services import invitation_answerable, invitation_ensure_pending
from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import notify
from proposals.models import (
    IN_THE_CALL,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    TeamSeeker,
)
from proposals.selectors.teams import account_of, team_lead
from proposals.services.similar import proposal_terms_index
from proposals.services.submission import proposal_ensure_editable
from proposals.tasks import email_team_invitation

MAX_SKILLS = 10
MAX_SKILL_LENGTH = 50


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock(proposal: Proposal) -> Proposal:
    """The proposal's row locked, so concurrent joins and invitations count the same team."""
    return Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)


def _ensure_team_can_grow(proposal: Proposal, *, now: datetime) -> None:
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ApplicationError(_("This proposal was withdrawn: its team can no longer change."))
    if proposal.status == ProposalStatus.DROPPED_OUT:
        raise ApplicationError(_("This team dropped out of the call: it can no longer change."))
    proposal_ensure_editable(proposal, now=now)


def _pending_personal(proposal: Proposal, *, now: datetime):
    return proposal.invitations.filter(status=InvitationStatus.PENDING, expires_at__gt=now).exclude(
        email="", invitee__isnull=True
    )


def _new_invitation(proposal: Proposal, actor: User, *, now: datetime, **addressee) -> Invitation:
    return Invitation.objects.create(
        proposal=proposal,
        token=invitation_token(),
        invited_by=actor,
        expires_at=invitation_expiry(now),
        **addressee,
    )


@transaction.atomic
def team_invite(
    *,
    proposal: Proposal,
    actor: User,
    email: str | None = None,
    invitee: User | None = None,
    now: datetime | None = None,
) -> Invitation:
    """Invite one person as a co-author, by e-mail address or as a registered `invitee`.

    The pending personal invitations hold places: the team plus them stays within the
    challenge's maximum. The invitation is e-mailed after the commit and expires after
    INVITATION_DAYS.
    """
    now = _now(now)
    proposal = _lock(proposal)
    _ensure_team_can_grow(proposal, now=now)
    email = (email or "").strip().lower()
    if not email and invitee is None:
        raise ApplicationError(_("Give the e-mail address of the person to invite."), field="email")
    members = ProposalMember.objects.filter(proposal=proposal)
    pending = _pending_personal(proposal, now=now)
    if invitee is not None:
        already_member = members.filter(user=invitee).exists()
        already_invited = pending.filter(invitee=invitee).exists()
    else:
        already_member = members.filter(user__in=address_owner_ids(email)).exists()
        already_invited = pending.filter(email=email).exists()
    if already_member:
        raise ApplicationError(_("This person is already in the team."), field="email")
    if already_invited:
        raise ApplicationError(
            _("An invitation to this person was already sent and is still pending; it expires by itself."),
            field="email",
        )
    # Told now, not when the invitee answers: a person the call would not admit in this team.
    person = invitee or User.objects.filter(pk__in=address_owner_ids(email)).select_related("profile").first()
    if person is not None:
        try:
            _ensure_may_take_part(proposal.challenge, person, asked_by_them=False)
        except ApplicationError as refusal:
            raise ApplicationError(refusal.message, field="email") from None
    if members.count() + pending.count() >= proposal.challenge.team_max:
        raise ApplicationError(
            _("The team is full: this challenge allows at most %(count)s members, counting pending invitations.")
            % {"count": proposal.challenge.team_max}
        )
    invitation = _new_invitation(proposal, actor, now=now, email="" if invitee else email, invitee=invitee)
    audit_log(proposal, "team.invited", actor=actor, invitation=invitation.pk, invitee=invitee and invitee.pk)
    person = account_of(invitation)
    if person is not None:
        notify(
            person,
            NotificationKind.TEAM_INVITATION,
            _("%(name)s invites you to the team of “%(title)s”") % {"name": actor.full_name, "title": proposal.title},
            reverse("proposals:invitation", kwargs={"token": invitation.token}),
        )
    transaction.on_commit(lambda: email_team_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def team_invitation_link(*, proposal: Proposal, actor: User, now: datetime | None = None) -> Invitation:
    """A shareable link through which anyone may join until it expires or is revoked, while
    the team has room. Creating one revokes the previous link, so only one works at a time."""
    now = _now(now)
    proposal = _lock(proposal)
    _ensure_team_can_grow(proposal, now=now)
    proposal.invitations.filter(status=InvitationStatus.PENDING, email="", invitee__isnull=True).update(
        status=InvitationStatus.REVOKED, responded_at=now, responded_by=actor
    )
    invitation = _new_invitation(proposal, actor, now=now)
    audit_log(proposal, "team.link_created", actor=actor, invitation=invitation.pk)
    return invitation


@transaction.atomic
def team_revoke_invitation(*, invitation: Invitation, actor: User, now: datetime | None = None) -> Invitation:
    invitation_ensure_pending(invitation)
    _answer(invitation, InvitationStatus.REVOKED, by=actor, now=_now(now))
    audit_log(invitation.proposal, "team.invitation_revoked", actor=actor, invitation=invitation.pk)
    return invitation


def _answer(invitation: Invitation, status: str, *, by: User, now: datetime) -> None:
    invitation.status = status
    invitation.responded_at = now
    invitation.responded_by = by
    invitation.save(update_fields=["status", "responded_at", "responded_by"])


def _answerable(token: str, user: User, *, now: datetime) -> Invitation:
    """The open invitation behind `token`, locked, if `user` is the person it is for (anyone, for a link)."""
    invitation = invitation_answerable(Invitation.objects, token=token, user=user, now=now)
    if invitation.invitee_id is not None and invitation.invitee_id != user.pk:
        raise ApplicationError(_("This invitation is addressed to someone else."))
    return invitation


@transaction.atomic
def team_accept_invitation(*, token: str, user: User, now: datetime | None = None) -> ProposalMember:
    """Join the team as a co-author. A personal invitation is then answered; a link stays open."""
    now = _now(now)
    invitation = _answerable(token, user, now=now)
    proposal = _lock(invitation.proposal)
    member = _join_team(proposal, user, actor=user, now=now)
    if not invitation.is_link:
        _answer(invitation, InvitationStatus.ACCEPTED, by=user, now=now)
    audit_log(proposal, "team.invitation_accepted", actor=user, invitation=invitation.pk)
    _notify_lead(
        proposal, _("%(name)s joined the team of “%(title)s”") % {"name": user.full_name, "title": proposal.title}
    )
    return member


@transaction.atomic
def team_decline_invitation(*, token: str, user: User, now: datetime | None = None) -> Invitation:
    now = _now(now)
    invitation = _answerable(token, user, now=now)
    if invitation.is_link:
        raise ApplicationError(_("A shareable link needs no answer: simply do not use it."))
    _answer(invitation, InvitationStatus.DECLINED, by=user, now=now)
    audit_log(invitation.proposal, "team.invitation_declined", actor=user, invitation=invitation.pk)
    return invitation


def _ensure_can_join(proposal: Proposal, user: User, *, now: datetime, asked_by_them: bool = True) -> None:
    """Refuse unless `user` may join the team now: not in it yet, the proposal not withdrawn and
    still editable (the challenge's timeline), the team below the challenge's maximum, and the
    person below the challenge's limit of submitted proposals per person.

    The refusals speak to `user` when they act themselves, about them when the lead decides.
    """
    challenge = proposal.challenge
    if proposal.members.filter(user=user).exists():
        if asked_by_them:
            raise ApplicationError(_("You are already in this team."))
        raise ApplicationError(_("This person is already in the team."))
    _ensure_team_can_grow(proposal, now=now)
    if proposal.members.count() >= challenge.team_max:
        raise ApplicationError(
            _("The team is full: this challenge allows at most %(count)s members.") % {"count": challenge.team_max}
        )
    _ensure_may_take_part(challenge, user, asked_by_them=asked_by_them)


def _ensure_may_take_part(challenge: Challenge, user: User, *, asked_by_them: bool) -> None:
    """Refuse a person the call does not admit in one more team: the per-person limit of submitted proposals,
    and where the call requires it, their residence (their profile's country and region)."""
    submitted = Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, members__user=user).count()
    if submitted >= challenge.proposals_per_person:
        if asked_by_them:
            message = _(
                "You already take part in %(count)s submitted proposal(s) to this challenge, its limit per person."
            )
        else:
            message = _(
                "This person already takes part in %(count)s submitted proposal(s) to this challenge, its limit "
                "per person."
            )
        raise ApplicationError(message % {"count": submitted})
    profile = getattr(user, "profile", None)
    if challenge.team_residence_required and origin_problems(
        challenge, country=str(profile.country) if profile else "", region=profile.region if profile else ""
    ):
        if asked_by_them:
            message = _(
                "This call admits only people who live in its eligible places, and your profile says you do not."
            )
        else:
            message = _(
                "This call admits only people who live in its eligible places, and this person's profile says they "
                "do not."
            )
        raise ApplicationError(message)


def _join_team(proposal: Proposal, user: User, *, actor: User, now: datetime) -> ProposalMember:
    """Add `user` to the team of `proposal` (locked by the caller) as a co-author, every limit
    re-checked under the lock. A request of theirs to join that is still pending is answered
    by it: they are in."""
    _ensure_can_join(proposal, user, now=now, asked_by_them=actor.pk == user.pk)
    member = ProposalMember.objects.create(proposal=proposal, user=user, role=MemberRole.MEMBER)
    proposal_terms_index(proposal=proposal)  # the organizers find a proposal by its members' names
    JoinRequest.objects.filter(proposal=proposal, user=user, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.ACCEPTED, decided_at=now, decided_by=actor
    )
    return member


def _member_of(proposal: Proposal, member: ProposalMember) -> ProposalMember:
    if member.proposal_id != proposal.pk:
        raise ApplicationError(_("This person is not in the team."))
    return member


@transaction.atomic
def team_transfer_leadership(*, proposal: Proposal, actor: User, member: ProposalMember) -> ProposalMember:
    """Hand the lead over to another member; the former lead stays as a co-author."""
    proposal = _lock(proposal)
    member = _member_of(proposal, member)
    if member.role == MemberRole.LEAD:
        raise ApplicationError(_("This person already leads the team."))
    # One lead per proposal is a constraint: demote before promoting.
    lead = proposal.members.filter(role=MemberRole.LEAD).first()
    if lead is not None:
        lead.role = MemberRole.MEMBER
        lead.save(update_fields=["role"])
    member.role = MemberRole.LEAD
    member.save(update_fields=["role"])
    audit_log(proposal, "team.lead_transferred", actor=actor, member=member.user_id, former=lead and lead.user_id)
    return member


@transaction.atomic
def team_remove_member(*, proposal: Proposal, actor: User, member: ProposalMember) -> None:
    member = _member_of(proposal, member)
    if member.role == MemberRole.LEAD:
        raise ApplicationError(_("The lead cannot be removed: hand the lead over first."))
    member.delete()
    proposal_terms_index(proposal=proposal)
    audit_log(proposal, "team.member_removed", actor=actor, member=member.user_id, slot=member.slot_id)


@transaction.atomic
def team_leave(*, proposal: Proposal, user: User) -> None:
    """Leave the team. A collaborator's open role reopens by itself: it is counted from memberships."""
    member = proposal.members.filter(user=user).first()
    if member is None:
        raise ApplicationError(_("You are not in this team."))
    if member.role == MemberRole.LEAD:
        raise ApplicationError(_("As the lead, hand the lead over to another member before leaving."))
    member.delete()
    proposal_terms_index(proposal=proposal)
    audit_log(proposal, "team.member_left", actor=user, member=user.pk, slot=member.slot_id)
    _notify_lead(
        proposal, _("%(name)s left the team of “%(title)s”") % {"name": user.full_name, "title": proposal.title}
    )


def _notify_lead(proposal: Proposal, title: str) -> None:
    lead = team_lead(proposal)
    if lead is not None:
        notify(lead, NotificationKind.TEAM_CHANGE, title, reverse("proposals:team", kwargs={"pk": proposal.pk}))


# Join requests: someone asks to join a team, its lead answers once.

MAX_JOIN_MESSAGE = 1000


def _ensure_can_ask(proposal: Proposal, user: User, *, now: datetime) -> None:
    """The checks of joining, plus: only public proposals (in the call, not hidden) take requests."""
    # A withdrawn proposal gets the joining checks' own refusal, which says it was withdrawn.
    if proposal.hidden_at is not None or proposal.status not in (*IN_THE_CALL, ProposalStatus.WITHDRAWN):
        raise ApplicationError(_("This proposal does not take requests to join its team."))
    _ensure_can_join(proposal, user, now=now)
    if JoinRequest.objects.filter(proposal=proposal, user=user, status=JoinRequestStatus.PENDING).exists():
        raise ApplicationError(_("You already asked to join this team: your request is waiting for an answer."))


def team_join_refusal(*, proposal: Proposal, user: User, now: datetime | None = None) -> str | None:
    """Why `user` cannot ask to join the team of `proposal` now, or None if they can (no lock:
    what a page says before the button; the request itself checks again)."""
    try:
        _ensure_can_ask(proposal, user, now=_now(now))
    except ApplicationError as error:
        return error.message
    return None


@transaction.atomic
def team_join_request(*, proposal: Proposal, user: User, message: str = "", now: datetime | None = None) -> JoinRequest:
    """Ask to join the team of a public proposal as a co-author, with an optional message.

    Refused on the same grounds as accepting an invitation (team full, limit per person,
    timeline, withdrawn), for hidden proposals, and while a request of theirs is pending.
    Side effects: audited on the proposal; the lead is notified.
    """
    now = _now(now)
    proposal = _lock(proposal)
    message = message.strip()
    if len(message) > MAX_JOIN_MESSAGE:
        raise ApplicationError(
            _("Keep your message within %(count)s characters.") % {"count": MAX_JOIN_MESSAGE}, field="message"
        )
    _ensure_can_ask(proposal, user, now=now)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(proposal=proposal, user=user, message=message)
    except IntegrityError:  # a concurrent double submit
        raise ApplicationError(
            _("You already asked to join this team: your request is waiting for an answer.")
        ) from None
    audit_log(proposal, "team.join_requested", actor=user, join_request=join_request.pk)
    lead = team_lead(proposal)
    if lead is not None:
        notify(
            lead,
            NotificationKind.JOIN_REQUEST,
            _("%(name)s asks to join the team of “%(title)s”") % {"name": user.full_name, "title": proposal.title},
            reverse("proposals:team", kwargs={"pk": proposal.pk}) + "#join-requests",
        )
    return join_request


def _pending_request(join_request: JoinRequest) -> JoinRequest:
    """The request, locked, if it still waits for an answer."""
    join_request = JoinRequest.objects.select_for_update().select_related("proposal", "user").get(pk=join_request.pk)
    if not join_request.is_pending:
        if join_request.status == JoinRequestStatus.WITHDRAWN:
            raise ApplicationError(_("This request to join was withdrawn."))
        raise ApplicationError(_("This request to join was already answered."))
    return join_request


def _close(join_request: JoinRequest, status: str, *, by: User, now: datetime) -> None:
    join_request.status = status
    join_request.decided_at = now
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])


@transaction.atomic
def team_join_request_accept(*, join_request: JoinRequest, actor: User, now: datetime | None = None) -> ProposalMember:
    """The team's lead accepts: the person joins as a co-author, exactly as through an invitation.

    Every limit is checked again now; a refusal (the team filled up meanwhile…) leaves the
    request pending. Side effects: audited; the person is notified.
    """
    now = _now(now)
    # The proposal first, then the request: the order joining through an invitation takes them in.
    proposal = _lock(join_request.proposal)
    join_request = _pending_request(join_request)
    person = join_request.user
    member = _join_team(proposal, person, actor=actor, now=now)
    _close(join_request, JoinRequestStatus.ACCEPTED, by=actor, now=now)
    audit_log(proposal, "team.join_request_accepted", actor=actor, join_request=join_request.pk, member=person.pk)
    notify(
        person,
        NotificationKind.JOIN_REQUEST,
        _("You joined the team of “%(title)s”: your request was accepted") % {"title": proposal.title},
        reverse("proposals:team", kwargs={"pk": proposal.pk}),
    )
    return member


@transaction.atomic
def team_join_request_decline(*, join_request: JoinRequest, actor: User, now: datetime | None = None) -> JoinRequest:
    """The team's lead declines. Side effects: audited; the person is notified."""
    now = _now(now)
    join_request = _pending_request(join_request)
    proposal = join_request.proposal
    _close(join_request, JoinRequestStatus.DECLINED, by=actor, now=now)
    audit_log(proposal, "team.join_request_declined", actor=actor, join_request=join_request.pk)
    notify(
        join_request.user,
        NotificationKind.JOIN_REQUEST,
        _("Your request to join the team of “%(title)s” was declined") % {"title": proposal.title},
        proposal.get_absolute_url(),
    )
    return join_request


@transaction.atomic
def team_join_request_withdraw(*, join_request: JoinRequest, user: User, now: datetime | None = None) -> JoinRequest:
    """The person who asked takes the request back while it waits for an answer. Audited."""
    if join_request.user_id != user.pk:
        raise ApplicationError(_("Only the person who asked can withdraw this request."))
    now = _now(now)
    join_request = _pending_request(join_request)
    _close(join_request, JoinRequestStatus.WITHDRAWN, by=user, now=now)
    audit_log(join_request.proposal, "team.join_request_withdrawn", actor=user, join_request=join_request.pk)
    return join_request


def clean_skills(skills: list[str]) -> list[str]:
    """Skills as typed, trimmed, without repeats (case-insensitive), at most MAX_SKILLS."""
    unique = {}
    for skill in (str(skill).strip()[:MAX_SKILL_LENGTH] for skill in skills):
        if skill:
            unique.setdefault(skill.lower(), skill)
    return list(unique.values())[:MAX_SKILLS]


@transaction.atomic
def team_seek(*, challenge: Challenge, user: User, skills: list[str] | None = None, message: str = "") -> TeamSeeker:
    """Show yourself as looking for a team in the challenge, or update what you said.

    Without skills, those of the person's profile are used. Moderation stays in force: a
    hidden search remains hidden after an update.
    """
    if skills is None or not clean_skills(skills):
        profile = getattr(user, "profile", None)
        skills = list(profile.skills.names()) if profile else []
    seeker, created = TeamSeeker.objects.update_or_create(
        challenge=challenge, user=user, defaults={"skills": clean_skills(skills), "message": message.strip()}
    )
    audit_log(seeker, "team.seeking" if created else "team.seeking_updated", actor=user)
    return seeker


@transaction.atomic
def team_seek_stop(*, challenge: Challenge, user: User) -> None:
    seeker = TeamSeeker.objects.filter(challenge=challenge, user=user).first()
    if seeker is None:
        raise ApplicationError(_("You are not listed as looking for a team in this challenge."))
    audit_log(seeker, "team.seeking_stopped", actor=user)
    seeker.delete()
