"""Every change to a challenge goes through here: in a transaction, audited, side effects after commit."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from challenges import events
from challenges.models import (
    Challenge,
    ChallengeRole,
    ChallengeRoleInvitation,
    ChallengeRoleKind,
    Follow,
    Phase,
    PhaseKind,
    Session,
    Visibility,
)
from challenges.selectors import publish_blocker
from challenges.signals import session_saved
from challenges.tasks import email_followers_announcement, email_followers_phase_started, email_role_invitation
from challenges.timeline import PhaseSpan, timeline_errors
from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import address_owner_ids
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import COVER_THUMBNAIL, store_image
from innovation_platform.core.invitations.models import InvitationStatus, invitation_expiry, invitation_token
from innovation_platform.core.invitations.services import invitation_answerable, invitation_ensure_pending
from innovation_platform.labs.models import Lab, LabRole

# How long after a phase's end its ending is still worth a live broadcast.
PHASE_END_NEWS = timedelta(days=1)


@transaction.atomic
def challenge_create(*, lab: Lab, actor: User, data: dict, tags: list[str], cover=None) -> Challenge:
    """A new draft challenge of the lab; its creator becomes one of its organizers."""
    challenge = Challenge(lab=lab, **data)
    challenge.slug = challenge.slug or unique_challenge_slug(challenge.title)
    if cover:
        store_image(challenge, "cover", "cover_thumbnail", cover, COVER_THUMBNAIL)
    challenge.save()
    challenge.tags.set(tags)
    ChallengeRole.objects.create(challenge=challenge, user=actor, role=ChallengeRoleKind.ORGANIZER)
    audit_log(challenge, "challenge.created", actor=actor, title=challenge.title)
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, actor: User, data: dict, tags: list[str], cover=False) -> Challenge:
    """`cover`: a clean image, None to remove it, or False to keep the current one."""
    changed = [field for field, value in data.items() if getattr(challenge, field) != value]
    for field, value in data.items():
        setattr(challenge, field, value)
    if cover is not False:
        store_image(challenge, "cover", "cover_thumbnail", cover, COVER_THUMBNAIL)
        changed.append("cover")
    challenge.save()
    if sorted(challenge.tags.names()) != sorted(tags):
        challenge.tags.set(tags)
        changed.append("tags")
    audit_log(challenge, "challenge.updated", actor=actor, fields=changed)
    return challenge


@transaction.atomic
def challenge_publish(*, challenge: Challenge, actor: User, now: datetime | None = None) -> Challenge:
    """Make a draft (or an archived challenge) public. It needs a call for proposals whose deadline
    has not passed."""
    now = now or timezone.now()
    if challenge.visibility == Visibility.PUBLISHED:
        return challenge  # a retried click changes nothing
    if blocker := publish_blocker(challenge, now=now):
        raise ApplicationError(blocker)
    challenge.visibility = Visibility.PUBLISHED
    challenge.published_at = challenge.published_at or now
    challenge.save(update_fields=["visibility", "published_at", "updated_at"])
    audit_log(challenge, "challenge.published", actor=actor)
    return challenge


@transaction.atomic
def challenge_archive(*, challenge: Challenge, actor: User) -> Challenge:
    challenge.visibility = Visibility.ARCHIVED
    challenge.save(update_fields=["visibility", "updated_at"])
    audit_log(challenge, "challenge.archived", actor=actor)
    return challenge


@transaction.atomic
def challenge_duplicate(*, challenge: Challenge, actor: User, title: str, proposals_open_at: datetime) -> Challenge:
    """A new draft edition: same settings, questions, FAQ, quotas and schedule, with the whole
    timeline shifted so that its call for proposals opens at `proposals_open_at`."""
    anchor = challenge.phases.filter(kind=PhaseKind.PROPOSALS).first() or challenge.phases.first()
    shift = proposals_open_at - anchor.starts_at if anchor else timezone.timedelta(0)
    copy = Challenge.objects.get(pk=challenge.pk)
    copy.pk = None
    copy.title = title
    copy.slug = unique_challenge_slug(title)
    copy.visibility = Visibility.DRAFT
    copy.published_at = copy.questions_locked_at = None
    copy.cover = copy.cover_thumbnail = None  # files belong to the original edition
    copy.save()
    copy.tags.set(list(challenge.tags.names()))
    for related in ("questions", "faq", "quotas"):
        _copy_rows(getattr(challenge, related).all(), challenge=copy)
    _copy_rows(challenge.phases.all(), challenge=copy, shift=shift, start_notified_at=None, end_notified_at=None)
    _copy_rows(challenge.sessions.all(), challenge=copy, shift=shift)
    ChallengeRole.objects.create(challenge=copy, user=actor, role=ChallengeRoleKind.ORGANIZER)
    audit_log(copy, "challenge.created", actor=actor, title=title, duplicated_from=challenge.slug)
    audit_log(challenge, "challenge.duplicated", actor=actor, new_edition=copy.slug)
    return copy


@transaction.atomic
def timeline_set(*, challenge: Challenge, actor: User, spans: list[PhaseSpan]) -> list[Phase]:
    """Replace the timeline. Phases kept by kind keep their notification state."""
    errors = timeline_errors(spans)
    if errors:
        raise ApplicationError(" ".join(errors))
    existing = {phase.kind: phase for phase in challenge.phases.all()}
    before = {kind: [phase.starts_at, phase.ends_at] for kind, phase in existing.items()}
    challenge.phases.exclude(kind__in=[span.kind for span in spans]).delete()
    phases = []
    for span in spans:
        phase = existing.get(span.kind) or Phase(challenge=challenge, kind=span.kind)
        if phase.pk and phase.starts_at != span.starts_at:
            phase.start_notified_at = None  # a moved start is announced again
        if phase.pk and phase.ends_at != span.ends_at:
            phase.end_notified_at = None  # and so is a moved end
        phase.starts_at, phase.ends_at = span.starts_at, span.ends_at
        phase.save()
        phases.append(phase)
    after = {span.kind: [span.starts_at, span.ends_at] for span in spans}
    audit_log(challenge, "challenge.timeline_changed", actor=actor, before=before, after=after)
    return phases


def section_save(*, challenge: Challenge, actor: User, obj: Model, section: str) -> Model:
    """Save a question, session, FAQ entry, quota or announcement edited by an organizer."""
    if section == "questions":
        _ensure_questions_editable(challenge, actor)
    with transaction.atomic():
        created = obj.pk is None
        obj.challenge = challenge
        obj.save()
        audit_log(
            challenge,
            f"challenge.{section}.{'added' if created else 'changed'}",
            actor=actor,
            item=str(obj),
            item_id=obj.pk,
        )
        if section == "announcements" and created:
            events.announcement_published(obj)
            # Followers are notified and e-mailed in the background: the request costs the same for ten or for
            # ten thousand of them.
            transaction.on_commit(lambda: email_followers_announcement.enqueue(obj.pk))
        if section == "sessions":
            session_saved.send(sender=Session, session=obj)
            events.schedule_changed(obj, action="created" if created else "updated")
    return obj


@transaction.atomic
def section_delete(*, challenge: Challenge, actor: User, obj: Model, section: str) -> None:
    if section == "questions":
        _ensure_questions_editable(challenge, actor)
    audit_log(challenge, f"challenge.{section}.removed", actor=actor, item=str(obj), item_id=obj.pk)
    pk = obj.pk
    obj.delete()
    if section == "sessions":
        events.schedule_changed(obj, action="deleted", session_id=pk)


def questions_lock(challenge: Challenge) -> None:
    """Freeze the questions once proposals answer them (called when the first one is submitted)."""
    Challenge.objects.filter(pk=challenge.pk, questions_locked_at=None).update(questions_locked_at=timezone.now())


@transaction.atomic
def challenge_role_grant(*, challenge: Challenge, actor: User, email: str, role: str) -> ChallengeRole:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            _("Nobody with the e-mail %(email)s has an account yet; ask them to sign up first.") % {"email": email},
            field="email",
        )
    granted, created = ChallengeRole.objects.update_or_create(challenge=challenge, user=user, defaults={"role": role})
    audit_log(challenge, "challenge.role_granted", actor=actor, person=user.full_name, role=role)
    return granted


@transaction.atomic
def challenge_role_revoke(*, challenge: Challenge, actor: User, role: ChallengeRole) -> None:
    others = challenge.roles.filter(role=ChallengeRoleKind.ORGANIZER).exclude(pk=role.pk)
    lab_organizers = challenge.lab.memberships.filter(role__in=[LabRole.ADMIN, LabRole.ORGANIZER])
    if role.role == ChallengeRoleKind.ORGANIZER and not others.exists() and not lab_organizers.exists():
        raise ApplicationError(_("A challenge needs at least one organizer."))
    audit_log(challenge, "challenge.role_revoked", actor=actor, person=role.user.full_name, role=role.role)
    role.delete()


def _role_holder_exists(challenge: Challenge, email: str) -> bool:
    """Someone whose account uses `email` (as its login or as one of its addresses) has a role here."""
    return challenge.roles.filter(user__in=address_owner_ids(email)).exists()


def _lock_challenge(challenge: Challenge) -> None:
    """Serialize invitations of one challenge, so one address never gets two pending ones."""
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()


@transaction.atomic
def challenge_role_invite(
    *, challenge: Challenge, actor: User, email: str, role: str, now: datetime | None = None
) -> ChallengeRoleInvitation:
    """Invite a person, who may have no account yet, to organize or mentor the challenge.

    Refused for an address whose account already holds a role, or that has a pending invitation
    (re-send that one instead). Audited; the e-mail leaves after the commit; the link works for
    INVITATION_DAYS.
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    if not email:
        raise ApplicationError(_("Give the e-mail address of the person to invite."), field="email")
    if role not in ChallengeRoleKind.values:
        raise ApplicationError(_("Choose the role to offer."), field="role")
    _lock_challenge(challenge)
    if _role_holder_exists(challenge, email):
        raise ApplicationError(_("This person already has a role in this challenge."), field="email")
    if challenge.role_invitations.filter(email=email, status=InvitationStatus.PENDING).exists():
        raise ApplicationError(
            _("An invitation to this address is still pending; re-send it from the list instead."), field="email"
        )
    invitation = ChallengeRoleInvitation.objects.create(
        challenge=challenge,
        email=email,
        role=role,
        token=invitation_token(),
        invited_by=actor,
        expires_at=invitation_expiry(now),
    )
    audit_log(challenge, "challenge.role_invited", actor=actor, invitation=invitation.pk, email=email, role=role)
    transaction.on_commit(lambda: email_role_invitation.enqueue(invitation.pk))
    return invitation


