"""Jury scoring: rounds, weighted criteria, jurors, conflicts, assignments, scores, pairwise
votes and the selection decisions.

The algorithms (assignment, aggregation, selection, the pairwise model) are pure functions in
their own modules; these models hold their inputs and the decisions people confirm.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.core.invitations.models import InvitationBase
from proposals.models import Proposal


class RoundMethod(models.TextChoices):
    RUBRIC = "rubric", _("Rubric scoring")
    PAIRWISE = "pairwise", _("Pairwise comparison (expo)")


class RoundScope(models.TextChoices):
    SUBMITTED = "submitted", _("Every submitted proposal")
    SHORTLIST = "shortlist", _("The proposals shortlisted by the previous round")


class TeamFeedback(models.TextChoices):
    NONE = "none", _("No feedback to the teams")
    WRITTEN = "written", _("The jurors' written feedback")
    WITH_SCORES = "scores", _("The jurors' written feedback and their scores per criterion")


class Round(models.Model):
    """One judging round of a challenge, e.g. preselection on documents or the demo-day final."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=RoundMethod.choices, default=RoundMethod.RUBRIC)
    scope = models.CharField(
        _("proposals in scope"), max_length=10, choices=RoundScope.choices, default=RoundScope.SUBMITTED
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("previous round")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reviews_per_proposal = models.PositiveSmallIntegerField(_("reviews per proposal (k)"), default=3)
    is_blind = models.BooleanField(_("blind review"), default=True, help_text=_("Jurors do not see who the team is."))
    # A public gallery names the teams: a juror could look a proposal's title up there during a blind round.
    hides_teams_publicly = models.BooleanField(
        _("hide team names from the public pages while it runs"),
        default=False,
        help_text=_(
            "For a blind round on a call whose proposals are public: the proposal pages and the API leave out the "
            "team and serve the documents without their authors' details until the round ends."
        ),
    )
    jurors_see_scores = models.BooleanField(
        _("jurors see each other's scores"), default=False, help_text=_("Only after submitting their own.")
    )
    same_lab_is_conflict = models.BooleanField(
        _("a juror's own lab is a conflict"),
        default=True,
        help_text=_("Jurors never review proposals whose team members belong to their lab."),
    )
    tie_break = models.ForeignKey(
        "Criterion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("tie-breaker")
    )
    # What teams read of the jurors' reviews once the results are published; may change later (see
    # judging.services.feedback).
    team_feedback = models.CharField(
        _("feedback to the teams"),
        max_length=10,
        choices=TeamFeedback.choices,
        default=TeamFeedback.NONE,
        help_text=_(
            "Teams read it on their proposal's page once the results are published, signed “Juror 1”, “Juror 2”…: "
            "never the jurors' names nor their comments for the organizers."
        ),
    )
    # Seeds the assignment's and the tie draw's randomness: published with the results.
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    criteria_locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        ordering = ["challenge", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="round_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(reviews_per_proposal__gte=1), name="round_needs_a_review"),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.DecimalField(_("lowest score"), max_digits=5, decimal_places=2, default=1)
    scale_max = models.DecimalField(_("highest score"), max_digits=5, decimal_places=2, default=5)
    step = models.DecimalField(_("step"), max_digits=5, decimal_places=2, default=1)
    counted = models.BooleanField(_("counts toward the total"), default=True, help_text=_("Otherwise shown only."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale"),
            models.CheckConstraint(condition=models.Q(step__gt=0), name="criterion_step"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight"),
        ]

    def __str__(self):
        return self.name


class JurorStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class Juror(InvitationBase):
    """A seat on a round's jury, invited by e-mail: the seat is its own invitation, active once accepted."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="jury_seats"
    )
    status = models.CharField(max_length=10, choices=JurorStatus.choices, default=JurorStatus.INVITED)
    max_load = models.PositiveSmallIntegerField(_("maximum load"), default=20)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    pending_status = JurorStatus.INVITED
    revoked_status = JurorStatus.REVOKED

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_seat_per_address"),
            models.UniqueConstraint(
                fields=["round", "user"], condition=models.Q(user__isnull=False), name="one_seat_per_person"
            ),
        ]

    def __str__(self):
        return str(self.user or self.email)


class ConflictKind(models.TextChoices):
    TEAM = "team", _("Belongs to the team or applied to it")
    SAME_LAB = "same_lab", _("A team member belongs to the juror's lab")
    DECLARED = "declared", _("Declared by the juror")


class Conflict(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ConflictKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["juror", "proposal"], name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.juror} × {self.proposal}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("To do")
    SUBMITTED = "submitted", _("Done")
    RECUSED = "recused", _("Recused")


class Assignment(models.Model):
    """One juror's review of one proposal in a round: their scores, comment and feedback."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED)
    is_calibration = models.BooleanField(default=False)
    comment = models.TextField(_("comment for the organizers"), blank=True)
    feedback = models.TextField(_("feedback for the team"), blank=True)
    recusal_reason = models.TextField(_("reason for recusing"), blank=True)
    # Optimistic check for flaky connections: a retried save names the revision it started from.
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "juror", "pk"]
        constraints = [models.UniqueConstraint(fields=["juror", "proposal"], name="one_review_per_juror")]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["round", "proposal"]),
            # A juror's reviews page by page, to do first, and their counts by status from the index alone.
            models.Index(fields=["juror", "status", "proposal"], name="judging_assignment_juror_todo"),
        ]

    def __str__(self):
        return f"{self.juror} → {self.proposal}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class PairwiseItem(models.Model):
    """A project's belief in a pairwise round: mean quality and its uncertainty."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairwise_items")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    mu = models.FloatField(default=0.0)
    sigma_sq = models.FloatField(default=1.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "proposal"], name="one_belief_per_project")]

    def __str__(self):
        return f"{self.proposal}: {self.mu:.2f} ± {self.sigma_sq:.2f}"


class PairwiseJudge(models.Model):
    """A juror's state in a pairwise round: their reliability and where they are now."""

    juror = models.OneToOneField(Juror, on_delete=models.CASCADE, related_name="pairwise")
    alpha = models.FloatField(default=10.0)
    beta = models.FloatField(default=1.0)
    current = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seen = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.juror)


