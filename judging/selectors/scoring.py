"""Reads for jurors (their seats and reviews, the proposal as a juror may see it) and for the organizers' progress
page. Counts are aggregated in SQL; each read takes a fixed number of queries whatever the number of reviews."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from judging.models import Assignment, AssignmentStatus, Juror, JurorStatus, Round, RoundMethod, Score
from judging.selectors.rounds import COUNTED_REVIEWS, proposals_in_scope, with_review_counts
from proposals.models import Proposal, ProposalMember
from proposals.selectors.proposals import proposal_answers, proposal_team


@dataclass
class Seat:
    juror: Juror
    round: Round
    total: int
    done: int
    assignments: list[Assignment] = field(default_factory=list)


def juror_seats(user) -> list[Seat]:
    """The user's active seats, the latest round first, each with its progress and reviews (to do first)."""
    jurors = list(
        with_review_counts(Juror.objects.filter(user=user, status=JurorStatus.ACTIVE))
        .select_related("round__challenge")
        .order_by("-round__ends_at", "pk")
    )
    seats = {juror.pk: Seat(juror, juror.round, juror.load, juror.done) for juror in jurors}
    reviews = (
        Assignment.objects.filter(juror__in=list(seats), round__method=RoundMethod.RUBRIC)
        .exclude(status=AssignmentStatus.RECUSED)
        .select_related("proposal__challenge")
        .order_by("status", "proposal__number", "pk")  # "assigned" sorts before "submitted"
    )
    for assignment in reviews:
        seats[assignment.juror_id].assignments.append(assignment)
    return list(seats.values())


def my_assignments(user) -> QuerySet[Assignment]:
    """Every review of the user's active seats, for the API."""
    return (
        Assignment.objects.filter(juror__user=user, juror__status=JurorStatus.ACTIVE)
        .select_related("round", "proposal__challenge")
        .order_by("-round__ends_at", "status", "proposal__number", "pk")
    )


def assignment_for_review(pk: int) -> Assignment:
    """An assignment with the proposal and everything the scoring page shows, in a fixed number of queries."""
    return (
        Assignment.objects.select_related("round__challenge__lab", "juror__user", "proposal__challenge")
        .prefetch_related(
            "proposal__tags",
            "proposal__images",
            "proposal__answers",
            "proposal__challenge__questions",
            "proposal__attachments",
            Prefetch("proposal__members", queryset=ProposalMember.objects.select_related("user__profile")),
            Prefetch("round__criteria"),
            "scores",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class ProposalForReview:
    """The proposal as its reviewer sees it: in a blind round without identities, contacts or documents."""

    proposal: Proposal
    blind: bool
    team: list[dict]
    answers: list[dict]
    images: list
    attachments: list


def proposal_for_review(assignment: Assignment) -> ProposalForReview:
    """Private answers are never shown to jurors; in a blind round file answers and attachments are left out too,
    since documents can name their authors (images are kept: their EXIF is stripped on upload)."""
    proposal = assignment.proposal
    blind = assignment.round.is_blind
    answers = proposal_answers(proposal, private=False)
    if blind:
        answers = [row for row in answers if not row["file_answer"]]
    return ProposalForReview(
        proposal=proposal,
        blind=blind,
        team=[] if blind else proposal_team(proposal),
        answers=answers,
        images=list(proposal.images.all()),
        attachments=[] if blind else list(proposal.attachments.all()),
    )


def review_values(assignment: Assignment) -> dict[int, Decimal]:
    """criterion id → the stored score (uses prefetched scores)."""
    return {score.criterion_id: score.value for score in assignment.scores.all()}


@dataclass(frozen=True)
class OtherReview:
    label: str
    values: dict[int, Decimal]


def other_reviews(assignment: Assignment) -> list[OtherReview]:
    """The other jurors' submitted scores on the same proposal, labelled by number only."""
    others = (
        Assignment.objects.filter(
            round_id=assignment.round_id, proposal_id=assignment.proposal_id, status=AssignmentStatus.SUBMITTED
        )
        .exclude(pk=assignment.pk)
        .order_by("pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion_id")))
    )
    return [
        OtherReview(str(number), {score.criterion_id: score.value for score in other.scores.all()})
        for number, other in enumerate(others, start=1)
    ]


def round_jury_progress(round_: Round) -> list[Juror]:
    """Every active juror with their reviews (see `with_review_counts`); those not finished first."""
    jurors = (
        with_review_counts(Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE))
        .select_related("user")
        .order_by("email")
    )
    return sorted(jurors, key=lambda juror: juror.done >= juror.load)


def round_proposal_progress(round_: Round) -> QuerySet[Proposal]:
    """The proposals in scope with their reviews assigned (not recused) and done; the least reviewed first."""
    in_round = Q(assignments__round=round_)
    return (
        proposals_in_scope(round_)
        .select_related("challenge")
        .annotate(
            assigned=Count("assignments", filter=in_round & Q(assignments__status__in=COUNTED_REVIEWS)),
            done=Count("assignments", filter=in_round & Q(assignments__status=AssignmentStatus.SUBMITTED)),
        )
        .order_by("done", "assigned", "number", "pk")
    )
