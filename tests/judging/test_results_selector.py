"""The round's ranking, computed from the stored scores."""

import pytest

from judging.aggregation import TieBreak
from judging.models import Assignment, Criterion, Round
from judging.selectors.results import pseudonym, round_results
from tests.judging import results_world

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


def test_ranking_matches_the_hand_computed_example(world):
    outcome = round_results(world["round"])
    p1, p2, p3, p4 = world["proposals"]
    by_raw = [(row.proposal_id, round(row.result.raw_mean, 2)) for row in outcome.by_raw()]
    assert sorted(by_raw[:2]) == [(p1.pk, 75.0), (p2.pk, 75.0)]
    assert by_raw[2:] == [(p3.pk, 41.67), (p4.pk, 0.0)]
    assert [row.proposal_id for row in outcome.rows] == [p1.pk, p2.pk, p3.pk, p4.pk]
    first = outcome.by_raw()[0].result.raw_rank
    assert (first.tie_group, first.tied, first.broken_by) == (1, 2, TieBreak.DRAW)
    assert outcome.rows[0].reference == "JUR26-0001"
    assert outcome.rows[3].result.reviews == 2


def test_reports_fallback_jurors_and_who_has_not_finished(world):
    outcome = round_results(world["round"])
    julia = world["jurors"]["julia"]
    assert [(note.juror.pk, note.juror.name, note.reviews) for note in outcome.fallbacks] == [(julia.pk, "Julia", 3)]
    assert "same total" in outcome.fallbacks[0].reason
    assert [(juror.pk, juror.assigned, juror.pseudonym) for juror in outcome.unfinished] == [(julia.pk, 1, "Juror C")]
    assert outcome.missing_reviews == 1


def test_recused_and_unsubmitted_reviews_do_not_count(world):
    Assignment.objects.filter(juror=world["jurors"]["jana"], proposal=world["proposals"][0]).update(status="recused")
    outcome = round_results(world["round"])
    p1 = next(row for row in outcome.rows if row.proposal_id == world["proposals"][0].pk)
    assert (p1.result.reviews, p1.result.raw_mean) == (2, 62.5)


def test_a_round_without_reviews_has_no_rows(world):
    empty = Round.objects.create(
        challenge=world["challenge"],
        name="Final",
        starts_at=world["now"],
        ends_at=world["now"] + world["now"].resolution,
    )
    Criterion.objects.create(round=empty, name="Demo")
    assert round_results(empty).rows == []


def test_the_number_of_queries_does_not_grow_with_the_round(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        round_results(Round.objects.select_related("challenge").get(pk=world["round"].pk))


def test_pseudonyms_go_past_z():
    assert [pseudonym(i) for i in (0, 25, 26, 27)] == ["Juror A", "Juror Z", "Juror AA", "Juror AB"]
