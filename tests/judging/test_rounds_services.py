"""Rounds and criteria: settings checked against the challenge, criteria locked once scoring begins."""

from decimal import Decimal

import pytest

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from judging.models import Criterion, Round
from judging.selectors.rounds import criteria_lock_reason, round_criteria
from judging.services.rounds import (
    criteria_unlock,
    criterion_create,
    criterion_delete,
    criterion_move,
    criterion_update,
    round_create,
    round_update,
)
from tests.conftest import make_challenge
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_criterion, rescore, round_fields, score_once

english = rounds_world.english
world = rounds_world.world


def actions(subject) -> list[str]:
    return list(audit_entries(subject).order_by("pk").values_list("action", flat=True))


def refused(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


def test_a_round_inside_the_final_judging_phase_is_created_with_a_random_seed(world):
    round_ = round_create(challenge=world["challenge"], actor=world["organizer"], **round_fields(world))

    assert (round_.name, round_.position, round_.reviews_per_proposal) == ("Final", 1, 3)
    assert 0 <= round_.seed < 2**31
    assert actions(round_) == ["round.created"]


def test_the_seed_given_is_kept(world):
    round_ = round_create(challenge=world["challenge"], actor=world["organizer"], **round_fields(world, seed=7))

    assert round_.seed == 7


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [(-12, -5, "starts_at"), (5, 15, "ends_at"), (12, 15, "starts_at"), (25, 35, "ends_at"), (5, 22, "ends_at")],
)
def test_dates_outside_the_evaluation_and_final_judging_phases_are_refused(world, starts, ends, field):
    now = world["now"]
    fields = round_fields(world, starts_at=now + starts * DAY, ends_at=now + ends * DAY)

    error = refused(round_create, challenge=world["challenge"], actor=world["organizer"], **fields)

    assert error.field == field
    assert "inside the evaluation or the final-judging phase" in error.message
    assert Round.objects.count() == 1


def test_a_round_must_end_after_it_starts(world):
    now = world["now"]
    fields = round_fields(world, starts_at=now + 25 * DAY, ends_at=now + 22 * DAY)

    error = refused(round_create, challenge=world["challenge"], actor=world["organizer"], **fields)

    assert (error.field, error.message) == ("ends_at", "The round must end after it starts.")


def test_a_challenge_without_judging_phase_gets_no_round(world):
    world["challenge"].phases.filter(kind__in=["evaluation", "final_judging"]).delete()

    error = refused(round_create, challenge=world["challenge"], actor=world["organizer"], **round_fields(world))

    assert error.message == "Add an evaluation or a final-judging phase to the challenge's timeline first."


def test_a_shortlist_round_judges_an_earlier_round_of_the_same_challenge(world):
    round_ = round_create(
        challenge=world["challenge"],
        actor=world["organizer"],
        **round_fields(world, scope="shortlist", previous=world["round"]),
    )

    assert round_.previous == world["round"]


def test_a_shortlist_round_needs_its_previous_round(world):
    error = refused(
        round_create, challenge=world["challenge"], actor=world["organizer"], **round_fields(world, scope="shortlist")
    )

    assert error.field == "previous"


def test_the_previous_round_must_come_earlier(world):
    fields = round_fields(world, scope="shortlist", previous=world["round"], position=0)

    error = refused(round_create, challenge=world["challenge"], actor=world["organizer"], **fields)

    assert error.field == "position"


def test_the_previous_round_must_belong_to_the_same_challenge(world):
    other = make_challenge(world["lab"], "otro-reto")
    foreign = Round.objects.create(
        challenge=other, name="Other", starts_at=world["now"], ends_at=world["now"] + DAY, position=0
    )
    fields = round_fields(world, scope="shortlist", previous=foreign)

    error = refused(round_create, challenge=world["challenge"], actor=world["organizer"], **fields)

    assert (error.field, error.message) == ("previous", "Choose an earlier round of the same challenge.")


