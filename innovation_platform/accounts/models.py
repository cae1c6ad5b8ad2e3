import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from innovation_platform.core.regions import PeruRegion, validate_country_region

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
