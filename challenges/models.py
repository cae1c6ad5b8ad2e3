"""Open calls and events: a challenge, its timeline of phases, questions, schedule and announcements."""

import re
import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from innovation_platform.core.invitations.models import InvitationRecord
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab


class ChallengeKind(models.TextChoices):
    PUBLIC_CHALLENGE = "public_challenge", _("Public challenge")
    HACKATHON = "hackathon", _("Hackathon")
    CITIZEN_LAB = "citizen_lab", _("Citizen innovation lab")
    IDEATHON = "ideathon", _("Ideathon")
    # Events without a call: a schedule with registration, attendance and certificates, and no proposals.
    TRAINING = "training", _("Training")
    MEETUP = "meetup", _("Meetup")
    CONFERENCE = "conference", _("Conference")


EVENT_KINDS = (ChallengeKind.TRAINING, ChallengeKind.MEETUP, ChallengeKind.CONFERENCE)


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    INTERNATIONAL = "international", _("International")


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class TaggedChallenge(TaggedItemBase):
    content_object = models.ForeignKey("Challenge", on_delete=models.CASCADE)


def cover_path(challenge, filename):
    return f"challenges/{challenge.slug}/{filename}"


# What organizers edit, in the console and through the API.
MARKDOWN_FIELDS = ("description", "rules", "prizes", "resources")
EDITABLE_FIELDS = (
    "title",
    "code",
    "tagline",
    "theme",
    "tags",
    "kind",
    "scope",
    "eligible_countries",
    "eligible_regions",
    "team_residence_required",
    "ineligibility_reasons",
    "appeal_days",
    "timezone",
    "team_min",
    "team_max",
    "proposals_per_person",
    "selection_count",
    "waitlist_size",
    "edit_after_submit",
    "proposals_public",
    "supports_enabled",
    "supports_per_person",
    "supports_counts",
    "supports_ranking_public",
    *MARKDOWN_FIELDS,
)


def challenge_settings_errors(*, team_min: int, team_max: int, scope: str, eligible_regions: list) -> dict:
    """Field errors of a challenge's settings, shared by the console's form and the API."""
    errors = {}
    if team_min > team_max:
        errors["team_max"] = _("The maximum team size cannot be smaller than the minimum.")
    if scope == Scope.REGIONAL and not eligible_regions:
        errors["eligible_regions"] = _("A regional call needs at least one eligible region.")
    return errors


class SupportCounts(models.TextChoices):
    LIVE = "live", _("Shown as they come in")
    AFTER = "after", _("Hidden until supporting closes")


