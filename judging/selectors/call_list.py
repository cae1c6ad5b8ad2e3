"""What judging adds to the organizers' list of a call's proposals: review progress and the mean normalised score,
as columns, and a filter."""

from django.db.models import F, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.core.aggregates import subquery_aggregate
from judging.models import Assignment, AssignmentStatus, RankingRow, Round, RoundMethod, Score
from judging.selectors.results import ranking_fresh
from proposals.selectors.console import Column, Contribution, ListFilter

NO_REVIEWS, IN_PROGRESS, REVIEWED = "none", "in_progress", "reviewed"


def _count(status_filter: Q):
    return subquery_aggregate(Assignment.objects.filter(status_filter, proposal=OuterRef("pk"), is_calibration=False))


def _assigned():
    return _count(Q(status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED]))


def _done():
    return _count(Q(status=AssignmentStatus.SUBMITTED))


def _latest_score():
    """The proposal's mean normalised score in the last rubric round that ranked it, from the kept ranking."""
    rows = RankingRow.objects.filter(
        proposal=OuterRef("pk"), round__challenge=OuterRef("challenge"), round__method=RoundMethod.RUBRIC
    ).order_by("-round__position", "-round")
    return Subquery(rows.values(score=Cast(KT("result__normalised"), FloatField()))[:1])


def with_review_progress(proposals: QuerySet) -> QuerySet:
    return proposals.annotate(reviews_assigned=_assigned(), reviews_done=_done(), normalised_score=_latest_score())


def rankings_fresh(challenge: Challenge) -> None:
    """The call's kept rubric rankings brought up to date (one query each when nothing changed since), so that the
    score column reads every committed review."""
    for round_ in Round.objects.filter(challenge=challenge, method=RoundMethod.RUBRIC):
        ranking_fresh(round_)


def rounds_version(challenge: Challenge) -> tuple:
    """What the columns and the filter read moves with: the call's rounds (which one ranks last) and each one's
    snapshot version, bumped in the transaction of every assignment, review, score and criterion change."""
    rounds = Round.objects.filter(challenge=challenge).order_by("pk")
    return tuple(rounds.values_list("pk", "position", "method", "snapshot__version"))


def score_cell(proposal) -> str:
    return "" if proposal.normalised_score is None else number_format(proposal.normalised_score, 2)


def by_review_progress(proposals: QuerySet, value: str) -> QuerySet:
    counted = proposals.annotate(assigned_count=_assigned(), done_count=_done())
    if value == NO_REVIEWS:
        return counted.filter(assigned_count=0)
    if value == IN_PROGRESS:
        return counted.filter(assigned_count__gt=0, done_count__lt=F("assigned_count"))
    if value == REVIEWED:
        return counted.filter(assigned_count__gt=0, done_count=F("assigned_count"))
    return proposals


def proposal_reviews_panel(proposal) -> tuple[str, dict]:
    """Every review of the proposal, in every round: the juror, the scores, the comment for the organizers and
    the feedback for the team, or the reason for recusing."""
    reviews = (
        Assignment.objects.filter(proposal=proposal, is_calibration=False)
        .select_related("round", "juror__user")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by("criterion__position", "criterion__pk"),
            )
        )
        .order_by("round__pk", "juror__pk")
    )
    return "judging/console/proposal_reviews.html", {"reviews": reviews}


REVIEW_PROGRESS = Contribution(
    columns=(
        Column(
            "reviews",
            _("Reviews done"),
            "reviews_done",
            lambda proposal: f"{proposal.reviews_done}/{proposal.reviews_assigned}",
        ),
        Column("score", _("Score (normalised, 0–100)"), "normalised_score", score_cell),
    ),
    filters=(
        ListFilter(
            "reviews",
            _("Review progress"),
            [
                (NO_REVIEWS, _("No juror assigned")),
                (IN_PROGRESS, _("Reviews pending")),
                (REVIEWED, _("All reviews done")),
            ],
            by_review_progress,
        ),
    ),
    annotate=with_review_progress,
    prepare=rankings_fresh,
    version=rounds_version,
)
