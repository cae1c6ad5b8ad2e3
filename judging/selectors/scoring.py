"""Reads for jurors (their seats and reviews, the proposal as a juror may see it) and for the organizers' progress
page. Counts are aggregated in SQL; each read takes a fixed number of queries whatever the number of reviews."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet

from innovation_platform.core.pagination import page_of_known_size
from judging.models import (
    Assignment,
    AssignmentStatus,
    Juror,
    JurorStatus,
    ReviewTally,
    Round,
    RoundMethod,
    Score,
)
from judging.selectors.rounds import COUNTED_REVIEWS, with_review_counts
from judging.snapshots import ReviewCounts, RoundCounts, review_counts
from proposals.models import Proposal, ProposalMember
from proposals.selectors.proposals import proposal_answers, proposal_team


@dataclass
class Seat:
    juror: Juror
    round: Round
    total: int  # reviews to do and done (recusals left out)
    done: int
    to_do: int
    reviews: Page | None = None  # one page of them, to do first; None in a pairwise round


def juror_seats(user, *, seat: int | None = None, page=None, per_page: int = 25) -> list[Seat]:
    """The user's active seats, the latest round first, each with its counts and one page of its reviews, to do
    first: the page `page` of the seat whose juror id is `seat`, the first page of the others. Counts come from an
    index; a page of reviews walks the index on the juror's reviews by status, so a seat of thousands of reviews
    costs what a seat of twenty does (one query per seat)."""
    jurors = list(
        Juror.objects.filter(user=user, status=JurorStatus.ACTIVE)
        .select_related("round__challenge")
        .order_by("-round__ends_at", "pk")
    )
    # A grouped count rather than `with_review_counts`' four subqueries, whose building cost more than the page's SQL.
    counts = review_counts(Assignment.objects.filter(juror__in=jurors)) if jurors else {}
    seats = []
    for juror in jurors:
        count = counts.get(juror.pk, ReviewCounts())
        item = Seat(juror, juror.round, count.load, count.done, count.to_do)
        if juror.round.method == RoundMethod.RUBRIC:
            # Only what the list shows: loading each proposal and its call whole cost more than the rest of the page.
            reviews = (
                Assignment.objects.filter(juror=juror, status__in=COUNTED_REVIEWS)
                .select_related("proposal")
                .only("status", "proposal__title", "proposal__number", "proposal__challenge_id")
                .order_by("status", "proposal_id")  # "assigned" sorts before "submitted"
            )
            item.reviews = page_of_known_size(reviews, page if juror.pk == seat else 1, per_page, count=count.load)
            for review in item.reviews.object_list:
                review.proposal.challenge = juror.round.challenge  # every proposal of a round is its call's
        seats.append(item)
    return seats


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


def round_jury_progress(round_: Round, counts: RoundCounts) -> list[Juror]:
    """Every active juror with their reviews (`to_do`, `done`, `recused`, `load`, as `with_review_counts` names
    them, from the kept `counts_fresh`); those not finished first."""
    jurors = list(
        Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE).select_related("user").order_by("email")
    )
    for juror in jurors:
        count = counts.of(juror.pk)
        juror.to_do, juror.done, juror.recused, juror.load = count.to_do, count.done, count.recused, count.load
    return sorted(jurors, key=lambda juror: juror.done >= juror.load)


def round_proposal_progress(round_: Round, counts: RoundCounts, number, per_page: int) -> Page:
    """One page of the proposals in scope with their reviews assigned (not recused) and done, the least reviewed
    first, from the kept tallies of `counts_fresh`: each proposal has `assigned` and `done`."""
    tallies = (
        ReviewTally.objects.filter(round=round_)
        .select_related("proposal__challenge")
        .order_by("done", "assigned", "number")  # a number is unique in its call
    )
    page = page_of_known_size(tallies, number, per_page, count=counts.proposals)
    proposals = []
    for tally in page.object_list:
        tally.proposal.assigned, tally.proposal.done = tally.assigned, tally.done
        proposals.append(tally.proposal)
    page.object_list = proposals
    return page


def juror_rounds_due(user, *, limit: int, now) -> list[Juror]:
    """The person's active seats in rounds not yet over (the open ones first, then by end), at most `limit`, each
    with `to_do`, `done` and `load` as `with_review_counts` names them: one query whatever the number of reviews.
    Only the person's own reviews are counted."""
    return list(
        with_review_counts(Juror.objects.filter(user=user, status=JurorStatus.ACTIVE, round__ends_at__gt=now))
        .select_related("round__challenge")
        .order_by("round__starts_at", "round__ends_at", "pk")[:limit]
    )


def calls_review_progress(challenge_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(done, counted) reviews of each call's rubric rounds, recusals left out: one grouped query."""
    rows = (
        Assignment.objects.filter(round__challenge_id__in=challenge_ids, status__in=COUNTED_REVIEWS)
        .order_by()
        .values_list("round__challenge_id")
        .annotate(done=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)), counted=Count("pk"))
    )
    return {challenge_id: (done, counted) for challenge_id, done, counted in rows}
