"""A round's jury: invitations by e-mail, their answers, each juror's load and expertise, revocation.

An invitation is a juror seat in the INVITED state with a secret token; the person who accepts must own the
invited address, verified. Every change is audited on the round; e-mails leave after the commit.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.invitations.models import invitation_expiry, invitation_token
from innovation_platform.core.invitations.services import invitation_answerable
from judging.models import Juror, JurorStatus, Round
from judging.services.assignment import assignments_release
from judging.tasks import email_jury_invitation

MAX_TAGS = 10
MAX_TAG_LENGTH = 50


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def clean_expertise(tags: list[str]) -> list[str]:
    """Expertise tags as the assignment matches them with proposal categories: trimmed, lower case, unique."""
    cleaned = list(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    if len(cleaned) > MAX_TAGS:
        raise ApplicationError(_("Give at most %(count)s expertise tags.") % {"count": MAX_TAGS}, field="expertise")
    if any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise ApplicationError(
            _("Each expertise tag has at most %(count)s characters.") % {"count": MAX_TAG_LENGTH}, field="expertise"
        )
    return cleaned


def _ensure_load(max_load: int) -> None:
    if max_load < 1:
        raise ApplicationError(_("A juror's maximum load is at least one proposal."), field="max_load")


@transaction.atomic
def jury_invite(
    *,
    round_: Round,
    actor: User,
    email: str,
    max_load: int = 20,
    expertise: list[str] | None = None,
    now: datetime | None = None,
) -> Juror:
    """Invite a person to the round's jury by e-mail. Someone who declined or was revoked can be invited again
    (the same seat gets a new link). The invitation expires after INVITATION_DAYS."""
    now = _now(now)
    email = email.strip().lower()
    if not email:
        raise ApplicationError(_("Give the e-mail address of the juror to invite."), field="email")
    _ensure_load(max_load)
    expertise = clean_expertise(expertise or [])
    Round.objects.select_for_update().get(pk=round_.pk)  # one seat per address, even for concurrent invitations
    juror = Juror.objects.filter(round=round_, email=email).first()
    if juror is not None and juror.status == JurorStatus.ACTIVE:
        raise ApplicationError(_("This person is already on the jury."), field="email")
    if juror is not None and juror.status == JurorStatus.INVITED:
        raise ApplicationError(
            _("This person was already invited; re-send the invitation from the jury list instead."), field="email"
        )
    juror = juror or Juror(round=round_, email=email)
    juror.user = None
    juror.status = JurorStatus.INVITED
    juror.max_load = max_load
    juror.expertise = expertise
    juror.token = invitation_token()
    juror.expires_at = invitation_expiry(now)
    juror.accepted_at = None
    juror.save()
    audit_log(round_, "round.juror_invited", actor=actor, juror=juror.pk, email=email)
    transaction.on_commit(lambda: email_jury_invitation.enqueue(juror.pk, actor.pk))
    return juror


@transaction.atomic
def jury_resend(*, juror: Juror, actor: User, now: datetime | None = None) -> Juror:
    """Send a pending invitation again, with the same link, valid INVITATION_DAYS from now."""
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if juror.status != JurorStatus.INVITED:
        raise ApplicationError(_("Only a pending invitation can be sent again."))
    juror.expires_at = invitation_expiry(_now(now))
    juror.save(update_fields=["expires_at"])
    audit_log(juror.round, "round.juror_invitation_resent", actor=actor, juror=juror.pk)
    transaction.on_commit(lambda: email_jury_invitation.enqueue(juror.pk, actor.pk))
    return juror


@transaction.atomic
def jury_update(*, juror: Juror, actor: User, max_load: int, expertise: list[str]) -> Juror:
    """Change a juror's maximum load and expertise; assignments already made stay."""
    _ensure_load(max_load)
    expertise = clean_expertise(expertise)
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if juror.status in (JurorStatus.DECLINED, JurorStatus.REVOKED):
        raise ApplicationError(_("This person is no longer on the jury."))
    changes = {
        name: value
        for name, value in (("max_load", max_load), ("expertise", expertise))
        if getattr(juror, name) != value
    }
    if changes:
        juror.max_load, juror.expertise = max_load, expertise
        juror.save(update_fields=list(changes))
        audit_log(juror.round, "round.juror_changed", actor=actor, juror=juror.pk, changes=changes)
    return juror


@transaction.atomic
def jury_revoke(*, juror: Juror, actor: User, now: datetime | None = None) -> Juror:
    """Take a juror off the jury, or cancel their pending invitation (its link stops working). Their reviews not
    yet submitted are released, so the assignment can give them to other jurors; submitted ones stay."""
    juror = Juror.objects.select_for_update().select_related("round").get(pk=juror.pk)
    if juror.status not in (JurorStatus.INVITED, JurorStatus.ACTIVE):
        raise ApplicationError(_("This person is no longer on the jury."))
    was_active = juror.status == JurorStatus.ACTIVE
    juror.status = JurorStatus.REVOKED
    juror.save(update_fields=["status"])
    audit_log(juror.round, "round.juror_revoked", actor=actor, juror=juror.pk, email=juror.email)
    if was_active:
        assignments_release(juror=juror, actor=actor)
    return juror


def _answerable(token: str, user: User, *, now: datetime) -> Juror:
    return invitation_answerable(Juror.objects.select_related("round__challenge"), token=token, user=user, now=now)


@transaction.atomic
def jury_accept(*, token: str, user: User, now: datetime | None = None) -> Juror:
    """Take the seat: the juror can then be assigned proposals."""
    now = _now(now)
    juror = _answerable(token, user, now=now)
    if Juror.objects.filter(round=juror.round, user=user).exclude(pk=juror.pk).exists():
        raise ApplicationError(_("Another seat on this jury is already linked to your account."))
    juror.user = user
    juror.status = JurorStatus.ACTIVE
    juror.accepted_at = now
    juror.save(update_fields=["user", "status", "accepted_at"])
    audit_log(juror.round, "round.juror_accepted", actor=user, juror=juror.pk)
    return juror


@transaction.atomic
def jury_decline(*, token: str, user: User, now: datetime | None = None) -> Juror:
    juror = _answerable(token, user, now=_now(now))
    juror.status = JurorStatus.DECLINED
    juror.save(update_fields=["status"])
    audit_log(juror.round, "round.juror_declined", actor=user, juror=juror.pk)
    return juror
