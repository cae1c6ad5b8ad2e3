"""What teams read of the jurors' reviews once the organizers release it (`Round.team_feedback`): for each published
round, every submitted review's feedback for the team and, when the round says so, its scores per criterion.

Jurors are signed "Juror 1", "Juror 2"…: numbered per proposal and round in the order of their seats, so a juror
keeps their number on every reading and no number follows a juror from one proposal to another. Nothing here holds
a juror's name, seat or comment for the organizers, whatever the round's blindness.
"""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Prefetch

from judging.models import Assignment, AssignmentStatus, Round, Score, TeamFeedback
from proposals.models import Proposal


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    value: Decimal
    scale_max: Decimal


@dataclass(frozen=True)
class JurorFeedback:
    number: int  # "Juror 1", "Juror 2"…
    text: str
    scores: list[CriterionScore]  # empty unless the round releases the scores


@dataclass(frozen=True)
class RoundFeedback:
    round_id: int
    round_name: str
    with_scores: bool
    reviews: list[JurorFeedback]


def _released(**filters) -> dict[tuple[int, int], RoundFeedback]:
    """(round id, proposal id) → the feedback released on the proposal in that round, rounds in their order.

    Two queries: the reviews with their rounds, and their scores. A review with nothing to show (no text, and the
    scores not released) is left out and takes no number.
    """
    reviews = (
        Assignment.objects.filter(
            status=AssignmentStatus.SUBMITTED,
            is_calibration=False,
            round__results_published_at__isnull=False,
            **filters,
        )
        .exclude(round__team_feedback=TeamFeedback.NONE)
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by("criterion__position", "criterion__pk"),
            )
        )
        .order_by("round__position", "round__pk", "proposal_id", "juror_id", "pk")
    )
    released = {}
    for (round_, proposal_id), group in groupby(reviews, key=lambda review: (review.round, review.proposal_id)):
        with_scores = round_.team_feedback == TeamFeedback.WITH_SCORES
        shown = [review for review in group if with_scores or review.feedback.strip()]
        if not shown:
            continue
        released[round_.pk, proposal_id] = RoundFeedback(
            round_id=round_.pk,
            round_name=round_.name,
            with_scores=with_scores,
            reviews=[
                JurorFeedback(
                    number=number,
                    text=review.feedback.strip(),
                    scores=[
                        CriterionScore(score.criterion.name, score.value, score.criterion.scale_max)
                        for score in review.scores.all()
                    ]
                    if with_scores
                    else [],
                )
                for number, review in enumerate(shown, start=1)
            ],
        )
    return released


def proposal_team_feedback(proposal: Proposal, *, round_: Round | None = None) -> list[RoundFeedback]:
    """The feedback released on `proposal`, per published round in order (only `round_`'s when given)."""
    filters = {"proposal": proposal} | ({"round": round_} if round_ is not None else {})
    return list(_released(**filters).values())


def round_team_feedback(round_: Round) -> dict[int, RoundFeedback]:
    """Proposal id → the feedback the round releases on it (empty until the round is published with feedback)."""
    return {proposal_id: feedback for (_round, proposal_id), feedback in _released(round=round_).items()}


def team_feedback_panel(proposal: Proposal) -> tuple[str, dict] | None:
    """The panel of the proposal's page that shows its team the released feedback (see `proposals.selectors.panels`)."""
    rounds = proposal_team_feedback(proposal)
    return ("judging/feedback/proposal_panel.html", {"rounds": rounds}) if rounds else None
