"""The checks every invitation's answer goes through, with one set of translated refusals."""

from datetime import datetime
from typing import TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import owns_verified_address
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.invitations.models import InvitationBase

InvitationT = TypeVar("InvitationT", bound=InvitationBase)


def invitation_closed_reason(invitation: InvitationBase, *, now: datetime | None = None) -> str | None:
    """Why nobody can answer `invitation` any more (revoked, answered, expired), or None while it is open.

    The invitation's page shows the same sentence the refusal of an answer gives."""
    if invitation.is_revoked:
        if invitation.sent_by_team:
            return _("This invitation was revoked by the team.")
        return _("This invitation was withdrawn by the organizers.")
    if not invitation.is_pending:
        return _("This invitation was already answered.")
    if invitation.is_expired(now):
        if invitation.sent_by_team:
            return _("This invitation has expired. Ask the team for a new one.")
        return _("This invitation has expired. Ask the organizers to send it again.")
    return None


def invitation_answerable(invitations: QuerySet[InvitationT], *, token: str, user: User, now: datetime) -> InvitationT:
    """The open invitation behind `token`, locked, if `user` owns its address (when it has one), verified."""
    invitation = invitations.select_for_update().filter(token=token).first()
    if invitation is None:
        raise ApplicationError(_("This invitation does not exist. Check that you copied the whole link."))
    reason = invitation_closed_reason(invitation, now=now)
    if reason is not None:
        raise ApplicationError(reason)
    if invitation.email and not owns_verified_address(user, invitation.email):
        raise ApplicationError(
            _(
                "This invitation was sent to another e-mail address. Log in with that address, or add it to your "
                "account and verify it, then open the link again."
            )
        )
    return invitation


def invitation_ensure_pending(invitation: InvitationBase) -> None:
    """Refuse to revoke or re-send an invitation that is no longer waiting for an answer."""
    if not invitation.is_pending:
        raise ApplicationError(_("This invitation was already answered or revoked."))
