from django.db import models
from django.utils.translation import gettext_lazy as _


class PageView(models.Model):
    """How many times a kind of public page was seen on a day: the whole record of a visit. No person, address,
    cookie or page address is kept, so no visit can be told from another (docs/privacy.md)."""

    day = models.DateField(_("day"))
    page = models.CharField(_("kind of page"), max_length=40)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views of a day")
        verbose_name_plural = _("page views per day")
        constraints = [models.UniqueConstraint(fields=["day", "page"], name="one_count_per_day_and_page")]

    def __str__(self):
        return f"{self.day} {self.page}: {self.views}"
