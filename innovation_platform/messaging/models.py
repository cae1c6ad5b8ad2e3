"""Messages sent to a group of people, and who each one reached."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Message(models.Model):
    """One text written once and sent to every person of a segment (a group) of what it is about, e.g. a call."""

    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=10000, help_text=_("Markdown: **bold**, *italics*, lists, links."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # What the message is about (a call, …): its segments are the groups it can be sent to. Its title and
    # address are kept as they were when sent, for the frame of every copy and for the record.
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("about_type", "about_id")
    about_title = models.CharField(max_length=200)
    about_url = models.CharField(max_length=300)
    segment = models.CharField(max_length=40)
    # The segment's label as its untranslated source text: each reader sees it in their own language.
    segment_label = models.CharField(max_length=200)
    segment_params = models.JSONField(default=dict, blank=True)
    # Written into the form when it is shown: a second submission of the same form (a double click, a
    # reload) finds the message it already sent instead of sending another.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    # Counted when it is sent, then set to the people the delivery actually reached.
    recipient_count = models.PositiveIntegerField(default=0)
    delivered_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["about_type", "about_id", "-created_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("messaging:detail", kwargs={"pk": self.pk})


class Delivery(models.Model):
    """A message for one person: created once per (message, person), so a retried delivery sends nobody twice."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="one_delivery_per_person")]

    def __str__(self):
        return f"{self.message} → {self.user}"
