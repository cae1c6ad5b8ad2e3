"""Reads of a pairwise (expo) round: the proposals in play, a juror's walk and the organizers' live board."""

import math
from dataclasses import dataclass

from django.db.models import Count, Q

from judging.models import (
    Conflict,
    Juror,
    JurorStatus,
    PairwiseItem,
    PairwiseJudge,
    PairwiseVote,
    Round,
)
from judging.pairwise import ItemBelief, ranking
from judging.selectors.results import pseudonym
from proposals.models import IN_THE_CALL


def item_beliefs(round_: Round) -> dict[int, ItemBelief]:
    """The belief on every project still in the call, by proposal id (withdrawn projects drop out)."""
    rows = PairwiseItem.objects.filter(round=round_, proposal__status__in=IN_THE_CALL).values_list(
        "proposal_id", "mu", "sigma_sq"
    )
    return {proposal_id: ItemBelief(mu, sigma_sq) for proposal_id, mu, sigma_sq in rows}


def unavailable_to(round_: Round, judge: PairwiseJudge) -> set[int]:
    """Projects the juror must not be sent to: where another juror of the round stands, and their conflicts."""
    elsewhere = (
        PairwiseJudge.objects.filter(juror__round=round_, juror__status=JurorStatus.ACTIVE, current__isnull=False)
        .exclude(pk=judge.pk)
        .values_list("current_id", flat=True)
    )
    conflicted = Conflict.objects.filter(juror_id=judge.juror_id).values_list("proposal_id", flat=True)
    return set(elsewhere) | set(conflicted)


@dataclass(frozen=True)
class ExpoPage:
    juror: Juror
    judge: PairwiseJudge | None
    last_vote: PairwiseVote | None  # the vote "Undo" takes back
    votes: int
    projects: int


def expo_page(round_: Round, juror: Juror) -> ExpoPage:
    """What a juror's phone shows: where to go now, where they come from, and their last vote. Four queries."""
    judge = (
        PairwiseJudge.objects.filter(juror=juror).select_related("current__challenge", "previous__challenge").first()
    )
    votes = PairwiseVote.objects.filter(round=round_, juror=juror, undone_at__isnull=True)
    return ExpoPage(
        juror=juror,
        judge=judge,
        last_vote=votes.select_related("winner", "loser").order_by("-pk").first(),
        votes=votes.count(),
        projects=PairwiseItem.objects.filter(round=round_).count(),
    )


@dataclass(frozen=True)
class BoardRow:
    position: int
    proposal_id: int
    reference: str
    title: str
    mu: float
    sigma: float
    votes: int
    # The bar mu ± sigma on a 0-100 scale shared by every row.
    bar_start: float
    bar_width: float
    mark: float


@dataclass(frozen=True)
class BoardJuror:
    pk: int
    name: str
    pseudonym: str
    votes: int
    current: str  # the project's reference and title, or ""


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    jurors: list[BoardJuror]
    votes: int


def expo_board(round_: Round) -> Board:
    """The ranking by mean quality with its uncertainty, vote counts, and where each juror is. Four queries."""
    prefix = round_.challenge.reference_prefix
    items = {
        proposal_id: (number, title, ItemBelief(mu, sigma_sq))
        for proposal_id, number, title, mu, sigma_sq in PairwiseItem.objects.filter(
            round=round_, proposal__status__in=IN_THE_CALL
        ).values_list("proposal_id", "proposal__number", "proposal__title", "mu", "sigma_sq")
    }
    counted = PairwiseVote.objects.filter(round=round_, undone_at__isnull=True)
    votes: dict[int, int] = {}
    for side in ("winner_id", "loser_id"):
        for proposal_id, count in counted.values_list(side).annotate(count=Count("pk")).order_by():
            votes[proposal_id] = votes.get(proposal_id, 0) + count
    ranked = ranking({pk: belief for pk, (_, _, belief) in items.items()})
    low = min((mu - math.sqrt(sigma_sq) for _, mu, sigma_sq in ranked), default=0.0)
    high = max((mu + math.sqrt(sigma_sq) for _, mu, sigma_sq in ranked), default=1.0)
    span = (high - low) or 1.0

    def scale(value: float) -> float:
        return round(100 * (value - low) / span, 2)

    rows = []
    for position, (proposal_id, mu, sigma_sq) in enumerate(ranked, start=1):
        number, title, _ = items[proposal_id]
        sigma = math.sqrt(sigma_sq)
        rows.append(
            BoardRow(
                position=position,
                proposal_id=proposal_id,
                reference=f"{prefix}-{number:04d}" if number else "",
                title=title,
                mu=mu,
                sigma=sigma,
                votes=votes.get(proposal_id, 0),
                bar_start=scale(mu - sigma),
                bar_width=round(scale(mu + sigma) - scale(mu - sigma), 2),
                mark=scale(mu),
            )
        )
    jurors = (
        Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE)
        .select_related("user", "pairwise__current")
        .annotate(votes=Count("pairwise_votes", filter=Q(pairwise_votes__undone_at__isnull=True)))
        .order_by("pk")
    )
    board_jurors = []
    for index, juror in enumerate(jurors):
        judge = getattr(juror, "pairwise", None)
        current = judge.current if judge else None
        where = f"{prefix}-{current.number:04d} {current.title}" if current and current.number else ""
        board_jurors.append(
            BoardJuror(
                pk=juror.pk,
                name=(juror.user.full_name or juror.user.email) if juror.user else juror.email,
                pseudonym=pseudonym(index),
                votes=juror.votes,
                current=where or (current.title if current else ""),
            )
        )
    return Board(rows=rows, jurors=board_jurors, votes=sum(votes.values()) // 2)
