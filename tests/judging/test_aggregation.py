import math
import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from judging.aggregation import Criterion, Fallback, Review, TieBreak, aggregate, rank, review_totals

ONE_TO_TEN = [Criterion(id=1, weight=1, min=0, max=10)]


def by_id(results):
    return {row.proposal_id: row for row in results.proposals}


def test_review_total_is_weighted_mean_of_min_max_positions_on_100_ignoring_uncounted_criteria():
    criteria = [
        Criterion(id=1, weight=2, min=1, max=5),
        Criterion(id=2, weight=1, min=0, max=10),
        Criterion(id=3, weight=5, min=0, max=10, counted=False),
    ]
    reviews = [Review(1, 1, {1: 4, 2: 5, 3: 0}), Review(1, 2, {1: 5, 2: 10})]

    totals = review_totals(reviews, criteria)

    # (2 * 3/4 + 1 * 5/10) / 3 * 100, and the top of both scales.
    assert totals.tolist() == pytest.approx([200 / 3, 100.0])


@pytest.mark.parametrize(
    ("scores", "message"),
    [({}, "no score for criterion 1"), ({1: 11}, "outside its criterion's scale")],
)
def test_review_total_rejects_missing_and_out_of_range_scores(scores, message):
    with pytest.raises(ValueError, match=message):
        review_totals([Review(1, 1, scores)], ONE_TO_TEN)


def test_normalisation_lets_the_strict_jurors_favourite_overtake_the_lenient_jurors():
    """Strict juror: 60, 20, 40 (mean 40, sd 20). Lenient: 80, 90, 100 (mean 90, sd 10).

    Raw: P2 80 > P4 70 > P1 60 > P3 55. The strict juror's best (P1, z=+1) and the lenient juror's worst (P2, z=-1)
    swap: normalised = 65 + S * mean z, with 65 and S = sqrt(950) the mean and sample sd of all six totals.
    """
    strict, lenient = 1, 2
    reviews = [
        Review(strict, 1, {1: 6}),
        Review(strict, 3, {1: 2}),
        Review(strict, 4, {1: 4}),
        Review(lenient, 2, {1: 8}),
        Review(lenient, 3, {1: 9}),
        Review(lenient, 4, {1: 10}),
    ]

    results = aggregate(reviews, ONE_TO_TEN)

    rows = by_id(results)
    sd = math.sqrt(950)
    assert (results.overall_mean, results.overall_sd) == pytest.approx((65, sd))
    assert [rows[p].raw_mean for p in (1, 2, 3, 4)] == pytest.approx([60, 80, 55, 70])
    assert [rows[p].normalised for p in (1, 2, 3, 4)] == pytest.approx([65 + sd, 65 - sd, 65 - sd / 2, 65 + sd / 2])
    assert [row.proposal_id for row in results.by_raw()] == [2, 4, 1, 3]
    assert [row.proposal_id for row in results.proposals] == [1, 4, 3, 2]
    assert [(note.mean, note.sd, note.fallback) for note in results.jurors] == [(40, 20, None), (90, 10, None)]


def test_jurors_with_too_few_reviews_or_no_variance_keep_raw_totals_and_are_named():
    reviews = [
        Review(1, 1, {1: 2}),
        Review(1, 2, {1: 4}),
        Review(1, 3, {1: 9}),
        Review(2, 1, {1: 5}),
        Review(2, 2, {1: 5}),
        Review(2, 3, {1: 5}),
        Review(3, 4, {1: 7}),
        Review(3, 5, {1: 1}),
    ]

    results = aggregate(reviews, ONE_TO_TEN)

    assert [(note.juror_id, note.fallback) for note in results.fallbacks] == [
        (2, Fallback.ZERO_VARIANCE),
        (3, Fallback.TOO_FEW_REVIEWS),
    ]
    rows = by_id(results)
    assert (rows[4].normalised, rows[5].normalised) == (70, 10)
    # Proposal 1: juror 1's z = (20 - 50) / sd(20, 40, 90) mapped back, and juror 2's raw 50.
    m, s = np.mean([20, 40, 90, 50, 50, 50, 70, 10]), np.std([20, 40, 90, 50, 50, 50, 70, 10], ddof=1)
    z = (20 - 50) / np.std([20, 40, 90], ddof=1)
    assert rows[1].normalised == pytest.approx(((m + z * s) + 50) / 2)