def test_a_round_of_every_submitted_proposal_forgets_a_previous_round(world):
    round_ = round_create(
        challenge=world["challenge"], actor=world["organizer"], **round_fields(world, previous=world["round"])
    )

    assert round_.previous is None


def test_changes_are_saved_and_audited_with_what_changed(world):
    round_ = world["round"]
    criterion = add_criterion(round_)

    round_update(round_=round_, actor=world["organizer"], reviews_per_proposal=2, tie_break=criterion)

    round_.refresh_from_db()
    assert (round_.reviews_per_proposal, round_.tie_break) == (2, criterion)
    entry = audit_entries(round_).get()
    assert (entry.action, entry.data) == (
        "round.updated",
        {"changes": {"reviews_per_proposal": 2, "tie_break": criterion.pk}},
    )


def test_saving_unchanged_settings_records_nothing(world):
    round_update(round_=world["round"], actor=world["organizer"], name="Preselection")

    assert actions(world["round"]) == []


def test_the_tie_breaker_must_be_a_criterion_of_the_round(world):
    other_round = Round.objects.create(
        challenge=world["challenge"], name="Other", starts_at=world["now"], ends_at=world["now"] + DAY
    )
    foreign = add_criterion(other_round)

    error = refused(round_update, round_=world["round"], actor=world["organizer"], tie_break=foreign)

    assert error.field == "tie_break"


def test_method_and_seed_are_fixed_once_scoring_began(world):
    round_ = world["round"]
    score_once(round_, add_criterion(round_))

    assert refused(round_update, round_=round_, actor=world["organizer"], method="pairwise").field == "method"
    assert refused(round_update, round_=round_, actor=world["organizer"], seed=1).field == "seed"
    round_update(round_=round_, actor=world["organizer"], name="Preselection on documents")
    round_.refresh_from_db()
    assert (round_.method, round_.seed, round_.name) == ("rubric", 42, "Preselection on documents")


def test_criteria_are_added_in_order_and_audited(world):
    round_ = world["round"]

    first = criterion_create(round_=round_, actor=world["organizer"], name="Impact", weight=Decimal(2))
    second = criterion_create(
        round_=round_, actor=world["organizer"], name="Budget", scale_min=Decimal(0), scale_max=Decimal(10)
    )

    assert [(c.name, c.position) for c in round_.criteria.all()] == [("Impact", 0), ("Budget", 1)]
    assert (first.weight, second.scale_max, second.step) == (Decimal(2), Decimal(10), Decimal(1))
    assert actions(round_) == ["round.criterion_added", "round.criterion_added"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"weight": Decimal(-1)}, "weight"),
        ({"scale_min": Decimal(5), "scale_max": Decimal(5)}, "scale_max"),
        ({"step": Decimal(0)}, "step"),
        ({"step": Decimal("1.5")}, "step"),
    ],
)
def test_invalid_weights_and_scales_are_refused(world, fields, field):
    error = refused(criterion_create, round_=world["round"], actor=world["organizer"], name="Impact", **fields)

    assert error.field == field
    assert not Criterion.objects.exists()


def test_a_half_point_step_that_divides_the_scale_is_accepted(world):
    criterion = criterion_create(round_=world["round"], actor=world["organizer"], name="Impact", step=Decimal("0.5"))

    assert criterion.step == Decimal("0.5")


def test_pairwise_rounds_have_no_criteria(world):
    round_ = world["round"]
    round_.method = "pairwise"
    round_.save()

    error = refused(criterion_create, round_=round_, actor=world["organizer"], name="Impact")

    assert error.message == "Pairwise rounds have no criteria: jurors compare projects with each other."


