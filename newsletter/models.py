"""The network's newsletter: issues written once (with versions in other languages), sent to the innovators who
consented, then published in the web archive."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    """One issue: its text in its own language, the group of readers it goes to (`segment`), and its sending."""

    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(
        _("text"), max_length=20000, help_text=_("Markdown: **bold**, *italics*, lists, links, ## headings.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The lab it is sent on behalf of (its administrators may edit it); none for the network's own, by staff.
    lab = models.ForeignKey("labs.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="newsletters")
    # Who it goes to, among the innovators who consented: see selectors.newsletter_audience for the keys.
    segment = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(
        _("publish in the web archive once sent"),
        default=True,
        help_text=_("Anyone can then read it on the newsletter's page; the people it went to are never shown."),
    )
    status = models.CharField(max_length=8, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT)
    # Counted when it is sent, then set to the people the delivery reached.
    recipient_count = models.PositiveIntegerField(default=0)
    delivered_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-sent_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["is_public", "status", "-sent_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:issue", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == NewsletterStatus.DRAFT


class NewsletterVersion(models.Model):
    """The same issue written in another language: readers of that language receive it instead."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"), max_length=20000)

    class Meta:
        verbose_name = _("newsletter version")
        verbose_name_plural = _("newsletter versions")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "language"], name="newsletter_one_version_per_language")
        ]

    def __str__(self):
        return f"{self.newsletter} ({self.language})"


class NewsletterDelivery(models.Model):
    """An issue for one person: created once per (issue, person), so a retried sending mails nobody twice."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "user"], name="newsletter_one_delivery_per_person")
        ]

    def __str__(self):
        return f"{self.newsletter} → {self.user}"
