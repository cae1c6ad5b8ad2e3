"""Assignment of proposals to jurors: hand-checked examples, then properties on random instances.

The optimality properties compare with an independent exact solver: the same flow problem
written as a linear program (totally unimodular, so its optimum is integral) for HiGHS.
"""

import random
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from judging.assignment import AssignmentResult, Juror, Problem, ProblemCode, Proposal, assign

TAGS = ["water", "energy", "health"]


def reviewers(result: AssignmentResult, existing=frozenset()) -> dict[int, set[int]]:
    by_proposal: dict[int, set[int]] = {}
    for juror, proposal in [*existing, *result.pairs]:
        by_proposal.setdefault(proposal, set()).add(juror)
    return by_proposal


# --- hand-checked examples ------------------------------------------------------------------


def test_three_jurors_three_proposals_two_reviews_each():
    """Six reviews over three jurors: two each, and every proposal has two different jurors."""
    result = assign([Proposal(i) for i in (10, 11, 12)], [Juror(j, 5) for j in (1, 2, 3)], k=2)

    assert result.problems == []
    assert result.loads == {1: 2, 2: 2, 3: 2}
    assert sorted(len(js) for js in reviewers(result).values()) == [2, 2, 2]
    assert len(set(result.pairs)) == 6


def test_a_conflict_forces_the_choice():
    """Juror 1 may not review A, so A goes to 2 and 3 and, for balance, B must include juror 1."""
    result = assign([Proposal(100), Proposal(200)], [Juror(j, 5) for j in (1, 2, 3)], k=2, conflicts={(1, 100)})

    by_proposal = reviewers(result)
    assert by_proposal[100] == {2, 3}
    assert 1 in by_proposal[200]
    assert sorted(result.loads.values()) == [1, 1, 2]
    assert result.problems == []


@pytest.mark.parametrize("seed", range(10))
def test_expertise_preferred_when_it_costs_nothing(seed):
    """Each proposal goes to the juror whose expertise matches it, whatever the seed."""
    proposals = [Proposal(1, frozenset({"water"})), Proposal(2, frozenset({"energy"}))]
    jurors = [Juror(7, 1, frozenset({"energy"})), Juror(8, 1, frozenset({"water"}))]

    result = assign(proposals, jurors, k=1, seed=seed)

    assert result.pairs == [(7, 2), (8, 1)]


def test_expertise_never_at_the_expense_of_balance():
    """Both proposals are about water and only juror 8 knows it: still one proposal each."""
    proposals = [Proposal(1, frozenset({"water"})), Proposal(2, frozenset({"water"}))]
    jurors = [Juror(7, 5, frozenset({"energy"})), Juror(8, 5, frozenset({"water"}))]

    result = assign(proposals, jurors, k=1)

    assert result.loads == {7: 1, 8: 1}


def test_expertise_swap_between_equally_loaded_jurors():
    """A later improvement swaps two reviews when the greedy's order gave both to the wrong juror."""
    proposals = [Proposal(i, frozenset({tag})) for i, tag in enumerate(["water", "energy", "water", "energy"])]
    jurors = [Juror(1, 2, frozenset({"water"})), Juror(2, 2, frozenset({"energy"}))]

    for seed in range(10):
        result = assign(proposals, jurors, k=1, seed=seed)
        assert result.pairs == [(1, 0), (1, 2), (2, 1), (2, 3)]


def test_too_few_non_conflicted_jurors_is_reported():
    """Proposal 5 has only 2 allowed jurors for k=3: it gets both and a problem says so."""
    jurors = [Juror(j, 10) for j in (1, 2, 3)]
    result = assign([Proposal(5), Proposal(6)], jurors, k=3, conflicts={(3, 5)})

    assert reviewers(result)[5] == {1, 2}
    assert result.problems == [Problem(5, None, ProblemCode.TOO_FEW_ELIGIBLE_JURORS, needed=3, got=2)]


def test_total_capacity_below_the_reviews_needed_is_reported():
    """Three reviews needed, room for two: every juror is full and one proposal is short."""
    result = assign([Proposal(i) for i in (1, 2, 3)], [Juror(8, 1), Juror(9, 1)], k=1)

    assert result.loads == {8: 1, 9: 1}
    short = [p for p in result.problems if p.code == ProblemCode.NO_CAPACITY]
    assert len(short) == 1
    assert short[0].needed == 1
    assert short[0].got == 0
    assert Problem(None, None, ProblemCode.TOTAL_CAPACITY_SHORT, needed=3, got=2) in result.problems