def test_mean_median_spread_and_disagreement_flag():
    reviews = [Review(1, 1, {1: 1}), Review(2, 1, {1: 5}), Review(3, 1, {1: 6}), Review(1, 2, {1: 5})]

    rows = by_id(aggregate(reviews, ONE_TO_TEN, disagreement=45))
    strict_rows = by_id(aggregate(reviews, ONE_TO_TEN, disagreement=50))

    assert (rows[1].raw_mean, rows[1].raw_median, rows[1].spread, rows[1].disagreement) == (40, 50, 50, True)
    assert (rows[2].raw_median, rows[2].spread, rows[2].disagreement) == (50, 0, False)
    assert strict_rows[1].disagreement is False


def test_ties_go_first_to_the_criterion_mean_then_to_the_published_draw():
    criteria = [Criterion(id=1, weight=1, min=0, max=10), Criterion(id=2, weight=1, min=0, max=10, counted=False)]
    # Proposals 10, 20, 30 tie on 50; 20 has the best criterion-2 mean, 10 and 30 tie on it too; 40 is alone.
    reviews = [
        Review(1, 10, {1: 5, 2: 3}),
        Review(1, 20, {1: 5, 2: 8}),
        Review(1, 30, {1: 5, 2: 3}),
        Review(1, 40, {1: 9, 2: 0}),
    ]
    seed = 7
    draw_order = [10, 20, 30, 40]
    random.Random(seed).shuffle(draw_order)
    first_drawn, second_drawn = (p for p in draw_order if p in (10, 30))

    results = aggregate(reviews, criteria, tie_break_criterion=2, seed=seed)

    rows = by_id(results)
    assert [rows[p].draw for p in draw_order] == [1, 2, 3, 4]
    placements = [(row.proposal_id, row.raw_rank) for row in results.by_raw()]
    assert [(p, r.position, r.tie_group, r.tied, r.broken_by) for p, r in placements] == [
        (40, 1, 1, 1, TieBreak.NONE),
        (20, 2, 2, 3, TieBreak.CRITERION),
        (first_drawn, 3, 2, 3, TieBreak.DRAW),
        (second_drawn, 4, 2, 3, TieBreak.DRAW),
    ]
    assert results.seed == seed


def test_an_empty_round_has_no_rows():
    assert aggregate([], ONE_TO_TEN).proposals == ()


# Rounds for the properties: integer scores away from the scale's ends, so shifts and scalings stay in range.
WIDE = [Criterion(id=c, weight=w, min=0, max=100) for c, w in ((1, 1), (2, 2), (3, 0.5))]


@st.composite
def rounds(draw, min_reviews_each=3):
    jurors = draw(st.integers(2, 5))
    proposals = draw(st.integers(3, 8))
    reviews = []
    for juror in range(jurors):
        reviewed = draw(
            st.lists(st.integers(0, proposals - 1), min_size=min_reviews_each, max_size=proposals, unique=True)
        )
        for proposal in reviewed:
            scores = {c.id: draw(st.integers(30, 60)) for c in WIDE}
            reviews.append(Review(juror, proposal, scores))
    return reviews


def standardised(results):
    return np.array([(row.normalised - results.overall_mean) / results.overall_sd for row in by_id_sorted(results)])


def by_id_sorted(results):
    return sorted(results.proposals, key=lambda row: row.proposal_id)


