"""Jury scores of a round: review totals, raw and normalised proposal scores, spread, and rankings with explicit ties.

Pure and ORM-free: the judging services load reviews and criteria, call `aggregate`, and store or show its result.
Everything is deterministic for the same inputs and seed.

Method, in the order it is applied:

1. **Review total.** Each counted criterion's score is placed on 0..1 by ``(score - min) / (max - min)``; the total
   is the weighted mean of those, times 100. Every review therefore lands on one 0-100 scale whatever the criteria
   scales are, and multiplying all weights by the same factor changes nothing. Criteria shown but not counted are
   ignored here (one of them may still serve as the tie-breaker).
2. **Raw scores.** Per proposal, the mean and the median of its review totals.
3. **Normalised scores.** A strict juror and a lenient one disagree on level, not necessarily on order, so each
   juror's totals become z-scores ``(total - juror mean) / juror sample sd`` and are mapped back to the 0-100 scale as
   ``M + z * S``, where M and S are the mean and the sample sd of all review totals of the round. A juror with fewer
   than ``min_reviews`` reviews (their mean and sd say little) or with zero variance (z is undefined) keeps the raw
   totals instead; `JurorNote.fallback` says which and why. A proposal's normalised score is the mean of its
   reviews' normalised values.
4. **Spread.** Max minus min of a proposal's review totals, in points of the 0-100 scale: what the results page can
   show as "the reviewers differed by 35 points". Above ``disagreement`` (30 points by default, almost a third of
   the scale) the proposal is flagged for a discussion.
5. **Ranks.** Computed twice, on the raw mean and on the normalised score. Scores within ``tolerance`` of each other
   share a tie group (the transitive closure, so a run of close scores is one group). Inside a group the order comes
   first from the tie-breaker criterion's mean (higher first, if one is given) and then from a published draw:
   ``random.Random(seed).shuffle`` of all proposal ids in ascending order gives each proposal a draw number, lower
   first. Anyone can redo the draw from the seed; each placement records which rule decided it.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

DEFAULT_MIN_REVIEWS = 3
DEFAULT_DISAGREEMENT = 30.0
DEFAULT_TOLERANCE = 1e-6
# A juror's totals whose sample sd is below this (in points) count as constant: z would only amplify rounding.
ZERO_VARIANCE = 1e-9
SCALE = 100.0


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: float
    min: float
    max: float
    counted: bool = True


@dataclass(frozen=True)
class Review:
    juror_id: int
    proposal_id: int
    scores: dict[int, float]


class Fallback(StrEnum):
    TOO_FEW_REVIEWS = "too_few_reviews"
    ZERO_VARIANCE = "zero_variance"


class TieBreak(StrEnum):
    NONE = "none"  # not tied
    CRITERION = "criterion"  # placed by the tie-breaker criterion's mean
    DRAW = "draw"  # placed by the seeded draw


@dataclass(frozen=True)
class JurorNote:
    juror_id: int
    reviews: int
    mean: float
    sd: float  # sample sd of the juror's totals; nan with a single review
    fallback: Fallback | None  # None: the juror's reviews are normalised


@dataclass(frozen=True)
class Placement:
    position: int  # 1-based, unique: the order after breaking ties
    tie_group: int  # position of the group's first member: shared by tied proposals ("=3")
    tied: int  # size of the tie group (1: not tied)
    broken_by: TieBreak


@dataclass(frozen=True)
class ProposalResult:
    proposal_id: int
    reviews: int
    raw_mean: float
    raw_median: float
    normalised: float
    spread: float
    disagreement: bool
    tie_break_mean: float | None
    draw: int
    raw_rank: Placement
    normalised_rank: Placement


@dataclass(frozen=True)
class RoundResults:
    proposals: tuple[ProposalResult, ...]  # by normalised position
    jurors: tuple[JurorNote, ...]  # by juror id
    overall_mean: float  # M of the mapping back to the scale
    overall_sd: float  # S of the mapping back to the scale
    seed: int

    def by_raw(self) -> list[ProposalResult]:
        return sorted(self.proposals, key=lambda row: row.raw_rank.position)

    @property
    def fallbacks(self) -> tuple[JurorNote, ...]:
        return tuple(note for note in self.jurors if note.fallback is not None)


def review_totals(reviews: Sequence[Review], criteria: Iterable[Criterion]) -> np.ndarray:
    """Each review's weighted total on 0-100 (method step 1). Raises ValueError on a missing or out-of-range score."""
    counted = [criterion for criterion in criteria if criterion.counted]
    if not counted:
        raise ValueError("No counted criterion.")
    weights = np.array([criterion.weight for criterion in counted], dtype=float)
    if (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("Weights must be non-negative with a positive sum.")
    lows = np.array([criterion.min for criterion in counted], dtype=float)
    highs = np.array([criterion.max for criterion in counted], dtype=float)
    if (highs <= lows).any():
        raise ValueError("Every criterion needs max > min.")
    scores = _scores(reviews, [criterion.id for criterion in counted])
    if ((scores < lows) | (scores > highs)).any():
        raise ValueError("A score lies outside its criterion's scale.")
    return (scores - lows) / (highs - lows) @ (weights / weights.sum()) * SCALE


def aggregate(
    reviews: Sequence[Review],
    criteria: Sequence[Criterion],
    *,
    min_reviews: int = DEFAULT_MIN_REVIEWS,
    disagreement: float = DEFAULT_DISAGREEMENT,
    tie_break_criterion: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    seed: int = 0,
) -> RoundResults:
    """Scores, spread, flags and both rankings of every reviewed proposal of a round (see the module docstring)."""
    if min_reviews < 2:
        raise ValueError("min_reviews must be at least 2: a sample sd needs two reviews.")
    if not reviews:
        return RoundResults(proposals=(), jurors=(), overall_mean=float("nan"), overall_sd=float("nan"), seed=seed)
    totals = review_totals(reviews, criteria)
    juror_ids, juror_of = np.unique(np.fromiter((r.juror_id for r in reviews), dtype=np.int64), return_inverse=True)
    proposal_ids, proposal_of = np.unique(
        np.fromiter((r.proposal_id for r in reviews), dtype=np.int64), return_inverse=True
    )

    juror_count, juror_mean, juror_sd = _group_stats(totals, juror_of, len(juror_ids))
    too_few = juror_count < min_reviews
    flat = ~too_few & (juror_sd < ZERO_VARIANCE)
    normalised_juror = ~too_few & ~flat
    overall_mean = float(totals.mean())
    overall_sd = float(totals.std(ddof=1)) if len(totals) > 1 else float("nan")
    z = (totals - juror_mean[juror_of]) / np.where(normalised_juror, juror_sd, 1.0)[juror_of]
    mapped = np.where(normalised_juror[juror_of], overall_mean + z * overall_sd, totals)

    count, raw_mean, _ = _group_stats(totals, proposal_of, len(proposal_ids))
    normalised = np.bincount(proposal_of, weights=mapped, minlength=len(proposal_ids)) / count
    median, spread = _median_and_range(totals, proposal_of, count)
    draw = _draw_numbers(proposal_ids, seed)
    if tie_break_criterion is None:
        tie_mean = None
    else:
        criterion_scores = _scores(reviews, [tie_break_criterion])[:, 0]
        tie_mean = np.bincount(proposal_of, weights=criterion_scores, minlength=len(proposal_ids)) / count
    raw_rank = rank(raw_mean, tie_mean, draw, tolerance=tolerance)
    normalised_rank = rank(normalised, tie_mean, draw, tolerance=tolerance)

    rows = [
        ProposalResult(
            proposal_id=int(proposal_ids[i]),
            reviews=int(count[i]),
            raw_mean=float(raw_mean[i]),
            raw_median=float(median[i]),
            normalised=float(normalised[i]),
            spread=float(spread[i]),
            disagreement=bool(spread[i] > disagreement),
            tie_break_mean=None if tie_mean is None else float(tie_mean[i]),
            draw=int(draw[i]),
            raw_rank=raw_rank[i],
            normalised_rank=normalised_rank[i],
        )
        for i in range(len(proposal_ids))
    ]
    rows.sort(key=lambda row: row.normalised_rank.position)
    notes = tuple(
        JurorNote(
            juror_id=int(juror_ids[j]),
            reviews=int(juror_count[j]),
            mean=float(juror_mean[j]),
            sd=float(juror_sd[j]),
            fallback=Fallback.TOO_FEW_REVIEWS if too_few[j] else Fallback.ZERO_VARIANCE if flat[j] else None,
        )
        for j in range(len(juror_ids))
    )
    return RoundResults(
        proposals=tuple(rows), jurors=notes, overall_mean=overall_mean, overall_sd=overall_sd, seed=seed
    )


def rank(
    scores: np.ndarray, tie_means: np.ndarray | None, draw: np.ndarray, *, tolerance: float = DEFAULT_TOLERANCE
) -> list[Placement]:
    """Placements of `scores` (higher first), aligned with the input.

    Sorted scores whose consecutive gap is at most `tolerance` form a tie group. Inside a group the tie-breaker means
    (higher first) order the members, with means within `tolerance` of each other again a group; what is still tied
    goes by `draw` (lower first). `broken_by` is CRITERION for a member whose mean sets it apart in its group, DRAW
    for one placed by the draw.
    """
    n = len(scores)
    by_score = np.lexsort((draw, -scores))
    new_group = np.concatenate(([True], -np.diff(scores[by_score]) > tolerance))
    group = np.empty(n, dtype=np.int64)
    group[by_score] = np.cumsum(new_group) - 1
    means = np.zeros(n) if tie_means is None else tie_means
    order = np.lexsort((draw, -means, group))
    group_sorted = group[order]
    group_first = np.flatnonzero(np.concatenate(([True], np.diff(group_sorted) != 0)))
    tie_group = group_first[group_sorted] + 1
    tied = np.diff(np.append(group_first, n))[group_sorted]
    new_subgroup = np.concatenate(([True], (np.diff(group_sorted) != 0) | (-np.diff(means[order]) > tolerance)))
    subgroup = np.cumsum(new_subgroup) - 1
    drawn = np.bincount(subgroup)[subgroup] > 1
    broken_by = np.where(drawn, 2, np.where(tied > 1, 1, 0))
    kinds = (TieBreak.NONE, TieBreak.CRITERION, TieBreak.DRAW)
    placements: list[Placement | None] = [None] * n
    for position, (index, first, size, kind) in enumerate(
        zip(order.tolist(), tie_group.tolist(), tied.tolist(), broken_by.tolist(), strict=True), start=1
    ):
        placements[index] = Placement(position, first, size, kinds[kind])
    return placements


def _scores(reviews: Sequence[Review], criterion_ids: Sequence[int]) -> np.ndarray:
    try:
        flat = [review.scores[criterion_id] for review in reviews for criterion_id in criterion_ids]
    except KeyError as missing:
        raise ValueError(f"A review has no score for criterion {missing}.") from None
    return np.array(flat, dtype=float).reshape(len(reviews), len(criterion_ids))


def _group_stats(values: np.ndarray, group_of: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count, mean and sample sd per group (two passes, for accuracy); sd is nan for a group of one."""
    count = np.bincount(group_of, minlength=groups)
    mean = np.bincount(group_of, weights=values, minlength=groups) / count
    squares = np.bincount(group_of, weights=(values - mean[group_of]) ** 2, minlength=groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(squares / (count - 1))
    return count, mean, sd


def _median_and_range(values: np.ndarray, group_of: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ordered = values[np.lexsort((values, group_of))]
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    median = (ordered[start + (count - 1) // 2] + ordered[start + count // 2]) / 2
    return median, ordered[start + count - 1] - ordered[start]


def _draw_numbers(proposal_ids: np.ndarray, seed: int) -> np.ndarray:
    """Draw number (1 first) per proposal, aligned with the ascending `proposal_ids`: reproducible from the seed."""
    shuffled = proposal_ids.tolist()
    random.Random(seed).shuffle(shuffled)
    position = {proposal_id: number for number, proposal_id in enumerate(shuffled, start=1)}
    return np.array([position[proposal_id] for proposal_id in proposal_ids.tolist()], dtype=np.int64)
