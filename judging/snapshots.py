"""Figures of a round kept between requests: reviews counted per juror and per proposal, and the ranking.

Counting 30,000 reviews or aggregating them costs too much to redo on every page view, so each figure is kept with
the round's `RoundSnapshot.version` it was computed from. Every service that changes what they are computed from
(assignments, scores, criteria, the tie-breaker or the seed) calls `round_changed` inside its transaction; a read
that finds its figure older than the version computes it again and keeps it (`counts_fresh`, and
`judging.selectors.results.round_ranking` for the ranking). What the proposals app changes (a proposal submitted,
withdrawn, hidden or screened) is not versioned here: a kept figure records the call's latest change to a proposal,
read from the end of an index, and compares it instead (`round_snapshot`). Many reviews saved in a row thus cost one
recomputation, on the next read, and that read always sees every committed change: the version is read before the
data, so a change committed meanwhile leaves the figure older than the version again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Subquery

from judging.models import Assignment, AssignmentStatus, RankingRow, ReviewTally, Round, RoundSnapshot
from judging.selectors.rounds import proposals_in_scope
from proposals.models import Proposal

COUNTED = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)  # a recused review leaves the counts
BATCH = 2000


def round_changed(round_id: int) -> None:
    """Mark every kept figure of the round out of date; call it inside the transaction of the change."""
    _bump(round_id, "version")


def decisions_changed(round_id: int) -> None:
    """Mark what is kept of the round's selection decisions out of date (the results page's rows); call it inside
    the transaction of the change. The ranking and the counts stay: decisions are not computed from them."""
    _bump(round_id, "decisions_version")


def _bump(round_id: int, field: str) -> None:
    RoundSnapshot.objects.bulk_create([RoundSnapshot(round_id=round_id)], ignore_conflicts=True)
    RoundSnapshot.objects.filter(round_id=round_id).update(**{field: F(field) + 1})


def round_snapshot(round_: Round, *, lock: bool = False) -> RoundSnapshot:
    """The round's snapshot, and in the same query `call_mark`: the latest change to the call's proposals, from the
    end of an index. Submitting, withdrawing, hiding, screening or selecting a proposal moves it, and with it which
    proposals the round judges; a kept figure records the mark it was computed with. (Proposals are never deleted
    once submitted.)"""
    last_change = (
        Proposal.objects.filter(challenge_id=round_.challenge_id).order_by("-updated_at").values("updated_at")[:1]
    )
    kept = RoundSnapshot.objects.filter(round=round_).annotate(last_change=Subquery(last_change))
    if lock:
        kept = kept.select_for_update(of=("self",))
    snapshot = kept.first()
    if snapshot is None:
        RoundSnapshot.objects.bulk_create([RoundSnapshot(round=round_)], ignore_conflicts=True)
        snapshot = kept.get()
    snapshot.call_mark = snapshot.last_change.isoformat() if snapshot.last_change else None
    return snapshot


def is_fresh(snapshot: RoundSnapshot, version: int | None, figure: dict) -> bool:
    """Whether a kept figure (its version and its data) reflects every change to the round and to the call."""
    return version == snapshot.version and figure.get("scope") == snapshot.call_mark


def refresh_once(
    round_: Round,
    figure: str,
    compute: Callable[[RoundSnapshot], dict],
    complete: Callable[[dict], bool] = lambda kept: True,
) -> dict:
    """A stale figure (`counts` or `ranking`) computed by one reader at a time: under the snapshot's row lock it is
    read again and computed only if still stale (or not `complete`: kept before it held all it holds now), so
    readers that found it stale together wait for the first one's result instead of each aggregating the whole
    round. `compute` keeps what it returns."""
    with transaction.atomic():
        snapshot = round_snapshot(round_, lock=True)
        kept = getattr(snapshot, figure)
        if is_fresh(snapshot, getattr(snapshot, f"{figure}_version"), kept) and complete(kept):
            return kept
        return compute(snapshot)


@dataclass(frozen=True)
class ReviewCounts:
    to_do: int = 0
    done: int = 0
    recused: int = 0

    @property
    def load(self) -> int:
        """The reviews that count against a juror's maximum: to do and done."""
        return self.to_do + self.done