class PairwiseVote(models.Model):
    """ "The current project is better (or worse) than the previous one", with the beliefs it
    replaced, so the juror's last vote can be undone exactly."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairwise_votes")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="pairwise_votes")
    winner = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    loser = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    before = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["round", "juror", "-created_at"])]

    def __str__(self):
        return f"{self.winner} > {self.loser}"


class Decision(models.TextChoices):
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlist")
    NOT_SELECTED = "not_selected", _("Not selected")


class SelectionDecision(models.Model):
    """The organizers' decision on one proposal after a round: pending until confirmed, then
    applied to the proposal's status and sent to the team."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=14, choices=Decision.choices)
    rank = models.PositiveIntegerField(null=True, blank=True)
    waitlist_position = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(_("feedback for the team"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")
        ordering = ["round", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "proposal"], name="one_decision_per_round")]
        # "Anything pending? anything confirmed?" from the index, however many decisions (the results page).
        indexes = [models.Index(fields=["round", "confirmed_at"], name="judging_decision_confirmed")]

    def __str__(self):
        return f"{self.proposal}: {self.get_decision_display()}"


class RoundSnapshot(models.Model):
    """What the round's pages show that costs a pass over all its reviews, kept instead of recomputed per request.

    `version` goes up in the same transaction as every change to the round's assignments, scores, criteria or
    ranking settings (`judging.snapshots.round_changed`). Each kept figure records the version it was computed
    from; a read that finds an older one computes it again first (see `judging.snapshots`), so a page never shows
    a figure older than the last committed change, and a burst of reviews costs one recomputation, on the next read.
    """

    round = models.OneToOneField(Round, on_delete=models.CASCADE, primary_key=True, related_name="snapshot")
    version = models.PositiveIntegerField(default=0)
    # Reviews per juror and the proposals in the round's scope with theirs (see `judging.snapshots.counts_fresh`).
    counts_version = models.PositiveIntegerField(null=True)
    counts = models.JSONField(default=dict)
    # The ranking's summary (see `judging.snapshots.RankingSummary`); one RankingRow per ranked proposal.
    ranking_version = models.PositiveIntegerField(null=True)
    ranking = models.JSONField(default=dict)
    # Goes up in the same transaction as every change to the round's selection decisions (proposed, changed,
    # confirmed: `judging.snapshots.decisions_changed`); the results page keeps its rows under it.
    decisions_version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.round} v{self.version}"


class ReviewTally(models.Model):
    """A proposal in the round's scope with its reviews counted (assigned, not recused, and done), kept for the
    progress page's "least reviewed first" (see `judging.snapshots`)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(null=True)  # the proposal's, to order by without a join
    assigned = models.PositiveIntegerField()
    done = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "proposal"], name="one_tally_per_proposal")]
        indexes = [models.Index(fields=["round", "done", "assigned", "number"], name="judging_tally_least_reviewed")]

    def __str__(self):
        return f"{self.proposal}: {self.done}/{self.assigned}"


class RankingRow(models.Model):
    """One proposal's place in the kept ranking of a round: `judging.aggregation.ProposalResult` as JSON."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()  # the normalised rank's position, 1-based
    result = models.JSONField()

    class Meta:
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "position"], name="one_proposal_per_position")]

    def __str__(self):
        return f"{self.position}. {self.proposal}"
