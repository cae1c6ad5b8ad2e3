"""Live updates: every broadcast kept for replay, and the personal notifications behind the bell."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    """A broadcast to one group, stored with an increasing id so a client that reconnects asks
    for what it missed, in order."""

    group = models.CharField(max_length=100)
    type = models.CharField(max_length=50)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("live event")
        verbose_name_plural = _("live events")
        indexes = [models.Index(fields=["group", "id"])]

    def __str__(self):
        return f"{self.group} #{self.pk} {self.type}"


class NotificationKind(models.TextChoices):
    TEAM_INVITATION = "team_invitation", _("Team invitation")
    TEAM_CHANGE = "team_change", _("Team change")
    JOIN_REQUEST = "join_request", _("Request to join a team")
    ROLE_APPLICATION = "role_application", _("Application to an open role")
    APPLICATION_DECISION = "application_decision", _("Decision on your application")
    SELECTION_RESULT = "selection_result", _("Selection result")
    ANNOUNCEMENT = "announcement", _("Announcement")
    MODERATION = "moderation", _("Moderation")
    JURY = "jury", _("Jury")
    SCREENING = "screening", _("Eligibility of a proposal")
    MESSAGE = "message", _("Message to a group")
    LOGBOOK = "logbook", _("Project logbook")
    REGISTRATION = "registration", _("Registration for a session")
    ACCOUNT = "account", _("Your account")


class Notification(models.Model):
    """Something that happened for one person, shown under the bell and on their page: stored,
    so nothing depends on being connected at the time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return self.title