def test_a_criterion_is_changed_moved_and_deleted(world):
    round_ = world["round"]
    first, second, third = (add_criterion(round_, name) for name in ("A", "B", "C"))

    criterion_update(criterion=first, actor=world["organizer"], weight=Decimal(3), counted=False)
    criterion_move(criterion=third, actor=world["organizer"], up=True)
    criterion_move(criterion=third, actor=world["organizer"], up=True)
    criterion_move(criterion=third, actor=world["organizer"], up=True)  # already first: nothing moves
    criterion_delete(criterion=second, actor=world["organizer"])

    first.refresh_from_db()
    assert (first.weight, first.counted) == (Decimal(3), False)
    assert [c.name for c in round_.criteria.all()] == ["C", "A"]
    assert actions(round_) == [
        "round.criterion_changed",
        "round.criteria_reordered",
        "round.criteria_reordered",
        "round.criterion_deleted",
    ]


def test_weights_are_shown_as_shares_of_the_counted_total(world):
    round_ = world["round"]
    add_criterion(round_, "Impact", weight=Decimal(1))
    add_criterion(round_, "Feasibility", weight=Decimal(3))
    add_criterion(round_, "Presentation", weight=Decimal(5), counted=False)

    shares = [(row.criterion.name, row.share) for row in round_criteria(round_)]

    assert shares == [("Impact", Decimal("25.0")), ("Feasibility", Decimal("75.0")), ("Presentation", None)]


def test_criteria_lock_once_the_first_score_is_saved(world):
    round_ = world["round"]
    criterion = add_criterion(round_)
    assert criteria_lock_reason(round_) is None
    score_once(round_, criterion)

    for call, kwargs in [
        (criterion_create, {"round_": round_, "name": "New"}),
        (criterion_update, {"criterion": criterion, "weight": Decimal(2)}),
        (criterion_move, {"criterion": criterion, "up": False}),
        (criterion_delete, {"criterion": criterion}),
    ]:
        error = refused(call, actor=world["organizer"], **kwargs)
        assert error.message.startswith("The criteria are locked because scoring has begun")
    assert list(round_.criteria.values_list("name", "weight")) == [("Impact", Decimal(1))]


def test_criteria_locked_by_date_are_locked_without_scores(world):
    round_ = world["round"]
    round_.criteria_locked_at = world["now"]
    round_.save()

    assert refused(criterion_create, round_=round_, actor=world["organizer"], name="New").message.startswith(
        "The criteria are locked"
    )


def test_staff_unlock_with_a_reason_until_the_next_score(world, staff):
    round_ = world["round"]
    criterion = add_criterion(round_)
    assignment = score_once(round_, criterion)

    criteria_unlock(round_=round_, actor=staff, reason="A typo in the description")
    criterion_update(criterion=criterion, actor=world["organizer"], description="Fixed")

    round_.refresh_from_db()
    assert round_.criteria_locked_at is None
    entry = audit_entries(round_).filter(action="round.criteria_unlocked").get()
    assert (entry.actor, entry.data) == (staff, {"reason": "A typo in the description"})
    assert criterion.scores.get().value == 3  # the scores stay as they were
    rescore(assignment, criterion, value=4)
    round_.refresh_from_db()
    assert criteria_lock_reason(round_) is not None


def test_only_staff_unlock_and_only_with_a_reason(world, staff):
    round_ = world["round"]
    score_once(round_, add_criterion(round_))
    round_.refresh_from_db()
    locked_at = round_.criteria_locked_at

    assert refused(criteria_unlock, round_=round_, actor=world["organizer"], reason="Please").message == (
        "Only staff can unlock the criteria."
    )
    assert refused(criteria_unlock, round_=round_, actor=staff, reason="  ").field == "reason"
    round_.refresh_from_db()
    assert locked_at is not None and round_.criteria_locked_at == locked_at
    assert criteria_lock_reason(round_) is not None
    assert "round.criteria_unlocked" not in actions(round_)


def test_unlocking_unlocked_criteria_is_refused(world, staff):
    error = refused(criteria_unlock, round_=world["round"], actor=staff, reason="Why not")

    assert error.message == "The criteria are not locked."