def test_recusal_keeps_the_other_reviews_and_fills_only_the_gap():
    """Juror 1 recuses from proposal 10: only one new pair, to a juror other than 1; the rest stays."""
    existing = {(1, 10), (2, 10), (2, 11), (3, 11)}
    jurors = [Juror(j, 5) for j in (1, 2, 3)]

    result = assign([Proposal(10), Proposal(11)], jurors, k=2, existing=existing, excluded={(1, 10)})

    assert result.pairs == [(3, 10)]
    assert result.loads == {1: 0, 2: 2, 3: 2}
    assert result.problems == []


def test_a_conflict_declared_after_assignment_is_dropped_and_reported():
    """An existing pair that is now a conflict no longer counts and is replaced."""
    jurors = [Juror(j, 5) for j in (1, 2, 3)]
    result = assign([Proposal(10)], jurors, k=2, existing={(1, 10), (2, 10)}, conflicts={(1, 10)})

    assert result.pairs == [(3, 10)]
    assert result.problems == [Problem(10, 1, ProblemCode.EXISTING_CONFLICT, needed=0, got=1)]


def test_calibration_goes_to_every_non_conflicted_juror_and_counts_toward_loads():
    """Proposal 0 is calibration: all but the conflicted juror 3 get it; the 4 other reviews balance the rest."""
    jurors = [Juror(j, 10) for j in (1, 2, 3)]
    proposals = [Proposal(i) for i in range(3)]

    result = assign(proposals, jurors, k=2, calibration={0}, conflicts={(3, 0)})

    assert reviewers(result)[0] == {1, 2}
    assert sorted(result.loads.values()) == [2, 2, 2]
    assert result.problems == []


def test_a_full_juror_misses_calibration_and_it_is_reported():
    jurors = [Juror(1, 0), Juror(2, 3)]
    result = assign([Proposal(0), Proposal(1)], jurors, k=1, calibration={0})

    assert result.pairs == [(2, 0), (2, 1)]
    assert result.problems == [Problem(0, 1, ProblemCode.CALIBRATION_JUROR_FULL, needed=1, got=0)]


@pytest.mark.parametrize("seed", range(12))
def test_a_greedy_dead_end_is_repaired(seed):
    """Proposal 12 must go to juror 3, the only one 10 and 11 cannot take: found whatever the greedy tried first.

    All three proposals have two allowed jurors, so the seed decides the greedy's order; when 12 goes first
    to juror 1, the third proposal finds both its jurors full and an augmenting path moves 12 to juror 3.
    """
    jurors = [Juror(j, 1) for j in (1, 2, 3)]
    conflicts = {(3, 10), (3, 11), (2, 12)}

    result = assign([Proposal(i) for i in (10, 11, 12)], jurors, k=1, conflicts=conflicts, seed=seed)

    assert result.problems == []
    assert (3, 12) in result.pairs
    assert {p for j, p in result.pairs if j in (1, 2)} == {10, 11}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": -1}, "k must be"),
        ({"k": 1, "existing": {(1, 99)}}, "out of scope"),
        ({"k": 1, "calibration": {99}}, "out of scope"),
    ],
)
def test_caller_mistakes_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        assign([Proposal(1)], [Juror(1, 1)], **kwargs)


def test_duplicate_ids_raise():
    with pytest.raises(ValueError, match="duplicate juror"):
        assign([Proposal(1)], [Juror(1, 1), Juror(1, 2)], k=1)


# --- random instances -------------------------------------------------------------------------


@dataclass
class Instance:
    proposals: list[Proposal]
    jurors: list[Juror]
    k: int
    conflicts: set[tuple[int, int]]
    excluded: set[tuple[int, int]]
    existing: set[tuple[int, int]]
    calibration: set[int]
    seed: int

    def run(self, **overrides) -> AssignmentResult:
        args = {
            "k": self.k,
            "conflicts": self.conflicts,
            "excluded": self.excluded,
            "existing": self.existing,
            "calibration": self.calibration,
            "seed": self.seed,
            **overrides,
        }
        return assign(self.proposals, self.jurors, **args)

    @property
    def forbidden(self) -> set[tuple[int, int]]:
        return self.conflicts | self.excluded

    @property
    def kept(self) -> set[tuple[int, int]]:
        return self.existing - self.forbidden


