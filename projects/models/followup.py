"""Follow-up after the lab: checkpoints months later (e.g. at 3, 6 and 12 months) when each project's team reports
its status and a few indicators the organizers chose."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from projects.models.projects import Outcome, Project


class Indicator(models.TextChoices):
    """The catalogue organizers choose a checkpoint's indicators from; each is a column of FollowUpRequest, so the
    figures add them up in SQL."""

    PEOPLE_REACHED = "people_reached", _("People reached")
    FUNDING = "funding", _("Funding obtained (S/)")
    ADOPTED_BY = "adopted_by", _("Public body that adopted it")
    SERVICE_URL = "service_url", _("Link to the deployed service")


# The statuses a team may report after the lab: the lab itself is over.
REPORTED_OUTCOMES = (
    Outcome.BUILT,
    Outcome.NOT_BUILT,
    Outcome.PILOTING,
    Outcome.ADOPTED,
    Outcome.SCALED,
    Outcome.DROPPED_OUT,
)


# Each indicator and the column of FollowUpRequest that holds it.
INDICATOR_FIELDS = {
    Indicator.PEOPLE_REACHED: "people_reached",
    Indicator.FUNDING: "funding",
    Indicator.ADOPTED_BY: "adopted_by",
    Indicator.SERVICE_URL: "service_url",
}
# What a team's answer holds.
ANSWER_FIELDS = ("status", *INDICATOR_FIELDS.values(), "question_answer", "comment")


class Checkpoint(models.Model):
    """A moment after the lab when every project of the challenge is asked how it is doing. Open from `due_on` to
    `closes_on` included, in the challenge's time zone."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="checkpoints")
    title = models.CharField(_("title"), max_length=80, help_text=_("For example “6 months”."))
    due_on = models.DateField(_("teams are asked on"))
    closes_on = models.DateField(_("answers close on"))
    indicators = models.JSONField(_("indicators"), default=list, blank=True)  # checked by the services
    question = models.CharField(
        _("a question of your own"), max_length=300, blank=True, help_text=_("Optional, answered in free text.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up checkpoint")
        verbose_name_plural = _("follow-up checkpoints")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("due_on")), name="checkpoint_closes_after_due"
            ),
            models.UniqueConstraint(fields=["challenge", "title"], name="one_checkpoint_per_title"),
        ]
        indexes = [models.Index(fields=["due_on", "closes_on"])]

    def __str__(self):
        return self.title

    def is_open(self, today) -> bool:
        """`today` in the challenge's time zone."""
        return self.due_on <= today <= self.closes_on

    def asks(self, indicator: str) -> bool:
        return indicator in self.indicators


class FollowUpRequest(models.Model):
    """A checkpoint's question to one project's team, and the team's answer: asked once by the scheduled job,
    reminded at most twice, answered (and corrected) by any team member while the checkpoint is open."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="requests")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_up_requests")
    asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The answer; empty until a team member gives it.
    status = models.CharField(_("where the project is now"), max_length=12, choices=Outcome.choices, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    funding = models.DecimalField(
        _("funding obtained (S/)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    adopted_by = models.CharField(_("public body that adopted it"), max_length=200, blank=True)
    service_url = models.URLField(_("link to the deployed service"), blank=True)
    question_answer = models.TextField(_("answer to the organizers' question"), max_length=2000, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        ordering = ["checkpoint_id", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "project"], name="one_follow_up_per_checkpoint"),
            models.CheckConstraint(condition=models.Q(reminders_sent__lte=2), name="follow_up_reminded_twice_at_most"),
        ]
        indexes = [models.Index(fields=["checkpoint", "answered_at"])]

    def __str__(self):
        return f"{self.checkpoint} · {self.project}"
