from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, Session


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A person's place in a session open to the public: registered, waiting for a place, or cancelled."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)  # the waitlist's order
    promoted_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_registration_per_session")]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} · {self.session}"


class EntryPass(models.Model):
    """A participant's personal entry code for an edition or event, shown as a QR code and as a short code."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="entry_passes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entry_passes")
    code = models.CharField(_("entry code"), max_length=12, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entry pass")
        verbose_name_plural = _("entry passes")
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_entry_pass_per_person")]

    def __str__(self):
        return self.code


class CheckIn(models.Model):
    """A participant present on a day of the event (`session` empty) or at one of its sessions."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="check_ins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField(_("day"))  # in the challenge's time zone
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins")
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "user", "day"], condition=models.Q(session=None), name="one_check_in_per_day"
            ),
            models.UniqueConstraint(
                fields=["session", "user"], condition=~models.Q(session=None), name="one_check_in_per_session"
            ),
        ]
        indexes = [models.Index(fields=["challenge", "day"])]

    def __str__(self):
        return f"{self.user} · {self.day}"