@st.composite
def instances(draw, *, calibration: bool = True, ample: bool = False) -> Instance:
    """Up to 9 proposals and 6 jurors; `ample`: no conflicts, exclusions or existing pairs, and room for everything."""
    n_p = draw(st.integers(1, 9))
    n_j = draw(st.integers(1, 6))
    k = draw(st.integers(0, min(n_j, 4) if ample else 4))
    pairs = [(j, p) for j in range(n_j) for p in range(n_p)]
    subset = st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3)
    conflict_set, excluded, existing = (set(), set(), set()) if ample else (draw(subset), draw(subset), draw(subset))
    # n_p is room for everything: a juror reviews each proposal at most once.
    max_loads = [n_p] * n_j if ample else draw(st.lists(st.integers(0, 2 * n_p), min_size=n_j, max_size=n_j))
    tags = st.frozensets(st.sampled_from(TAGS), max_size=2)
    proposals = [Proposal(100 + p, draw(tags)) for p in range(n_p)]
    jurors = [Juror(j, max_loads[j], draw(tags)) for j in range(n_j)]
    calibrated = draw(st.sets(st.integers(0, n_p - 1), max_size=2)) if calibration else set()

    def ids(pair_set):
        return {(j, 100 + p) for j, p in pair_set}

    return Instance(
        proposals=draw(st.permutations(proposals)),
        jurors=draw(st.permutations(jurors)),
        k=k,
        conflicts=ids(conflict_set),
        excluded=ids(excluded),
        existing=ids(existing),
        calibration={100 + p for p in calibrated},
        seed=draw(st.integers(0, 2**32)),
    )


def counted_loads(instance: Instance, result: AssignmentResult) -> Counter:
    return Counter(j for j, _ in [*instance.kept, *result.pairs])


@settings(max_examples=300, deadline=None)
@given(instances())
def test_never_a_forbidden_duplicate_or_over_capacity_pair(instance):
    """No forbidden pair, no pair twice or repeating an existing one, loads as reported and within max_load."""
    result = instance.run()
    pairs = set(result.pairs)

    assert len(pairs) == len(result.pairs)
    assert not pairs & instance.forbidden
    assert not pairs & instance.existing
    loads = counted_loads(instance, result)
    assert result.loads == {j.id: loads[j.id] for j in instance.jurors}
    for juror in instance.jurors:
        kept = sum(1 for j, _ in instance.kept if j == juror.id)
        assert loads[juror.id] <= max(juror.max_load, kept)
        if kept > juror.max_load:
            assert Problem(None, juror.id, ProblemCode.JUROR_OVER_CAPACITY, juror.max_load, kept) in result.problems


@settings(max_examples=300, deadline=None)
@given(instances())
def test_each_shortfall_is_reported_with_its_reason(instance):
    """A proposal below k reviews has exactly one problem with the right count and reason; none otherwise."""
    result = instance.run()
    by_proposal = reviewers(result, instance.kept)
    expected = set()
    for proposal in instance.proposals:
        got = len(by_proposal.get(proposal.id, set()))
        if got < instance.k:
            eligible = sum(1 for j in instance.jurors if (j.id, proposal.id) not in instance.forbidden)
            code = ProblemCode.TOO_FEW_ELIGIBLE_JURORS if eligible < instance.k else ProblemCode.NO_CAPACITY
            expected.add(Problem(proposal.id, None, code, instance.k, got))
        elif proposal.id not in instance.calibration:
            kept = len({j for j, p in instance.kept if p == proposal.id})
            assert got == max(kept, instance.k)  # never more than k unless kept existing pairs were more
    reported = {p for p in result.problems if p.code in (ProblemCode.TOO_FEW_ELIGIBLE_JURORS, ProblemCode.NO_CAPACITY)}
    assert reported == expected


@settings(max_examples=300, deadline=None)
@given(instances())
def test_calibration_reaches_every_allowed_juror_with_room(instance):
    result = instance.run()
    by_proposal = reviewers(result, instance.kept)
    full = {(p.juror_id, p.proposal_id) for p in result.problems if p.code == ProblemCode.CALIBRATION_JUROR_FULL}
    for proposal_id in instance.calibration:
        for juror in instance.jurors:
            if (juror.id, proposal_id) in instance.forbidden:
                assert juror.id not in by_proposal.get(proposal_id, set())
            else:
                assigned = juror.id in by_proposal.get(proposal_id, set())
                assert assigned != ((juror.id, proposal_id) in full)


@settings(max_examples=200, deadline=None)
@given(instances(ample=True))
def test_feasible_instances_get_exactly_k_and_loads_within_one(instance):
    """Without conflicts and with room for everything, every proposal has k reviews and loads differ by at most 1."""
    result = instance.run()

    assert result.problems == []
    by_proposal = reviewers(result)
    for proposal in instance.proposals:
        expected = len(instance.jurors) if proposal.id in instance.calibration else instance.k
        assert len(by_proposal.get(proposal.id, set())) == expected
    assert max(result.loads.values()) - min(result.loads.values()) <= 1


