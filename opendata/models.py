from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """One published version of a dataset: its files in every format, kept in the default storage so that a figure
    quoted in a news story can be traced to the file it came from. A dataset's latest snapshot is its current
    version; publishing again with unchanged data keeps it (`opendata.services.dataset_publish`)."""

    dataset = models.CharField(_("dataset"), max_length=40)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows"))
    digest = models.CharField(max_length=64)  # SHA-256 of the CSV file: the same data gives the same digest
    # Format → {"name": storage name, "bytes": size, "gzip": storage name of the compressed copy or ""}.
    files = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dataset snapshot")
        verbose_name_plural = _("dataset snapshots")
        ordering = ["dataset", "-published_at", "-pk"]
        indexes = [models.Index(fields=["dataset", "-published_at", "-id"], name="snapshot_latest")]

    def __str__(self):
        return f"{self.dataset} {self.published_at:%Y-%m-%d %H:%M}"

    def downloads(self) -> list[dict]:
        """Its files, in the order they were written (CSV, JSON, XLSX), with their sizes."""
        return [{"format": fmt, "bytes": stored["bytes"]} for fmt, stored in self.files.items()]
