from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.selection import CAPITAL_REGION, HOME_COUNTRY, Candidate, Change, Quota, QuotaKind, Shortfall, select

LIMA = CAPITAL_REGION
OUTSIDE_LIMA_2 = Quota(QuotaKind.MIN_OUTSIDE_CAPITAL, 2)
ABROAD_1 = Quota(QuotaKind.MIN_ABROAD, 1)
RANKING = [
    Candidate(1, "PE", LIMA),
    Candidate(2, "PE", LIMA),
    Candidate(3, "PE", "PE-CUS"),
    Candidate(4, "PE", LIMA),
    Candidate(5, "CO"),
    Candidate(6, "PE", "PE-ARE"),
]


def test_quotas_outside_lima_and_abroad_displace_the_third_and_say_why():
    """Plain top 3: 1, 2, 3 (one outside Lima, none abroad). Colombia's 5 counts for both minimums, so 2 gives way."""
    selection = select(RANKING, count=3, waitlist=2, quotas=[OUTSIDE_LIMA_2, ABROAD_1])

    assert (selection.selected, selection.waitlist, selection.not_selected) == ((1, 3, 5), (2, 4), (6,))
    assert selection.displaced == (Change(2, (OUTSIDE_LIMA_2, ABROAD_1)),)
    assert selection.admitted == (Change(5, (OUTSIDE_LIMA_2, ABROAD_1)),)
    assert [(r.target, r.plain, r.selected, r.shortfall) for r in selection.quotas] == [
        (2, 1, 2, None),
        (1, 0, 1, None),
    ]
    assert selection.unfilled == 0


def test_at_most_one_per_country_leaves_places_empty_rather_than_breaking_it():
    one_each = Quota(QuotaKind.MAX_COUNTRY, 1)

    selection = select(RANKING, count=3, waitlist=1, quotas=[one_each])

    assert (selection.selected, selection.waitlist, selection.unfilled) == ((1, 5), (2,), 1)
    assert selection.displaced == (Change(2, (one_each,)), Change(3, (one_each,)))
    assert selection.admitted == (Change(5, (one_each,)),)
    assert [(r.plain, r.selected) for r in selection.quotas] == [(3, 1)]


def test_a_quota_that_cannot_be_met_is_reported_and_met_as_far_as_possible():
    abroad_2 = Quota(QuotaKind.MIN_ABROAD, 2)
    tacna = Quota(QuotaKind.MIN_REGION, 1, region="PE-TAC")
    cusco_4 = Quota(QuotaKind.MIN_REGION, 4, region="PE-CUS")

    selection = select(RANKING, count=3, waitlist=0, quotas=[abroad_2, tacna, cusco_4])

    assert selection.selected == (1, 3, 5)
    assert [(r.target, r.shortfall) for r in selection.infeasible] == [
        (1, Shortfall.NOT_ENOUGH_CANDIDATES),
        (0, Shortfall.NOT_ENOUGH_CANDIDATES),
        (1, Shortfall.NOT_ENOUGH_CANDIDATES),
    ]
    # Enough candidates, too few places; then enough of each but not both within 2 places.
    many = RANKING + [Candidate(7, "EC"), Candidate(8, "CO")]
    crowded = select(
        many, count=2, waitlist=0, quotas=[Quota(QuotaKind.MIN_ABROAD, 3), Quota(QuotaKind.MIN_REGION, 1, "PE-CUS")]
    )
    assert [(r.target, r.shortfall) for r in crowded.quotas] == [
        (2, Shortfall.NOT_ENOUGH_PLACES),
        (0, Shortfall.CONFLICT),
    ]
    assert crowded.selected == (5, 7)


def test_overlapping_minimum_and_maximum_quotas_take_the_best_ranked_feasible_set():
    """Two from abroad, at most one per country: the two Colombians cannot both go, so Ecuador's 9 comes in."""
    ranking = [Candidate(1, "PE", LIMA), Candidate(2, "CO"), Candidate(3, "CO"), Candidate(4, "PE", LIMA)]
    ranking += [Candidate(9, "EC")]

    selection = select(
        ranking, count=3, waitlist=5, quotas=[Quota(QuotaKind.MIN_ABROAD, 2), Quota(QuotaKind.MAX_COUNTRY, 1)]
    )

    assert (selection.selected, selection.waitlist) == ((1, 2, 9), (3, 4))


