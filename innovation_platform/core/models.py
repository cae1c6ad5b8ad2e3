from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class AuditLogEntry(models.Model):
    """Who did what, when, to which object: the trail organizers can read and defend.

    `subject` is the object whose history this belongs to (a challenge for a change to its
    timeline); `action` is a namespaced name such as "challenge.published".
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(_("action"), max_length=100)
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=now)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class PageVersion(models.Model):
    """How many times what a group of public pages shows has changed (core/page_cache.py): cached pages and counts
    are kept under keys that carry it. In the database, not the cache, so every worker reads the same number even
    when each has its own memory cache, and a version can never be evicted back to an old value."""

    scope = models.CharField(max_length=60, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope} v{self.version}"