@settings(max_examples=200, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_deterministic_for_the_same_inputs_and_seed_in_any_order(instance, rnd):
    first = instance.run()
    shuffled_proposals = rnd.sample(instance.proposals, len(instance.proposals))
    shuffled_jurors = rnd.sample(instance.jurors, len(instance.jurors))
    args = {"k": instance.k, "conflicts": instance.conflicts, "excluded": instance.excluded}
    again = assign(
        shuffled_proposals,
        shuffled_jurors,
        **args,
        existing=instance.existing,
        calibration=instance.calibration,
        seed=instance.seed,
    )
    assert again == first


@settings(max_examples=300, deadline=None)
@given(instances())
def test_no_review_can_move_to_a_juror_two_below(instance):
    """Local balance: no new review could go to an allowed juror with room and a load two or more below its own."""
    result = instance.run()
    by_proposal = reviewers(result, instance.kept)
    room = {j.id for j in instance.jurors if result.loads[j.id] < j.max_load}
    for juror_id, proposal_id in result.pairs:
        if proposal_id in instance.calibration:
            continue
        for other in room - by_proposal[proposal_id]:
            if (other, proposal_id) not in instance.forbidden:
                assert result.loads[other] >= result.loads[juror_id] - 1


def fixed_pairs(instance: Instance, result: AssignmentResult) -> set[tuple[int, int]]:
    """The kept existing pairs and the calibration ones: given before the flow is solved."""
    return instance.kept | {(j, p) for j, p in result.pairs if p in instance.calibration}


def optimum(instance: Instance, fixed: set[tuple[int, int]]) -> tuple[int, int]:
    """(most regular reviews that can be added, least sum of load costs) by linear programming.

    Variables: x for each allowed new pair, and y[j, t] = 1 when juror j takes a t-th new review, at
    cost fixed_j + t (increasing, so the LP fills them in order: the sum of squared loads, up to a
    constant). Each review earns more than any change of load cost, so the LP first maximises the
    reviews placed, then balances.
    """
    fixed_load = Counter(j for j, _ in fixed)
    jurors = {j.id: j for j in instance.jurors}
    needs = {
        p.id: max(instance.k - sum(1 for _, q in fixed if q == p.id), 0)
        for p in instance.proposals
        if p.id not in instance.calibration
    }
    edges = [
        (j, p) for j in jurors for p in needs if needs[p] and (j, p) not in instance.forbidden and (j, p) not in fixed
    ]
    if not edges:
        return 0, 0
    units = [(j, t) for j, juror in jurors.items() for t in range(1, max(juror.max_load - fixed_load[j], 0) + 1)]
    reward = 2 + max((fixed_load[j] + t for j, t in units), default=0)
    cost = np.array([-reward] * len(edges) + [fixed_load[j] + t for j, t in units], dtype=float)
    rows = {p: i for i, p in enumerate(needs)}
    cols = {j: i for i, j in enumerate(jurors)}
    a_ub = np.zeros((len(needs), cost.size))
    a_eq = np.zeros((len(jurors), cost.size))
    for e, (j, p) in enumerate(edges):
        a_ub[rows[p], e] = 1
        a_eq[cols[j], e] = 1
    for u, (j, _) in enumerate(units):
        a_eq[cols[j], len(edges) + u] = -1
    solved = linprog(cost, A_ub=a_ub, b_ub=list(needs.values()), A_eq=a_eq, b_eq=np.zeros(len(jurors)), bounds=(0, 1))
    assert solved.status == 0
    placed = round(solved.x[: len(edges)].sum())
    return placed, round(solved.fun + reward * placed)


def load_cost(result: AssignmentResult, fixed: set[tuple[int, int]]) -> int:
    fixed_load = Counter(j for j, _ in fixed)
    return sum(sum(fixed_load[j] + t for t in range(1, load - fixed_load[j] + 1)) for j, load in result.loads.items())


@settings(max_examples=300, deadline=None)
@given(instances())
def test_places_the_most_reviews_with_the_most_balanced_loads(instance):
    """Matches the exact LP optimum: as many reviews as any assignment, and the lexicographically best loads."""
    result = instance.run()
    fixed = fixed_pairs(instance, result)
    placed, cost = optimum(instance, fixed)

    assert len(set(result.pairs) - fixed) == placed
    assert load_cost(result, fixed) == cost


@settings(max_examples=100, deadline=None)
@given(instances(calibration=False), st.integers(0, 2**32))
def test_the_seed_changes_ties_not_quality(instance, other_seed):
    """Another seed may pick other pairs but places as many reviews with the same load costs."""
    first, second = instance.run(), instance.run(seed=other_seed)

    assert len(first.pairs) == len(second.pairs)
    assert load_cost(first, instance.kept) == load_cost(second, instance.kept)


def test_large_random_instance_is_balanced_and_complete():
    """400 proposals, 20 jurors, k=3, 5% conflicts: 60 reviews each, nobody short."""
    rng = random.Random(3)
    conflicts = {(j, p) for j in range(20) for p in range(400) if rng.random() < 0.05}
    result = assign([Proposal(p) for p in range(400)], [Juror(j, 80) for j in range(20)], k=3, conflicts=conflicts)

    assert result.problems == []
    assert set(result.loads.values()) == {60}
    assert not set(result.pairs) & conflicts