def _answer(invitation: ChallengeRoleInvitation, status: str, now: datetime) -> ChallengeRoleInvitation:
    invitation.status = status
    invitation.responded_at = now
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def _pending_invitation(challenge: Challenge, invitation: ChallengeRoleInvitation) -> ChallengeRoleInvitation:
    invitation = ChallengeRoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.challenge_id != challenge.pk:
        raise ApplicationError(_("This invitation belongs to another challenge."))
    invitation_ensure_pending(invitation)
    return invitation


@transaction.atomic
def challenge_role_invitation_resend(
    *, challenge: Challenge, actor: User, invitation: ChallengeRoleInvitation, now: datetime | None = None
) -> ChallengeRoleInvitation:
    """E-mail a pending invitation again, with the same link, valid INVITATION_DAYS from now."""
    invitation = _pending_invitation(challenge, invitation)
    invitation.expires_at = invitation_expiry(now or timezone.now())
    invitation.save(update_fields=["expires_at"])
    audit_log(
        challenge, "challenge.role_invitation_resent", actor=actor, invitation=invitation.pk, email=invitation.email
    )
    transaction.on_commit(lambda: email_role_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def challenge_role_invitation_revoke(
    *, challenge: Challenge, actor: User, invitation: ChallengeRoleInvitation, now: datetime | None = None
) -> ChallengeRoleInvitation:
    """Cancel a pending invitation: its link stops working. Audited."""
    invitation = _answer(_pending_invitation(challenge, invitation), InvitationStatus.REVOKED, now or timezone.now())
    audit_log(
        challenge, "challenge.role_invitation_revoked", actor=actor, invitation=invitation.pk, email=invitation.email
    )
    return invitation


@transaction.atomic
def challenge_role_invitation_accept(*, token: str, user: User, now: datetime | None = None) -> ChallengeRole:
    """Take the offered role: `user` must own the invited address, verified. Creates the role; audited."""
    now = now or timezone.now()
    invitation = invitation_answerable(ChallengeRoleInvitation.objects, token=token, user=user, now=now)
    challenge = Challenge.objects.select_for_update().get(pk=invitation.challenge_id)
    if challenge.roles.filter(user=user).exists():
        raise ApplicationError(_("You already have a role in this challenge; ask its organizers to change it."))
    granted = ChallengeRole.objects.create(challenge=challenge, user=user, role=invitation.role)
    _answer(invitation, InvitationStatus.ACCEPTED, now)
    audit_log(
        challenge,
        "challenge.role_invitation_accepted",
        actor=user,
        invitation=invitation.pk,
        person=user.full_name,
        role=invitation.role,
    )
    return granted


@transaction.atomic
def challenge_role_invitation_decline(
    *, token: str, user: User, now: datetime | None = None
) -> ChallengeRoleInvitation:
    now = now or timezone.now()
    invitation = invitation_answerable(ChallengeRoleInvitation.objects, token=token, user=user, now=now)
    _answer(invitation, InvitationStatus.DECLINED, now)
    audit_log(invitation.challenge, "challenge.role_invitation_declined", actor=user, invitation=invitation.pk)
    return invitation


def challenge_follow(*, challenge: Challenge, user: User) -> Follow:
    follow, _created = Follow.objects.get_or_create(challenge=challenge, user=user)
    return follow


def challenge_unfollow(*, challenge: Challenge, user: User) -> None:
    Follow.objects.filter(challenge=challenge, user=user).delete()


def unique_challenge_slug(title: str) -> str:
    base = slugify(title)[:70] or "reto"
    slug, n = base, 2
    while Challenge.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _ensure_questions_editable(challenge: Challenge, actor: User) -> None:
    if challenge.questions_locked_at and not actor.is_staff:
        raise ApplicationError(
            _("Proposals have already answered these questions, so they are locked; ask the platform staff.")
        )


def _copy_rows(rows, *, challenge: Challenge, shift=None, **overrides) -> None:
    copies = []
    for row in rows:
        row.pk = None
        row.challenge = challenge
        if shift is not None:
            row.starts_at += shift
            row.ends_at += shift
        for field, value in overrides.items():
            setattr(row, field, value)
        copies.append(row)
    if copies:
        type(copies[0]).objects.bulk_create(copies)


def phases_announce_started(*, now: datetime | None = None) -> int:
    """Tell followers about phases that have begun and are still running (run on a schedule)."""
    now = now or timezone.now()
    with transaction.atomic():
        started = list(
            Phase.objects.select_for_update().filter(
                starts_at__lte=now, ends_at__gt=now, start_notified_at=None, challenge__visibility=Visibility.PUBLISHED
            )
        )
        Phase.objects.filter(pk__in=[phase.pk for phase in started]).update(start_notified_at=now)
        for phase in started:
            events.phase_started(phase)
            transaction.on_commit(lambda phase_id=phase.pk: email_followers_phase_started.enqueue(phase_id))
    return len(started)


def phases_announce_ended(*, now: datetime | None = None) -> int:
    """Tell live pages about phases that have ended (run on a schedule, with the starts).

    Only ends of the last day are news: older ones (a timeline set or copied in the past) are
    marked without a broadcast. Followers get no e-mail: the next phase's start is the news for them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ended = list(
            Phase.objects.select_for_update().filter(
                ends_at__lte=now, end_notified_at=None, challenge__visibility=Visibility.PUBLISHED
            )
        )
        Phase.objects.filter(pk__in=[phase.pk for phase in ended]).update(end_notified_at=now)
        recent = [phase for phase in ended if phase.ends_at > now - PHASE_END_NEWS]
        for phase in recent:
            events.phase_ended(phase)
    return len(recent)