# Properties on small random rankings, checked against brute force.
candidates = st.one_of(
    st.builds(Candidate, st.just(0), st.just(HOME_COUNTRY), st.sampled_from([LIMA, "PE-CUS", "PE-ARE"])),
    st.builds(Candidate, st.just(0), st.sampled_from(["CO", "EC"]), st.just("")),
)
quotas = st.lists(
    st.one_of(
        st.builds(Quota, st.just(QuotaKind.MIN_OUTSIDE_CAPITAL), st.integers(0, 4)),
        st.builds(Quota, st.just(QuotaKind.MIN_ABROAD), st.integers(0, 4)),
        st.builds(Quota, st.just(QuotaKind.MIN_REGION), st.integers(0, 3), st.sampled_from(["PE-CUS", "PE-ARE"])),
        st.builds(Quota, st.just(QuotaKind.MAX_COUNTRY), st.integers(1, 4)),
    ),
    max_size=3,
)


def numbered(ranking):
    return [Candidate(i, c.country, c.region) for i, c in enumerate(ranking)]


def meets(group, quota_list, targets):
    for quota, target in zip(quota_list, targets, strict=True):
        if quota.kind == QuotaKind.MAX_COUNTRY:
            if max(Counter(c.country for c in group).values(), default=0) > quota.count:
                return False
        elif sum(counts_for(quota, c) for c in group) < target:
            return False
    return True


def counts_for(quota, candidate):
    if quota.kind == QuotaKind.MIN_OUTSIDE_CAPITAL:
        return candidate.region != LIMA
    if quota.kind == QuotaKind.MIN_ABROAD:
        return candidate.country != HOME_COUNTRY
    return candidate.region == quota.region


@settings(max_examples=300, deadline=None)
@given(st.lists(candidates, max_size=8).map(numbered), st.integers(0, 6), st.integers(0, 4), quotas)
def test_selection_is_the_best_ranked_set_meeting_the_quotas_then_the_waitlist_in_rank_order(
    ranking, count, waitlist, quota_list
):
    selection = select(ranking, count=count, waitlist=waitlist, quotas=quota_list)

    ids = [c.proposal_id for c in ranking]
    chosen = [c for c in ranking if c.proposal_id in selection.selected]
    targets = [r.target for r in selection.quotas]
    assert len(selection.selected) <= count
    assert selection.unfilled == count - len(selection.selected)
    assert list(selection.selected) == sorted(selection.selected)
    assert meets(chosen, quota_list, targets)
    for report in selection.quotas:
        assert report.target <= report.quota.count
        assert (report.shortfall is None) == (report.target == report.quota.count)
    rest = [i for i in ids if i not in selection.selected]
    assert selection.waitlist == tuple(rest[:waitlist])
    assert selection.not_selected == tuple(rest[waitlist:])
    # Brute force: no larger feasible set, and the selection is the lexicographically best of its size.
    size = len(selection.selected)
    if size < min(count, len(ranking)):
        assert not any(meets(group, quota_list, targets) for group in combinations(ranking, size + 1))
    best = next(group for group in combinations(ranking, size) if meets(group, quota_list, targets))
    assert tuple(c.proposal_id for c in best) == selection.selected
    assert {c.proposal_id for c in selection.displaced} == set(ids[:count]) - set(selection.selected)
    assert {c.proposal_id for c in selection.admitted} == set(selection.selected) - set(ids[:count])


@settings(max_examples=100, deadline=None)
@given(st.lists(candidates, max_size=12).map(numbered), st.integers(0, 14), st.integers(0, 5))
def test_without_quotas_the_selection_is_the_plain_top_n(ranking, count, waitlist):
    selection = select(ranking, count=count, waitlist=waitlist)

    ids = tuple(c.proposal_id for c in ranking)
    assert (selection.selected, selection.waitlist) == (ids[:count], ids[count : count + waitlist])
    assert (selection.displaced, selection.admitted, selection.quotas) == ((), (), ())


@settings(max_examples=100, deadline=None)
@given(st.lists(candidates, max_size=8).map(numbered), st.integers(0, 6), quotas)
def test_quotas_that_can_be_met_are_met_in_full(ranking, count, quota_list):
    selection = select(ranking, count=count, waitlist=0, quotas=quota_list)

    chosen = [c for c in ranking if c.proposal_id in selection.selected]
    full = [r.quota.count for r in selection.quotas]
    feasible_in_full = any(meets(group, quota_list, full) for group in combinations(ranking, len(selection.selected)))
    assert feasible_in_full == (not selection.infeasible)
    if feasible_in_full:
        assert meets(chosen, quota_list, full)
