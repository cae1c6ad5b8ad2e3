"""Balanced, conflict-free, deterministic assignment of proposals to jurors (pure, no ORM).

The judging services load the round's proposals, jurors, conflicts and current assignments,
call `assign()`, save `AssignmentResult.pairs` and show `AssignmentResult.problems` to the
organizers. Nothing here raises for an instance that cannot be satisfied: the best possible
assignment is returned with a list of what is missing and why.

The problem is a b-matching (a transportation problem): proposal p needs `k` reviews, of
which the kept existing ones already count; juror j takes at most `max_load` in total; a
forbidden pair (conflict or exclusion) is never used. As a flow network (source → proposal
→ juror → sink) with a strictly convex cost on each juror's load, the wanted assignment is a
minimum-cost maximum flow, and its optimality condition is simple: no alternating path
moves one review from a juror with load L to a juror with room and load ≤ L − 2. Such a
load vector is lexicographically optimal: it minimises the maximum load, then the next one,
and the sum of squares, among all assignments that place the most reviews.

Generic LP or matching solvers over 10,000 × 200 pairs are too slow for an interactive
action, so the flow is solved directly, exploiting that real instances are dense:

1. Calibration proposals go to every allowed juror with room (they count toward loads).
2. Greedy: proposals with the fewest allowed jurors first, each takes its missing reviews
   from the least-loaded allowed jurors with room, an expertise match breaking load ties.
3. Repair (maximum flow): a proposal the greedy could not fill searches an augmenting path
   (juror j takes p and hands one of its new reviews to another juror, and so on, until a
   juror with room) ending at the least-loaded reachable juror. A proposal with no such
   path can never get one later (the set reachable from it is closed), so the result places
   the most reviews possible.
4. Balance (cycle cancelling): while a juror reaches, by such a path, a juror with room
   and a load two or more below its own, one review moves along it. Each move lowers the
   sum of squared loads, so this ends, and at the end the condition above holds.
5. Expertise: a new review without a match moves to a matching juror whose load is one
   below (the load multiset is unchanged) or is swapped with a review of a matching juror
   of equal load. This only ever raises the number of matches; it is a local improvement,
   not a maximum, while feasibility and balance are exact.

Ties are broken by a `random.Random(seed)` order of jurors and proposals taken after
sorting them by id, so the same inputs and seed give the same result whatever the order of
the given sequences. Memory is O(proposals × jurors) booleans (2 MB per matrix at 10,000
× 200).
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

import numpy as np


@dataclass(frozen=True)
class Juror:
    id: int
    max_load: int
    expertise: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Proposal:
    id: int
    categories: frozenset[str] = frozenset()


class ProblemCode(StrEnum):
    # A proposal has fewer reviews than k because fewer than k jurors are allowed to review it.
    TOO_FEW_ELIGIBLE_JURORS = "too_few_eligible_jurors"
    # Enough jurors are allowed, but those are full: raise their max_load or add jurors.
    NO_CAPACITY = "no_capacity"
    # All the reviews needed exceed all the room jurors have left (proposal_id and juror_id are None).
    TOTAL_CAPACITY_SHORT = "total_capacity_short"
    # A calibration proposal could not go to this allowed juror: the juror is full.
    CALIBRATION_JUROR_FULL = "calibration_juror_full"
    # An existing assignment is now a declared conflict: it is not counted; the service should remove it.
    EXISTING_CONFLICT = "existing_conflict"
    # Kept existing assignments alone exceed this juror's max_load.
    JUROR_OVER_CAPACITY = "juror_over_capacity"


@dataclass(frozen=True)
class Problem:
    """One unmet requirement. `needed` is the requirement (k reviews, one pair, max_load), `got` what there is."""

    proposal_id: int | None
    juror_id: int | None
    code: ProblemCode
    needed: int
    got: int


@dataclass
class AssignmentResult:
    pairs: list[tuple[int, int]]  # (juror_id, proposal_id), new ones only, sorted
    problems: list[Problem]  # sorted; empty when every requirement is met
    loads: dict[int, int]  # juror_id -> kept existing + calibration + new reviews


def assign(
    proposals: Iterable[Proposal],
    jurors: Iterable[Juror],
    *,
    k: int,
    conflicts: Collection[tuple[int, int]] = frozenset(),
    excluded: Collection[tuple[int, int]] = frozenset(),
    existing: Collection[tuple[int, int]] = frozenset(),
    calibration: Collection[int] = frozenset(),
    seed: int = 0,
) -> AssignmentResult:
    """Give every proposal k reviewers and every calibration proposal all allowed jurors.

    Pairs are (juror_id, proposal_id). `conflicts` and `excluded` (e.g. a recusal) are never
    assigned; an `existing` pair is kept and counts toward k and the juror's load, unless it
    is excluded (then it is dropped silently, as for a recusal) or a conflict (then it is
    dropped and reported). Conflicts naming jurors or proposals out of scope are ignored;
    existing pairs and calibration ids out of scope, duplicate ids, k < 0 or max_load < 0
    raise ValueError: those are the caller's mistakes, not the organizers'.
    """
    state = _State.build(list(proposals), list(jurors), k, conflicts, excluded, existing, calibration, seed)
    state.assign_calibration()
    state.greedy()
    state.repair()
    state.balance()
    if state.match is not None:
        state.improve_expertise()
    return state.result()


@dataclass
class _State:
    """Dense index-based working state: proposals are rows, jurors columns."""

    proposal_ids: np.ndarray
    juror_ids: np.ndarray
    k: int
    allowed: np.ndarray  # P × J: not a conflict, not excluded
    kept: np.ndarray  # P × J: the existing pairs kept
    assigned: np.ndarray  # P × J: kept existing, calibration and new pairs
    movable: np.ndarray  # J × P: the new regular pairs, the only ones the repair and balance may move
    match: np.ndarray | None  # P × J: expertise meets a category; None when nobody has tags
    load: np.ndarray  # J
    cap: np.ndarray  # J
    juror_rank: np.ndarray  # J: seeded tie-break, unique
    proposal_rank: np.ndarray  # P: seeded processing order, unique
    calibration: np.ndarray  # P bool
    problems: list[Problem]

    @classmethod
    def build(
        cls,
        proposals: list[Proposal],
        jurors: list[Juror],
        k: int,
        conflicts: Collection[tuple[int, int]],
        excluded: Collection[tuple[int, int]],
        existing: Collection[tuple[int, int]],
        calibration: Collection[int],
        seed: int,
    ) -> _State:
        if k < 0:
            raise ValueError(f"k must be >= 0, got {k}")
        proposals = sorted(proposals, key=lambda p: p.id)
        jurors = sorted(jurors, key=lambda j: j.id)
        proposal_ids = np.array([p.id for p in proposals], dtype=np.int64)
        juror_ids = np.array([j.id for j in jurors], dtype=np.int64)
        for name, ids in (("proposal", proposal_ids), ("juror", juror_ids)):
            if ids.size and (np.diff(ids) == 0).any():
                raise ValueError(f"duplicate {name} ids")
        if any(j.max_load < 0 for j in jurors):
            raise ValueError("max_load must be >= 0")
        row = {pid: i for i, pid in enumerate(proposal_ids.tolist())}
        n_p, n_j = len(proposals), len(jurors)

        def indices(pairs: Collection[tuple[int, int]], *, strict: bool) -> tuple[np.ndarray, np.ndarray]:
            """Row and column of each (juror_id, proposal_id) in scope, by binary search in the sorted ids."""
            flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64, count=2 * len(pairs)).reshape(-1, 2)
            cols = np.searchsorted(juror_ids, flat[:, 0]).clip(max=max(n_j - 1, 0))
            rows = np.searchsorted(proposal_ids, flat[:, 1]).clip(max=max(n_p - 1, 0))
            known = np.zeros(len(flat), dtype=bool)
            if n_p and n_j:
                known = (juror_ids[cols] == flat[:, 0]) & (proposal_ids[rows] == flat[:, 1])
            if strict and not known.all():
                raise ValueError("existing pairs name jurors or proposals out of scope")
            return rows[known], cols[known]

        problems = []
        allowed = np.ones((n_p, n_j), dtype=bool)
        allowed[indices(excluded, strict=False)] = False
        conflict = np.zeros((n_p, n_j), dtype=bool)
        conflict[indices(conflicts, strict=False)] = True
        allowed &= ~conflict
        assigned = np.zeros((n_p, n_j), dtype=bool)
        assigned[indices(existing, strict=True)] = True
        for p, j in zip(*np.nonzero(assigned & conflict), strict=True):
            problems.append(Problem(int(proposal_ids[p]), int(juror_ids[j]), ProblemCode.EXISTING_CONFLICT, 0, 1))
        assigned &= allowed
        load = assigned.sum(axis=0, dtype=np.int64)
        cap = np.array([j.max_load for j in jurors], dtype=np.int64)
        for j in np.flatnonzero(load > cap):
            problems.append(
                Problem(None, int(juror_ids[j]), ProblemCode.JUROR_OVER_CAPACITY, int(cap[j]), int(load[j]))
            )

        unknown = set(calibration) - set(row)
        if unknown:
            raise ValueError(f"calibration proposals out of scope: {sorted(unknown)}")
        is_calibration = np.zeros(n_p, dtype=bool)
        is_calibration[[row[p] for p in calibration]] = True

        rng = random.Random(seed)
        juror_rank = np.array(rng.sample(range(n_j), n_j), dtype=np.int64)
        proposal_rank = np.array(rng.sample(range(n_p), n_p), dtype=np.int64)
        return cls(
            proposal_ids=proposal_ids,
            juror_ids=juror_ids,
            k=k,
            allowed=allowed,
            kept=assigned.copy(),
            assigned=assigned,
            movable=np.zeros((n_j, n_p), dtype=bool),
            match=_expertise_matches(proposals, jurors),
            load=load,
            cap=cap,
            juror_rank=juror_rank,
            proposal_rank=proposal_rank,
            calibration=is_calibration,
            problems=problems,
        )

    # --- phases ------------------------------------------------------------------------

    def assign_calibration(self) -> None:
        """Every allowed juror takes each calibration proposal while it has room; fixed from then on."""
        for p in np.flatnonzero(self.calibration)[np.argsort(self.proposal_rank[self.calibration])]:
            wanted = self.allowed[p] & ~self.assigned[p]
            fits = wanted & (self.load < self.cap)
            self.assigned[p, fits] = True
            self.load[fits] += 1
            for j in np.flatnonzero(wanted & ~fits):
                self.problems.append(
                    Problem(int(self.proposal_ids[p]), int(self.juror_ids[j]), ProblemCode.CALIBRATION_JUROR_FULL, 1, 0)
                )

    def needs(self) -> np.ndarray:
        need = np.maximum(self.k - self.assigned.sum(axis=1), 0)
        need[self.calibration] = 0  # a calibration proposal already has every juror it can get
        return need

    def greedy(self) -> None:
        """Fill each proposal from its least-loaded allowed jurors; the most constrained proposals go first."""
        need = self.needs()
        n_j = self.juror_ids.size
        order = np.lexsort((self.proposal_rank, self.allowed.sum(axis=1)))
        for p in order[need[order] > 0]:
            open_ = np.flatnonzero(self.allowed[p] & ~self.assigned[p] & (self.load < self.cap))
            if open_.size == 0:
                continue
            # One integer key: load first, then an expertise match, then the seeded rank (unique).
            key = self.load[open_] * (2 * n_j) + self.juror_rank[open_]
            if self.match is not None:
                key += np.where(self.match[p, open_], 0, n_j)
            take = open_[np.argsort(key)[: need[p]]]
            self.assigned[p, take] = True
            self.movable[take, p] = True
            self.load[take] += 1

    def repair(self) -> None:
        """Augment every proposal still short of k reviews until no augmenting path is left."""
        need = self.needs()
        # Jurors from which no juror with room can be reached. Such a set stays closed: an augmenting path
        # that entered it could not leave it to end at a juror with room. So it is never searched again.
        closed = np.zeros(self.juror_ids.size, dtype=bool)
        for p in np.flatnonzero(need > 0)[np.argsort(self.proposal_rank[need > 0])]:
            for _ in range(need[p]):
                starts = np.flatnonzero(self.allowed[p] & ~self.assigned[p] & ~closed)
                reached, via_juror, via_proposal = self.reach(starts, skip=closed)
                end = self.least_loaded(reached & (self.load < self.cap))
                if end is None:
                    closed |= reached
                    break  # no path now means none later
                root = self.shift_along(end, via_juror, via_proposal)
                self.assigned[p, root] = True
                self.movable[root, p] = True
                self.load[end] += 1

    def balance(self) -> None:
        """Move reviews along alternating paths from loaded jurors to jurors two or more below, until none is left."""
        moved = True
        while moved:
            moved = False
            room = self.load < self.cap
            if not room.any():
                return
            floor = self.load[room].min()
            sources = np.flatnonzero((self.load >= floor + 2) & self.movable.any(axis=1))
            settled = np.zeros(self.juror_ids.size, dtype=bool)
            for a in sources[np.lexsort((self.juror_rank[sources], -self.load[sources]))]:
                if settled[a]:
                    continue
                reached, via_juror, via_proposal = self.reach(np.array([a]), rooted=True)
                end = self.least_loaded(reached & room & (self.load <= self.load[a] - 2))
                if end is None:
                    # Whoever a reaches reaches no further, so a juror reached with no more load is settled too.
                    settled |= reached & (self.load <= self.load[a])
                    continue
                self.shift_along(end, via_juror, via_proposal)
                self.load[a] -= 1
                self.load[end] += 1
                moved = True
                break

    def improve_expertise(self) -> None:
        """Give non-matching new reviews to matching jurors without changing the multiset of loads."""
        assert self.match is not None
        for j, p in zip(*np.nonzero(self.movable & ~self.match.T), strict=True):
            if not self.movable[j, p]:
                continue  # already moved by an earlier swap in this pass
            takers = self.allowed[p] & ~self.assigned[p] & self.match[p]
            one_below = np.flatnonzero(takers & (self.load == self.load[j] - 1) & (self.load < self.cap))
            if one_below.size:
                b = one_below[np.argmin(self.juror_rank[one_below])]
                self.move(p, j, b)
                self.load[j] -= 1
                self.load[b] += 1
                continue
            for b in np.flatnonzero(takers & (self.load == self.load[j]) & self.movable.any(axis=1)):
                given = np.flatnonzero(self.movable[b])
                # b hands j a review q j may take, unless that would lose a match (b matches q, j does not).
                ok = given[
                    self.allowed[given, j] & ~self.assigned[given, j] & ~(self.match[given, b] & ~self.match[given, j])
                ]
                if ok.size:
                    self.move(p, j, b)
                    self.move(int(ok[0]), b, j)
                    break

    # --- helpers ------------------------------------------------------------------------

    def reach(
        self, starts: np.ndarray, *, rooted: bool = False, skip: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Breadth-first search over jurors: x → y when x holds a movable review y may take.

        Returns the reached jurors and, for each, the juror and proposal it was reached from
        (-1 for a start). With `rooted`, the single start gives reviews away but is not a
        destination. Jurors in `skip` are neither entered nor returned.
        """
        n_j = self.juror_ids.size
        reached = np.zeros(n_j, dtype=bool) if skip is None else skip.copy()
        reached[starts] = True
        via_juror = np.full(n_j, -1, dtype=np.intp)
        via_proposal = np.full(n_j, -1, dtype=np.intp)
        queue = deque(starts.tolist())
        while queue:
            x = queue.popleft()
            held = np.flatnonzero(self.movable[x])
            if held.size == 0:
                continue
            open_ = self.allowed[held] & ~self.assigned[held] & ~reached
            ys = np.flatnonzero(open_.any(axis=0))
            if ys.size == 0:
                continue
            reached[ys] = True
            via_juror[ys] = x
            via_proposal[ys] = held[open_[:, ys].argmax(axis=0)]
            queue.extend(ys.tolist())
        if rooted:
            reached[starts] = False
        if skip is not None:
            reached &= ~skip
        return reached, via_juror, via_proposal

    def least_loaded(self, candidates: np.ndarray) -> int | None:
        found = np.flatnonzero(candidates)
        if found.size == 0:
            return None
        return int(found[np.lexsort((self.juror_rank[found], self.load[found]))[0]])

    def shift_along(self, end: int, via_juror: np.ndarray, via_proposal: np.ndarray) -> int:
        """Apply the path found by `reach` back from `end`; returns its start. Loads are left to the caller."""
        y = end
        while via_juror[y] >= 0:
            x = int(via_juror[y])
            self.move(int(via_proposal[y]), x, y)
            y = x
        return y

    def move(self, p: int, giver: int, taker: int) -> None:
        self.assigned[p, giver] = False
        self.movable[giver, p] = False
        self.assigned[p, taker] = True
        self.movable[taker, p] = True

    def result(self) -> AssignmentResult:
        problems = self.problems
        fixed = self.assigned & ~self.movable.T
        need_total = int(np.maximum(self.k - fixed[~self.calibration].sum(axis=1), 0).sum())
        room_total = int(np.maximum(self.cap - fixed.sum(axis=0), 0).sum())
        if need_total > room_total:
            problems.append(Problem(None, None, ProblemCode.TOTAL_CAPACITY_SHORT, need_total, room_total))
        reviews = self.assigned.sum(axis=1)
        eligible = self.allowed.sum(axis=1)
        for p in np.flatnonzero(reviews < self.k):
            code = ProblemCode.TOO_FEW_ELIGIBLE_JURORS if eligible[p] < self.k else ProblemCode.NO_CAPACITY
            problems.append(Problem(int(self.proposal_ids[p]), None, code, self.k, int(reviews[p])))
        ps, js = np.nonzero(self.assigned & ~self.kept)
        pairs = sorted(zip(self.juror_ids[js].tolist(), self.proposal_ids[ps].tolist(), strict=True))
        loads = dict(zip(self.juror_ids.tolist(), self.load.tolist(), strict=True))
        problems.sort(key=lambda q: (q.code, -1 if q.proposal_id is None else q.proposal_id, q.juror_id or 0))
        return AssignmentResult(pairs=pairs, problems=problems, loads=loads)


def _expertise_matches(proposals: list[Proposal], jurors: list[Juror]) -> np.ndarray | None:
    """P × J: the juror's expertise meets one of the proposal's categories; None when there is nothing to match."""
    tags = sorted(set().union(*(p.categories for p in proposals)) & set().union(*(j.expertise for j in jurors)))
    if not tags:
        return None
    index = {tag: i for i, tag in enumerate(tags)}
    categories = np.zeros((len(proposals), len(tags)), dtype=np.float32)
    for i, proposal in enumerate(proposals):
        categories[i, [index[t] for t in proposal.categories if t in index]] = 1
    expertise = np.zeros((len(jurors), len(tags)), dtype=np.float32)
    for i, juror in enumerate(jurors):
        expertise[i, [index[t] for t in juror.expertise if t in index]] = 1
    return (categories @ expertise.T) > 0
