from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from proposals.models import Proposal


def project_path(instance, filename):
    """Files of a project (presentation, logbook images) share its folder."""
    project = instance if isinstance(instance, Project) else instance.project
    return f"projects/{project.challenge_id}/{project.pk}/{filename}"


class Outcome(models.TextChoices):
    IN_LAB = "in_lab", _("In the lab")
    BUILT = "built", _("Prototype built")
    NOT_BUILT = "not_built", _("Not built")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    PILOTING = "piloting", _("Piloting")
    ADOPTED = "adopted", _("Adopted by a public body")
    SCALED = "scaled", _("Scaled")


# Outcomes that count as "built" in a challenge's figures ("8 selected · 6 built"): what came after building.
BUILT_OUTCOMES = (Outcome.BUILT, Outcome.PILOTING, Outcome.ADOPTED, Outcome.SCALED)


class Project(models.Model):
    """What a selected proposal becomes for the lab and after. Same reference and team as its proposal, which stays
    frozen as the version that was judged; the team edits the project instead."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="project")
    # The proposal's challenge, kept here so galleries and figures filter and order projects on one table.
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    # The prototype's documentation (Markdown).
    built_what = models.TextField(_("what was built"), blank=True, help_text=_("Markdown is supported."))
    built_how = models.TextField(_("how it was built"), blank=True, help_text=_("Markdown is supported."))
    materials = models.TextField(_("materials and costs"), blank=True, help_text=_("Markdown is supported."))
    replication = models.TextField(_("how to replicate it"), blank=True, help_text=_("Markdown is supported."))
    repository_url = models.URLField(_("code or design repository"), blank=True)
    media_url = models.URLField(_("photos or media"), blank=True)
    # The final presentation.
    slides = models.FileField(_("slides"), upload_to=project_path, blank=True)
    video_url = models.URLField(_("video of the presentation"), blank=True)
    # The latest outcome; its history is in OutcomeChange.
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.IN_LAB)
    outcome_on = models.DateField(_("since"), null=True, blank=True)
    adopted_by = models.CharField(_("public body that adopted it"), max_length=200, blank=True)
    adopted_url = models.URLField(_("link about the adoption"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock for the team's edits
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["challenge_id", "proposal_id"]
        indexes = [
            models.Index(fields=["challenge", "outcome"]),
            models.Index(fields=["-created_at", "-id"], name="project_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """Its proposal's reference, from the project's own challenge (no need to load the proposal's)."""
        number = self.proposal.number
        return f"{self.challenge.reference_prefix}-{number:04d}" if number else ""


class OutcomeChange(models.Model):
    """Every outcome a project was given, with its date and reason: the project's history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcome_changes")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    adopted_by = models.CharField(_("public body that adopted it"), max_length=200, blank=True)
    adopted_url = models.URLField(_("link about the adoption"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outcome change")
        verbose_name_plural = _("outcome changes")
        ordering = ["-on", "-created_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} · {self.on}"


class Mentorship(models.Model):
    """A mentor of the challenge (its mentor role) assigned by organizers to a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [models.UniqueConstraint(fields=["project", "mentor"], name="one_mentorship_per_mentor")]

    def __str__(self):
        return f"{self.mentor} · {self.project}"


class PostVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    TEAM = "team", _("The team and its mentors")


class LogbookPost(models.Model):
    """A dated post of the project's logbook, by a team member or one of its mentors."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), max_length=20000, help_text=_("Markdown is supported."))
    link = models.URLField(_("link"), blank=True)
    visibility = models.CharField(
        _("who can read it"), max_length=8, choices=PostVisibility.choices, default=PostVisibility.PUBLIC
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the organizers: a hidden post is shown to them, staff and its author only.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The writing form's token: the same form sent twice (a double click, a reload) records one post.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("logbook post")
        verbose_name_plural = _("logbook posts")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["project", "-published_at"]),
            models.Index(fields=["visibility", "-published_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("logbook:post", kwargs={"pk": self.project_id, "post": self.pk})

    @property
    def is_public(self) -> bool:
        return self.visibility == PostVisibility.PUBLIC and self.hidden_at is None


class LogbookImage(models.Model):
    post = models.ForeignKey(LogbookPost, on_delete=models.CASCADE, related_name="images")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    image = models.ImageField(upload_to=project_path)
    thumbnail = models.ImageField(upload_to=project_path)
    alt_text = models.CharField(_("description of the image"), max_length=200)

    class Meta:
        verbose_name = _("logbook image")
        verbose_name_plural = _("logbook images")

    def __str__(self):
        return self.alt_text


class LogbookComment(models.Model):
    """An answer to a post: mentors' feedback to the team, and the team's replies. Visible like its post."""

    post = models.ForeignKey(LogbookPost, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("answer"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # one answer per form sent

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
