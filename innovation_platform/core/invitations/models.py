"""The shape of every invitation: an address, a secret link that expires, one answer.

Team invitations, jury seats and challenge roles subclass these abstract models, so the
fields, the expiry and the states a page or a service checks are written once.
"""

import secrets
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 14


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry(now: datetime) -> datetime:
    return now + timedelta(days=INVITATION_DAYS)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class InvitationBase(models.Model):
    """A link sent to an address: whoever follows it must own that address, verified, to answer.

    Subclasses declare the `status` field the states below read.
    """

    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))

    # A jury seat keeps its invitation in its own status field, under other names.
    pending_status: ClassVar[str] = InvitationStatus.PENDING
    revoked_status: ClassVar[str] = InvitationStatus.REVOKED
    # Refusals tell the invited person whom to ask for a new link: the team or the organizers.
    sent_by_team: ClassVar[bool] = False

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == self.pending_status

    @property
    def is_revoked(self) -> bool:
        return self.status == self.revoked_status

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class InvitationRecord(InvitationBase):
    """An invitation kept as its own row: who sent it, its status and when it was answered."""

    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
