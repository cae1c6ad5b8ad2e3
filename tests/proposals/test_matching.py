"""The assisted matching's pure assignment: hand-checkable cases."""

from proposals.matching import Candidate, candidate_cost, match


def c(application_id, applicant_id, slot_id, preference=1, rating=None):
    return Candidate(application_id, applicant_id, slot_id, preference, rating)


def assigned_pairs(result):
    return sorted((candidate.applicant_id, candidate.slot_id) for candidate in result.assigned)


def test_cost_formula():
    """First choice rated 5 costs 0; each rank costs 2, each rating point below 5 costs 1; unrated is 3."""
    assert candidate_cost(c(1, 1, 1, preference=1, rating=5)) == 0
    assert candidate_cost(c(1, 1, 1, preference=3, rating=5)) == 4
    assert candidate_cost(c(1, 1, 1, preference=1, rating=1)) == 4
    assert candidate_cost(c(1, 1, 1, preference=2)) == 4


def test_capacity_two_takes_two_applicants():
    result = match([c(1, 10, 100), c(2, 11, 100), c(3, 12, 100)], {100: 2})
    assert len(result.assigned) == 2
    assert len(result.unassigned_applicants) == 1
    assert result.unfilled == {}


def test_competing_preferences_each_gets_their_first_choice():
    """Ana wants A then B, Beto wants B then A: both get their first choice."""
    result = match([c(1, 1, 100, 1), c(2, 1, 200, 2), c(3, 2, 200, 1), c(4, 2, 100, 2)], {100: 1, 200: 1})
    assert assigned_pairs(result) == [(1, 100), (2, 200)]
    assert result.unassigned_applicants == []


def test_filling_more_places_beats_first_choices():
    """Both want A first; only Beto applied to B too, so Beto takes B and Ana A."""
    result = match([c(1, 1, 100, 1), c(2, 2, 100, 1), c(3, 2, 200, 2)], {100: 1, 200: 1})
    assert assigned_pairs(result) == [(1, 100), (2, 200)]


def test_rating_breaks_a_tie():
    """Same preference for the one place: the higher-rated applicant gets it, whatever the order."""
    candidates = [c(1, 1, 100, 1, rating=2), c(2, 2, 100, 1, rating=4)]
    assert assigned_pairs(match(candidates, {100: 1})) == [(2, 100)]
    assert assigned_pairs(match(list(reversed(candidates)), {100: 1})) == [(2, 100)]
    assert match(candidates, {100: 1}).unassigned_applicants == [1]


def test_unrated_counts_as_neutral():
    """Unrated (3) beats rated 2 and loses to rated 4."""
    assert assigned_pairs(match([c(1, 1, 100), c(2, 2, 100, rating=2)], {100: 1})) == [(1, 100)]
    assert assigned_pairs(match([c(1, 1, 100), c(2, 2, 100, rating=4)], {100: 1})) == [(2, 100)]


def test_one_role_per_person():
    """An applicant to two roles with room for both gets only one; the other place stays unfilled."""
    result = match([c(1, 1, 100, 1), c(2, 1, 200, 2)], {100: 1, 200: 1})
    assert assigned_pairs(result) == [(1, 100)]
    assert result.unfilled == {200: 1}


def test_nobody_applicable():
    """Applications only to full or unknown roles: nobody is assigned, every free place stays unfilled."""
    result = match([c(1, 1, 100), c(2, 2, 300)], {100: 0, 200: 2})
    assert result.assigned == []
    assert result.unassigned_applicants == []
    assert result.unfilled == {200: 2}


def test_no_candidates_at_all():
    result = match([], {100: 1})
    assert result.assigned == [] and result.unfilled == {100: 1}


def test_deterministic_whatever_the_input_order():
    candidates = [c(i, i % 4, 100 + i % 3, preference=1 + i % 2) for i in range(1, 13)]
    first = match(candidates, {100: 1, 101: 2, 102: 1})
    second = match(list(reversed(candidates)), {102: 1, 101: 2, 100: 1})
    assert first == second
    assert len(first.assigned) == 4