@settings(max_examples=60, deadline=None)
@given(rounds(), st.data())
def test_normalisation_ignores_a_jurors_constant_shift_and_positive_scaling(reviews, data):
    before = aggregate(reviews, WIDE)
    assume(not before.fallbacks)
    juror = data.draw(st.sampled_from(sorted({r.juror_id for r in reviews})))
    shift = data.draw(st.integers(-25, 25))
    factor = data.draw(st.sampled_from([0.5, 0.75, 1.25, 1.5]))
    shifted = [
        replace(r, scores={c: s + shift for c, s in r.scores.items()}) if r.juror_id == juror else r for r in reviews
    ]
    scaled = [
        replace(r, scores={c: s * factor for c, s in r.scores.items()}) if r.juror_id == juror else r for r in reviews
    ]

    for changed in (shifted, scaled):
        after = aggregate(changed, WIDE)
        # Every juror still normalised; each proposal sits as many overall sds from the overall mean as before.
        assert not after.fallbacks
        np.testing.assert_allclose(standardised(after), standardised(before), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(rounds(min_reviews_each=1), st.floats(0.1, 50), st.integers(0, 2**32))
def test_scaling_all_weights_changes_nothing(reviews, factor, seed):
    scaled = [replace(c, weight=c.weight * factor) for c in WIDE]

    before, after = aggregate(reviews, WIDE, seed=seed), aggregate(reviews, scaled, seed=seed)

    for old, new in zip(by_id_sorted(before), by_id_sorted(after), strict=True):
        assert (new.raw_mean, new.normalised, new.spread) == pytest.approx((old.raw_mean, old.normalised, old.spread))
        assert (new.raw_rank, new.normalised_rank, new.draw) == (old.raw_rank, old.normalised_rank, old.draw)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 1.0, 2.5, 2.5 + 1e-9, 7.0, 9.99]), min_size=1, max_size=20),
    st.integers(0, 2**32),
)
def test_rank_follows_scores_and_tied_scores_share_a_group_ordered_by_the_seeded_draw(scores, seed):
    values = np.array(scores)
    draw = np.arange(1, len(scores) + 1)
    random.Random(seed).shuffle(draw)

    placements = rank(values, None, draw)

    assert sorted(p.position for p in placements) == list(range(1, len(scores) + 1))
    assert rank(values, None, draw) == placements
    for a in range(len(scores)):
        for b in range(len(scores)):
            pa, pb = placements[a], placements[b]
            if abs(values[a] - values[b]) <= 1e-6:
                assert (pa.tie_group, pa.tied) == (pb.tie_group, pb.tied)
                assert (pa.position < pb.position) == (draw[a] < draw[b])
                if a != b:
                    assert pa.broken_by == TieBreak.DRAW
            elif values[a] > values[b]:
                assert pa.position < pb.position
                assert pa.tie_group < pb.tie_group
    for p in placements:
        assert p.tie_group <= p.position < p.tie_group + p.tied
        assert (p.broken_by == TieBreak.NONE) == (p.tied == 1)


@settings(max_examples=30, deadline=None)
@given(rounds(min_reviews_each=1), st.integers(0, 2**32))
def test_the_same_inputs_and_seed_give_the_same_results(reviews, seed):
    first = aggregate(reviews, WIDE, tie_break_criterion=2, seed=seed)
    again = aggregate(list(reversed(reviews)), WIDE, tie_break_criterion=2, seed=seed)

    assert [row.proposal_id for row in first.proposals] == [row.proposal_id for row in again.proposals]
    assert [(row.raw_rank, row.normalised_rank, row.draw) for row in first.proposals] == [
        (row.raw_rank, row.normalised_rank, row.draw) for row in again.proposals
    ]
    ids = sorted(row.proposal_id for row in first.proposals)
    random.Random(seed).shuffle(ids)
    assert [by_id(first)[p].draw for p in ids] == list(range(1, len(ids) + 1))