class Challenge(models.Model):
    """An open call run by a lab. Its current phase is derived from its timeline and the clock."""

    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("lab"))
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    code = models.CharField(
        _("short code"),
        max_length=12,
        blank=True,
        help_text=_("Starts the reference of every proposal, e.g. LABICPE26 gives LABICPE26-0042."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=80, help_text=_("e.g. food security"))
    tags = TaggableManager(_("tags"), through=TaggedChallenge, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    rules = models.TextField(_("rules"), blank=True, help_text=_("Markdown is supported."))
    prizes = models.TextField(_("prizes and awards"), blank=True, help_text=_("Markdown is supported."))
    resources = models.TextField(_("resources"), blank=True, help_text=_("Markdown is supported."))
    cover = models.ImageField(_("cover image"), upload_to=cover_path, blank=True)
    cover_thumbnail = models.ImageField(upload_to=cover_path, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ChallengeKind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL)
    eligible_countries = CountryField(_("eligible countries"), multiple=True, blank=True)
    eligible_regions = models.JSONField(_("eligible regions"), default=list, blank=True)
    team_residence_required = models.BooleanField(
        _("every team member lives in an eligible place"),
        default=False,
        help_text=_("Checked against each member's profile (country, and region for regional calls) at submission."),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal an ineligibility"),
        default=0,
        help_text=_("A team found not eligible may answer once within this many days; 0: no appeal."),
    )
    ineligibility_reasons = models.JSONField(
        _("reasons for ineligibility"),
        default=list,
        blank=True,
        help_text=_("The reasons organizers pick from when they screen proposals, one per line."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Lima")
    team_min = models.PositiveSmallIntegerField(_("minimum team size"), default=1)
    team_max = models.PositiveSmallIntegerField(_("maximum team size"), default=5)
    proposals_per_person = models.PositiveSmallIntegerField(_("proposals per person"), default=1)
    selection_count = models.PositiveSmallIntegerField(_("proposals to select"), default=8)
    waitlist_size = models.PositiveSmallIntegerField(_("waitlist size"), default=0)
    edit_after_submit = models.BooleanField(
        _("allow editing after submission"), default=True, help_text=_("Until the proposals deadline.")
    )
    proposals_public = models.BooleanField(_("show proposals publicly"), default=True)
    # People's choice: verified citizens support proposals while the timeline allows it.
    supports_enabled = models.BooleanField(_("public support (people's choice)"), default=False)
    supports_per_person = models.PositiveSmallIntegerField(
        _("supports per person"), default=0, help_text=_("0 means no limit.")
    )
    supports_counts = models.CharField(
        _("support counts"), max_length=8, choices=SupportCounts.choices, default=SupportCounts.LIVE
    )
    supports_ranking_public = models.BooleanField(_("publish the supports ranking"), default=False)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # Set by the proposals app when the first proposal is submitted: from then on the
    # questions every proposal answered may only be changed by staff.
    questions_locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["visibility", "kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(team_min__lte=models.F("team_max")), name="challenge_team_range"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenges:detail", kwargs={"slug": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def reference_prefix(self) -> str:
        """The short code, or one made from the web address when none was chosen."""
        return self.code or re.sub(r"[^A-Z0-9]", "", self.slug.upper())[:12]

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_event(self) -> bool:
        """An event without a call (training, meetup, conference): a schedule with registration, no proposals."""
        return self.kind in EVENT_KINDS

    def current_phase(self, phases=None, now=None):
        """The phase running now, if any (`phases` lets a caller reuse prefetched rows)."""
        now = now or timezone.now()
        for phase in phases if phases is not None else self.phases.all():
            if phase.starts_at <= now < phase.ends_at:
                return phase
        return None


class PhaseKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    PROPOSALS = "proposals", _("Call for proposals")
    EVALUATION = "evaluation", _("Evaluation")
    COLLABORATOR_CALL = "collaborator_call", _("Call for collaborators")
    LAB = "lab", _("Lab / hackathon")
    FINAL_JUDGING = "final_judging", _("Final judging")
    RESULTS = "results", _("Results")
    FOLLOW_UP = "follow_up", _("Follow-up")


PHASE_ORDER = {kind: position for position, kind in enumerate(PhaseKind.values)}


class Phase(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # When followers were told this phase began, and live pages that it ended (a job runs on a schedule).
    start_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    end_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "kind"], name="one_phase_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["challenge", "starts_at", "ends_at"])]

    def __str__(self):
        return self.get_kind_display()

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    URL = "url", _("Web address")
    FILE = "file", _("File")


CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}


class Question(models.Model):
    """A question every proposal of the challenge answers."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer type"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    is_private = models.BooleanField(
        _("private answers"), default=False, help_text=_("Answers are shown only to organizers.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class SessionRegistration(models.TextChoices):
    NONE = "none", _("No registration")
    PUBLIC = "public", _("Open to the public, with registration")
    RESERVED = "reserved", _("Reserved for teams and mentors")


class Session(models.Model):
    """A session of the event's schedule (talk, workshop, demo day…)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    speakers = models.CharField(_("speakers and mentors"), max_length=300, blank=True)
    registration = models.CharField(
        _("registration"), max_length=10, choices=SessionRegistration.choices, default=SessionRegistration.NONE
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit. Once full, people join a waitlist.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class Announcement(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), help_text=_("Markdown is supported."))
    pinned = models.BooleanField(_("pinned"), default=False)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-pinned", "-published_at"]
        indexes = [models.Index(fields=["challenge", "-pinned", "-published_at"])]

    def __str__(self):
        return self.title


class FAQItem(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="faq")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown is supported."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question


class QuotaKind(models.TextChoices):
    MIN_OUTSIDE_CAPITAL = "min_outside_capital", _("At least N selected from outside the capital region")
    MIN_REGION = "min_region", _("At least N selected from a region")
    MAX_COUNTRY = "max_country", _("At most N selected per country")
    MIN_ABROAD = "min_abroad", _("At least N selected from abroad")


class Quota(models.Model):
    """A territorial rule the selection must respect (applied by judging)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(_("rule"), max_length=24, choices=QuotaKind.choices)
    count = models.PositiveSmallIntegerField(_("N"))
    region = models.CharField(_("region"), max_length=6, choices=PeruRegion.choices, blank=True)

    class Meta:
        verbose_name = _("territorial quota")
        verbose_name_plural = _("territorial quotas")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count}"


class ChallengeRoleKind(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    MENTOR = "mentor", _("Mentor")


class ChallengeRole(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_roles")
    role = models.CharField(_("role"), max_length=12, choices=ChallengeRoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("challenge role")
        verbose_name_plural = _("challenge roles")
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_role_per_person")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ChallengeRoleInvitation(InvitationRecord):
    """An invitation, by e-mail, to organize or mentor one challenge; the person may have no account yet.

    Whoever accepts must own the invited address, verified; the role is then granted to that account.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="role_invitations")
    role = models.CharField(_("role"), max_length=12, choices=ChallengeRoleKind.choices)

    class Meta:
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")
        ordering = ["-created_at"]
        constraints = [
            # Re-sending reuses the pending invitation, so an address never holds two links at once.
            models.UniqueConstraint(
                fields=["challenge", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_role_invitation_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"

    def get_absolute_url(self):
        return reverse("challenges:role_invitation", kwargs={"token": self.token})


class Follow(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="follow_once")]

    def __str__(self):
        return f"{self.user} → {self.challenge}"
