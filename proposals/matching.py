"""Assisted matching of the collaborator call: a minimum-cost assignment of applicants to places.

Rows are applicants, columns are the free places of every open role (a role with two free
places gives two columns). The cost of giving an applicant a place of a role they applied to is

    cost = PREFERENCE_WEIGHT × (preference − 1) + RATING_WEIGHT × (5 − rating)

where `preference` is the applicant's rank of that role (1 = first choice) and `rating` the
lead's 1–5 rating, an unrated application counting as a neutral 3. A first choice rated 5
costs 0; each step down the applicant's list costs as much as two rating points. A pair
without an application costs more than any set of real pairs together, so the assignment first
fills as many places as possible, then prefers cheaper pairs; such pairs are dropped from the
result. Each applicant gets at most one place (one role per person).

Pure: no database. The same candidates give the same result, whatever their order.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

PREFERENCE_WEIGHT = 2
RATING_WEIGHT = 1
NEUTRAL_RATING = 3
BEST_RATING = 5


@dataclass(frozen=True)
class Candidate:
    """One active application."""

    application_id: int
    applicant_id: int
    slot_id: int
    preference: int
    rating: int | None = None


@dataclass(frozen=True)
class Match:
    assigned: list[Candidate] = field(default_factory=list)
    unassigned_applicants: list[int] = field(default_factory=list)
    # Role id → places left empty.
    unfilled: dict[int, int] = field(default_factory=dict)


def candidate_cost(candidate: Candidate) -> int:
    rating = candidate.rating if candidate.rating is not None else NEUTRAL_RATING
    return PREFERENCE_WEIGHT * (candidate.preference - 1) + RATING_WEIGHT * (BEST_RATING - rating)


def match(candidates: Iterable[Candidate], capacity: dict[int, int]) -> Match:
    """The cheapest assignment of `candidates` to the free places of each role in `capacity`
    (role id → free places). Candidates of roles without free places are ignored."""
    by_pair = {}
    for candidate in sorted(candidates, key=lambda c: c.application_id):
        if capacity.get(candidate.slot_id, 0) > 0:
            by_pair.setdefault((candidate.applicant_id, candidate.slot_id), candidate)
    applicants = sorted({applicant for applicant, _slot in by_pair})
    columns = [slot for slot in sorted(capacity) for _place in range(max(capacity[slot], 0))]
    if not applicants or not columns:
        return Match(unassigned_applicants=applicants, unfilled={s: c for s, c in sorted(capacity.items()) if c > 0})
    costs = {pair: candidate_cost(candidate) for pair, candidate in by_pair.items()}
    forbidden = max(costs.values()) * min(len(applicants), len(columns)) + 1
    matrix = np.full((len(applicants), len(columns)), forbidden, dtype=np.int64)
    for row, applicant in enumerate(applicants):
        for column, slot in enumerate(columns):
            if (applicant, slot) in costs:
                matrix[row, column] = costs[applicant, slot]
    rows, cols = linear_sum_assignment(matrix)
    assigned, filled = [], dict.fromkeys(capacity, 0)
    for row, column in zip(rows, cols, strict=True):
        pair = (applicants[row], columns[column])
        if pair in by_pair:
            assigned.append(by_pair[pair])
            filled[pair[1]] += 1
    taken = {candidate.applicant_id for candidate in assigned}
    return Match(
        assigned=sorted(assigned, key=lambda c: c.application_id),
        unassigned_applicants=[applicant for applicant in applicants if applicant not in taken],
        unfilled={slot: capacity[slot] - filled[slot] for slot in sorted(capacity) if capacity[slot] > filled[slot]},
    )