@dataclass(frozen=True)
class RoundCounts:
    jurors: dict[int, ReviewCounts]  # by juror id; a juror without reviews is missing
    proposals: int  # in the round's scope, each with its `ReviewTally`

    def of(self, juror_id: int) -> ReviewCounts:
        return self.jurors.get(juror_id, ReviewCounts())


def counts_fresh(round_: Round, snapshot: RoundSnapshot | None = None) -> RoundCounts:
    """Reviews per juror of the round, and the `ReviewTally` of every proposal in its scope, up to date."""
    snapshot = snapshot or round_snapshot(round_)
    if not is_fresh(snapshot, snapshot.counts_version, snapshot.counts):
        snapshot.counts = refresh_once(
            round_, "counts", lambda locked: _counts_refresh(round_, locked.version, locked.call_mark)
        )
    jurors = {int(pk): ReviewCounts(*values) for pk, values in snapshot.counts["jurors"].items()}
    return RoundCounts(jurors=jurors, proposals=snapshot.counts["proposals"])


def review_counts(reviews) -> dict[int, ReviewCounts]:
    """`reviews` (assignments) counted per juror by status, in one grouped query that walks the index on a juror's
    reviews by status; a juror without reviews is missing."""
    slot = {AssignmentStatus.ASSIGNED: 0, AssignmentStatus.SUBMITTED: 1, AssignmentStatus.RECUSED: 2}
    found: dict[int, list[int]] = {}
    for juror_id, status, count in reviews.values_list("juror_id", "status").annotate(count=Count("pk")).order_by():
        found.setdefault(juror_id, [0, 0, 0])[slot[status]] = count
    return {juror_id: ReviewCounts(*values) for juror_id, values in found.items()}


def _counts_refresh(round_: Round, version: int, scope: str | None) -> dict:
    reviews = Assignment.objects.filter(round=round_)
    jurors = {str(pk): [kept.to_do, kept.done, kept.recused] for pk, kept in review_counts(reviews).items()}
    per_proposal = {
        proposal_id: (assigned, done)
        for proposal_id, assigned, done in reviews.values("proposal_id")
        .annotate(
            assigned=Count("pk", filter=Q(status__in=COUNTED)),
            done=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)),
        )
        .values_list("proposal_id", "assigned", "done")
        .order_by()
    }
    tallies = [
        ReviewTally(round=round_, proposal_id=pk, number=number, assigned=assigned, done=done)
        for pk, number in proposals_in_scope(round_).values_list("pk", "number")
        for assigned, done in [per_proposal.get(pk, (0, 0))]
    ]
    counts = {"scope": scope, "jurors": jurors, "proposals": len(tallies)}
    _replace(round_, ReviewTally, tallies, version_field="counts_version", version=version, counts=counts)
    return counts


def ranking_store(round_: Round, *, version: int, summary: dict, rows: list[RankingRow]) -> None:
    """Keep a ranking computed from the data read after `version` (see `judging.selectors.results`)."""
    _replace(round_, RankingRow, rows, version_field="ranking_version", version=version, ranking=summary)


def _replace(round_: Round, model, rows: list, *, version_field: str, version: int, **fields) -> None:
    """Replace the round's kept rows of `model` and record the version they were computed from. The snapshot's row
    lock makes concurrent recomputations of the same round take turns (so their rows never clash)."""
    with transaction.atomic():
        list(RoundSnapshot.objects.select_for_update().filter(round=round_).values_list("pk"))
        model.objects.filter(round=round_).delete()
        model.objects.bulk_create(rows, batch_size=BATCH)
        RoundSnapshot.objects.filter(round=round_).update(**{version_field: version}, **fields)
