"""Selection of a round: the top N of a ranking under territorial quotas, then a waitlist.

Pure and ORM-free. The quota kinds mirror `challenges.models.QuotaKind` as plain values.

Method. Proposals are taken in rank order; each one is selected if the quotas can still be met with it, that is if
some completion using only proposals ranked below it reaches the target size and meets every quota. This greedy
rule with an exact feasibility test gives the **lexicographically best** feasible set: the best-ranked proposal that
can be in any feasible selection is in it, then the next best given that one, and so on. Proof: let G be the
lexicographically best feasible set and suppose the greedy agrees with G on everything ranked above proposal p. If p
is in G, G itself completes the partial selection with p, so p is taken. If p is not in G but could be completed to
a feasible set H, then H agrees with G above p and has p where G does not, so H would beat G: impossible. By
induction the greedy ends with G.

The feasibility test counts proposals by their (country, region), which is all a quota looks at, and solves a
small integer programme over those counts (`scipy.optimize.milp`, a few dozen variables), so it stays exact for any
mix of minimum and maximum quotas, including overlapping ones ("from abroad" is also "outside the capital"). Once a
(country, region) pair is refused it stays refused for the rest of the pass (anything completing a later one would
complete the refused one too), so the test runs at most N + (number of pairs) times.

Quotas that cannot be met are reported, never raised: ``at most N per country`` can leave places unfilled, and a
minimum quota that cannot be met in full is lowered to the most that can be met alongside the earlier quotas (in the
order given), with the reason. The waitlist is the next proposals in rank order among those not selected.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

HOME_COUNTRY = "PE"
CAPITAL_REGION = "PE-LMA"  # Lima Metropolitana


class QuotaKind(StrEnum):
    MIN_OUTSIDE_CAPITAL = "min_outside_capital"  # region other than the capital, abroad included
    MIN_REGION = "min_region"
    MAX_COUNTRY = "max_country"  # applies to every country, the home country included
    MIN_ABROAD = "min_abroad"  # country other than the home country


class Shortfall(StrEnum):
    NOT_ENOUGH_CANDIDATES = "not_enough_candidates"  # fewer eligible proposals in the ranking than required
    NOT_ENOUGH_PLACES = "not_enough_places"  # more required than places to fill
    CONFLICT = "conflict"  # cannot be met together with the earlier quotas or a per-country maximum


@dataclass(frozen=True)
class Quota:
    kind: QuotaKind
    count: int
    region: str = ""  # for MIN_REGION


@dataclass(frozen=True)
class Candidate:
    proposal_id: int
    country: str
    region: str = ""


@dataclass(frozen=True)
class QuotaReport:
    quota: Quota
    target: int  # for a minimum: what could be met (= count when met in full); for a maximum: its count
    plain: int  # eligible proposals in the plain top N (for a maximum: in its fullest country)
    selected: int  # the same in the selection
    shortfall: Shortfall | None


@dataclass(frozen=True)
class Change:
    proposal_id: int
    quotas: tuple[Quota, ...]  # why: the quotas the plain top N broke that this proposal's move serves


@dataclass(frozen=True)
class Selection:
    selected: tuple[int, ...]  # in rank order
    waitlist: tuple[int, ...]  # in rank order
    not_selected: tuple[int, ...]  # in rank order
    quotas: tuple[QuotaReport, ...]  # in the order given
    displaced: tuple[Change, ...]  # in the plain top N, not selected
    admitted: tuple[Change, ...]  # selected, not in the plain top N
    unfilled: int  # places left empty: not enough proposals, or the per-country maximum

    @property
    def infeasible(self) -> tuple[QuotaReport, ...]:
        return tuple(report for report in self.quotas if report.shortfall is not None)


def select(
    ranking: Sequence[Candidate],
    *,
    count: int,
    waitlist: int,
    quotas: Sequence[Quota] = (),
    home_country: str = HOME_COUNTRY,
    capital_region: str = CAPITAL_REGION,
) -> Selection:
    """The best-ranked `count` proposals of `ranking` (best first) meeting `quotas`, then `waitlist` more in order."""
    if count < 0 or waitlist < 0:
        raise ValueError("count and waitlist must not be negative.")
    problem = _Problem(ranking, quotas, home_country, capital_region)
    size = min(count, problem.capacity())
    targets = problem.targets(size)
    chosen = problem.greedy(size, targets)
    chosen_set = set(chosen)
    rest = [i for i in range(len(ranking)) if i not in chosen_set]

    plain = list(range(min(count, len(ranking))))
    plain_counts = problem.counts(plain)
    broken = [
        quota
        for quota, target in zip(quotas, targets, strict=True)
        if (quota.kind == QuotaKind.MAX_COUNTRY and max(plain_counts[quota].values(), default=0) > quota.count)
        or (quota.kind != QuotaKind.MAX_COUNTRY and plain_counts[quota] < target)
    ]
    reports = tuple(problem.report(quota, target, plain, chosen) for quota, target in zip(quotas, targets, strict=True))
    ids = [candidate.proposal_id for candidate in ranking]
    return Selection(
        selected=tuple(ids[i] for i in chosen),
        waitlist=tuple(ids[i] for i in rest[:waitlist]),
        not_selected=tuple(ids[i] for i in rest[waitlist:]),
        quotas=reports,
        displaced=tuple(
            Change(ids[i], tuple(q for q in broken if not problem.helps(q, i, plain_counts)))
            for i in plain
            if i not in chosen_set
        ),
        admitted=tuple(
            Change(ids[i], tuple(q for q in broken if problem.helps(q, i, plain_counts)))
            for i in chosen
            if i >= len(plain)
        ),
        unfilled=count - len(chosen),
    )


class _Problem:
    """The ranking reduced to (country, region) types, and the integer programmes over counts of each type."""

    def __init__(self, ranking: Sequence[Candidate], quotas: Sequence[Quota], home: str, capital: str):
        self.ranking = ranking
        self.quotas = quotas
        self.home = home
        self.capital = capital
        self.types = sorted({(c.country, c.region) for c in ranking})
        index = {kind: t for t, kind in enumerate(self.types)}
        self.type_of = [index[(c.country, c.region)] for c in ranking]
        self.available = np.bincount(self.type_of, minlength=len(self.types)) if ranking else np.zeros(0, int)
        caps = [quota.count for quota in quotas if quota.kind == QuotaKind.MAX_COUNTRY]
        self.cap = min(caps) if caps else None
        self.countries = sorted({country for country, _ in self.types})

    def member(self, quota: Quota, country: str, region: str) -> bool:
        if quota.kind == QuotaKind.MIN_OUTSIDE_CAPITAL:
            return region != self.capital
        if quota.kind == QuotaKind.MIN_REGION:
            return region == quota.region
        if quota.kind == QuotaKind.MIN_ABROAD:
            return country != self.home
        return False

    def helps(self, quota: Quota, i: int, plain_counts: dict) -> bool:
        """Whether selecting candidate i helps meet `quota`: it counts towards a minimum, or comes from a country that
        the plain top N did not put over a maximum."""
        country, region = self.ranking[i].country, self.ranking[i].region
        if quota.kind == QuotaKind.MAX_COUNTRY:
            return plain_counts[quota].get(country, 0) <= quota.count
        return self.member(quota, country, region)

    def counts(self, indices: Sequence[int]) -> dict:
        """Per quota, eligible proposals among `indices`; per country for a maximum."""
        result = {}
        for quota in self.quotas:
            if quota.kind == QuotaKind.MAX_COUNTRY:
                result[quota] = Counter(self.ranking[i].country for i in indices)
            else:
                result[quota] = sum(self.member(quota, *self._type(i)) for i in indices)
        return result

    def capacity(self) -> int:
        if self.cap is None:
            return len(self.ranking)
        per_country = Counter(c.country for c in self.ranking)
        return sum(min(self.cap, n) for n in per_country.values())

    def targets(self, size: int) -> list[int]:
        """Per quota, what can be required: minimums lowered, in order, to the most that fits with the earlier ones."""
        targets: list[int] = []
        for quota in self.quotas:
            if quota.kind == QuotaKind.MAX_COUNTRY:
                targets.append(quota.count)
                continue
            group = self._group(quota)
            best = self._solve(np.zeros_like(self.available), self.available, size, targets, objective=-group)
            targets.append(min(quota.count, round(-best)))
        return targets

    def greedy(self, size: int, targets: list[int]) -> list[int]:
        chosen: list[int] = []
        taken = np.zeros_like(self.available)
        left = self.available.copy()
        refused: set[int] = set()
        constrained = bool(self.quotas)
        for i, t in enumerate(self.type_of):
            if len(chosen) == size:
                break
            left[t] -= 1
            if t in refused:
                continue
            taken[t] += 1
            if not constrained or self._solve(taken, taken + left, size, targets) is not None:
                chosen.append(i)
            else:
                taken[t] -= 1
                refused.add(t)
        return chosen

    def report(self, quota: Quota, target: int, plain: list[int], chosen: list[int]) -> QuotaReport:
        if quota.kind == QuotaKind.MAX_COUNTRY:
            in_plain, in_chosen = (max(self._by_country(indices).values(), default=0) for indices in (plain, chosen))
            return QuotaReport(quota, target, in_plain, in_chosen, None)
        eligible = int(self._group(quota) @ self.available)
        in_plain, in_chosen = (self.counts(indices)[quota] for indices in (plain, chosen))
        if target >= quota.count:
            shortfall = None
        elif eligible < quota.count:
            shortfall = Shortfall.NOT_ENOUGH_CANDIDATES
        elif len(chosen) < quota.count:
            shortfall = Shortfall.NOT_ENOUGH_PLACES
        else:
            shortfall = Shortfall.CONFLICT
        return QuotaReport(quota, target, in_plain, in_chosen, shortfall)

    def _type(self, i: int) -> tuple[str, str]:
        return self.ranking[i].country, self.ranking[i].region

    def _by_country(self, indices: Sequence[int]) -> Counter:
        return Counter(self.ranking[i].country for i in indices)

    def _group(self, quota: Quota) -> np.ndarray:
        return np.array([self.member(quota, country, region) for country, region in self.types], dtype=float)

    def _solve(
        self, low: np.ndarray, high: np.ndarray, size: int, targets: list[int], objective: np.ndarray | None = None
    ) -> float | None:
        """Optimum of `objective` over integer type counts in [low, high] summing to `size` and meeting the quotas
        with `targets` (a prefix of `self.quotas`); None when infeasible."""
        types = len(self.types)
        if types == 0:
            return 0.0 if size == 0 else None
        rows, lower, upper = [np.ones(types)], [size], [size]
        for quota, target in zip(self.quotas, targets, strict=False):
            if quota.kind != QuotaKind.MAX_COUNTRY:
                rows.append(self._group(quota))
                lower.append(target)
                upper.append(np.inf)
        if self.cap is not None:
            for country in self.countries:
                rows.append(np.array([c == country for c, _ in self.types], dtype=float))
                lower.append(0)
                upper.append(self.cap)
        result = milp(
            np.zeros(types) if objective is None else objective,
            constraints=LinearConstraint(np.array(rows), lower, upper),
            integrality=np.ones(types),
            bounds=Bounds(low, high),
        )
        return result.fun if result.success else None
