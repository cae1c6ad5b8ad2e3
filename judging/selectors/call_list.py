"""What judging adds to the organizers' list of a call's proposals: review progress, as columns and a filter."""

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from innovation_platform.core.aggregates import subquery_aggregate
from judging.models import Assignment, AssignmentStatus, Score
from proposals.selectors.console import Column, Contribution, ListFilter

NO_REVIEWS, IN_PROGRESS, REVIEWED = "none", "in_progress", "reviewed"


def _count(status_filter: Q):
    return subquery_aggregate(Assignment.objects.filter(status_filter, proposal=OuterRef("pk"), is_calibration=False))


def _assigned():
    return _count(Q(status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED]))


def _done():
    return _count(Q(status=AssignmentStatus.SUBMITTED))


def with_review_progress(proposals: QuerySet) -> QuerySet:
    return proposals.annotate(reviews_assigned=_assigned(), reviews_done=_done())


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
)
