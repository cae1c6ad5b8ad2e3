from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from innovation_platform.core.regions import PeruRegion, validate_country_region
from innovation_platform.core.search import SearchTermBase


class LabKind(models.TextChoices):
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    PUBLIC = "public", _("Public sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")


def logo_path(lab, filename):
    return f"labs/{lab.slug}/{filename}"


class Lab(models.Model):
    """An innovation lab of the network; labs organise challenges."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=LabKind.choices)
    country = CountryField(_("country"), default="PE")
    region = models.CharField(_("region"), max_length=6, choices=PeruRegion.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    logo_thumbnail = models.ImageField(upload_to=logo_path, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="LabMembership", related_name="labs")

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["kind"]),
            # The directory's order and the home page's "recently verified" list.
            models.Index(fields=["name", "id"]),
            models.Index(fields=["-verified_at", "name"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("labs:detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_country_region(self.country.code or "", self.region)


class LabSearchTerm(SearchTermBase):
    """A word of a lab's name, city or description (core/search.py): what the directory's search looks up."""

    # Searched texts, kept in sync when a lab is saved (labs/signals.py).
    SEARCHED = ("name", "city", "description")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="search_terms")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lab", "term"], name="labs_one_search_row_per_term")]
        indexes = [models.Index(fields=["term"])]


class LabRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ORGANIZER = "organizer", _("Organizer")
    MEMBER = "member", _("Member")


class LabMembership(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_memberships")
    role = models.CharField(_("role"), max_length=16, choices=LabRole.choices, default=LabRole.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lab membership")
        verbose_name_plural = _("lab memberships")
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="labs_one_membership_per_user")]

    def __str__(self):
        return f"{self.user} · {self.lab} ({self.get_role_display()})"
