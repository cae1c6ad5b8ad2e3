"""Every review of a round as rows for its organizers' export: the juror, one column per criterion of the round,
the comment for the organizers, the feedback for the team, and recusals with their reasons.

Reviews are read in chunks, each with its scores prefetched, so a round of 10,000 reviews streams in constant
memory (the files themselves are written by innovation_platform.core.exports).
"""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from innovation_platform.core.exports import export_response
from judging.models import Assignment, AssignmentStatus, Criterion, Round, Score

CHUNK = 500


def _verbose(name: str) -> str:
    return str(Assignment._meta.get_field(name).verbose_name).capitalize()


def review_export_header(criteria: list[Criterion]) -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Juror"),
        _("Status"),
        _("Calibration"),
        _("Submitted"),
        *(criterion.name for criterion in criteria),
        _verbose("comment"),
        _verbose("feedback"),
        _verbose("recusal_reason"),
    ]


def review_export_rows(round_: Round, criteria: list[Criterion]) -> Iterator[list]:
    """One row per review of the round, by proposal then juror. Scores, comment and feedback are those of
    submitted reviews only: a review still to do holds a juror's unfinished thoughts, not their judgement."""
    reviews = (
        Assignment.objects.filter(round=round_)
        .select_related("proposal__challenge", "juror__user")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.filter(assignment__status=AssignmentStatus.SUBMITTED).only(
                    "assignment_id", "criterion_id", "value"
                ),
            )
        )
        .order_by("proposal__number", "proposal_id", "juror_id", "pk")
    )
    for review in reviews.iterator(chunk_size=CHUNK):
        submitted = review.status == AssignmentStatus.SUBMITTED
        scores = {score.criterion_id: score.value for score in review.scores.all()}
        juror = review.juror
        yield [
            review.proposal.reference,
            review.proposal.title,
            str(juror.user) if juror.user else juror.email,
            review.get_status_display(),
            review.is_calibration,
            review.submitted_at,
            *(scores.get(criterion.pk) for criterion in criteria),
            review.comment if submitted else "",
            review.feedback if submitted else "",
            review.recusal_reason,
        ]


def reviews_export_response(round_: Round, fmt: str):
    """Every review of the round, one column per criterion, as CSV or XLSX: the results page's and the API's."""
    criteria = list(round_.criteria.all())
    return export_response(
        fmt,
        f"round-{round_.pk}-reviews",
        review_export_header(criteria),
        review_export_rows(round_, criteria),
        sheet=_("Reviews"),  # not the round's name: a sheet's name may not hold / or :
    )
