import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.files.storage import storages
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from innovation_platform.core.regions import PeruRegion, validate_country_region
from innovation_platform.core.search import SearchTermBase

TIMEZONE_CHOICES = [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. One full-name field: names don't split in two worldwide."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=TIMEZONE_CHOICES,
        help_text=_("Leave empty to use Lima time."),
    )
    # The language of the e-mails the person receives; set at sign-up and by the language switch.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=now)
    # Set when the person deleted their account: the row stays, without personal data, so what others rely on
    # (a submitted proposal's team, a juror's scores) still has someone to point at.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        # The innovators directory is ordered by name.
        indexes = [models.Index(fields=["full_name", "id"])]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name


class TaggedSkill(TaggedItemBase):
    content_object = models.ForeignKey("Profile", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class TaggedInterest(TaggedItemBase):
    content_object = models.ForeignKey("Profile", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


def avatar_path(profile, filename):
    return f"avatars/{profile.slug}/{filename}"


class Profile(models.Model):
    """An entry in the national register of digital innovators."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    slug = models.SlugField(_("public address"), max_length=80, unique=True)
    country = CountryField(_("country"), default="PE")
    region = models.CharField(_("region"), max_length=6, choices=PeruRegion.choices, blank=True)
    organization = models.CharField(_("organization"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    skills = TaggableManager(_("skills"), through=TaggedSkill, related_name="skilled_profiles", blank=True)
    interests = TaggableManager(_("interests"), through=TaggedInterest, related_name="interested_profiles", blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    avatar_thumbnail = models.ImageField(upload_to=avatar_path, blank=True, editable=False)
    is_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show my profile in the innovators directory. Your e-mail is never shown."),
    )
    newsletter_consent = models.BooleanField(_("newsletter"), default=False)
    newsletter_consent_at = models.DateTimeField(
        _("newsletter consent given at"), null=True, blank=True, editable=False
    )
    # When the person last withdrew it (on their profile or by a newsletter's unsubscribe link): the record of a
    # withdrawal, kept when they subscribe again (then the consent is newer).
    newsletter_withdrawn_at = models.DateTimeField(
        _("newsletter consent withdrawn at"), null=True, blank=True, editable=False
    )
    # Whether the organizers of the calls the person takes part in may see their e-mail address (on their view of a
    # proposal and in the team export) and write to them directly; without it they write through Messages.
    contact_consent = models.BooleanField(_("organizers may contact me by e-mail"), default=False)
    contact_consent_at = models.DateTimeField(_("contact consent given at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("innovator profile")
        verbose_name_plural = _("innovator profiles")
        indexes = [models.Index(fields=["is_public", "region"]), models.Index(fields=["is_public", "country"])]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("accounts:innovator_detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_country_region(self.country.code or "", self.region)

    @property
    def contact_address(self) -> str:
        """The address organizers of the person's calls may see: their e-mail if they agreed, else empty."""
        return self.user.email if self.contact_consent else ""


class ProfileSearchTerm(SearchTermBase):
    """A word of an innovator's name, organization or bio (core/search.py): what the directory's search looks up."""

    # Searched texts, kept in sync when a profile or its person is saved (accounts/signals.py).
    SEARCHED = ("user__full_name", "organization", "bio")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="search_terms")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "term"], name="accounts_one_search_row_per_term")]
        indexes = [models.Index(fields=["term"])]


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class PolicyVersion(models.Model):
    """One published version of the privacy policy or the terms. The newest published one of each kind is the
    current one; people accept it at sign-up and again when a newer one is published."""

    kind = models.CharField(_("kind"), max_length=8, choices=PolicyKind.choices)
    version = models.CharField(_("version"), max_length=20, help_text=_("E.g. 2026-12 or 1.1."))
    published_at = models.DateTimeField(_("published at"), help_text=_("People are asked to accept it from then."))
    summary = models.TextField(
        _("what changed"), blank=True, help_text=_("Shown to people asked to accept this version.")
    )
    text_es = models.TextField(_("text in Spanish"), help_text=_("Markdown."))
    text_en = models.TextField(_("text in English"), blank=True, help_text=_("Markdown; the Spanish text if empty."))

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-published_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_policy_version_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    def get_absolute_url(self):
        return reverse(f"accounts:{self.kind}")

    def text_in(self, language: str) -> str:
        return self.text_en if language.startswith("en") and self.text_en else self.text_es


class PolicyAcceptance(models.Model):
    """That a person accepted a version of a policy, and when: the consent on record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepted at"), default=now)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="one_acceptance_per_version")]

    def __str__(self):
        return f"{self.user} · {self.policy}"


def private_storage():
    """Copies of personal data are never under MEDIA_URL: only the owner's download view serves them."""
    return storages["private"]


def data_export_path(export, filename):
    return f"data-exports/{export.user_id}/{export.token}.zip"


class DataExport(models.Model):
    """A person's copy of their data: built in the background, downloadable by them alone until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    token = models.CharField(max_length=32, unique=True, editable=False)
    requested_at = models.DateTimeField(default=now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=data_export_path, storage=private_storage, blank=True)

    class Meta:
        verbose_name = _("copy of personal data")
        verbose_name_plural = _("copies of personal data")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.requested_at:%Y-%m-%d}"

    def is_available(self, at=None) -> bool:
        return bool(self.file) and self.expires_at is not None and (at or now()) < self.expires_at
