"""The organizers' setup API: rounds, criteria, jury, conflicts and assignment, with the pages' rules and services."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from innovation_platform.core.audit import audit_entries
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, AssignmentStatus, Conflict, Criterion, Juror, JurorStatus, Round, Score
from tests.conftest import make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_criterion, add_juror, add_proposal, score_once

pytestmark = pytest.mark.django_db
english = rounds_world.english
world = rounds_world.world


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def organizer_api(api, world):
    api.force_authenticate(world["organizer"])
    return api


def url(resource: str, pk: int | None = None, action: str | None = None) -> str:
    if pk is None:
        return reverse(f"v1:judging-setup-{resource}-list")
    if action is None:
        return reverse(f"v1:judging-setup-{resource}-detail", args=[pk])
    return reverse(f"v1:judging-setup-{resource}-{action}", args=[pk])


def round_body(world, **changes) -> dict:
    now = world["now"]
    body = {
        "challenge": world["challenge"].slug,
        "name": "Final",
        "position": 1,
        "starts_at": (now + 21 * DAY).isoformat(),
        "ends_at": (now + 29 * DAY).isoformat(),
        "reviews_per_proposal": 2,
    }
    return {**body, **changes}


def actions(round_) -> list[str]:
    return list(audit_entries(round_).order_by("pk").values_list("action", flat=True))


def as_role(api, world, role: str):
    """Sign `api` in as one of the people who must not set up the world's round."""
    challenge, round_ = world["challenge"], world["round"]
    if role == "other_organizer":
        api.force_authenticate(world["outsider"])
    elif role == "juror":
        api.force_authenticate(add_juror(round_, make_user("juror@example.org")).user)
    elif role == "team_member":
        lead = make_user("lead@example.org")
        add_proposal(challenge, lead, number=9)
        api.force_authenticate(lead)
    elif role == "citizen":
        api.force_authenticate(make_user("citizen@example.org"))
    return api


OUTSIDERS = ["other_organizer", "juror", "team_member", "citizen"]


# Rounds


def test_an_organizer_creates_a_round_with_defaults_and_a_random_seed(organizer_api, world):
    response = organizer_api.post(url("round"), round_body(world), format="json")

    assert response.status_code == 201
    body = response.json()
    round_ = Round.objects.get(pk=body["id"])
    assert (body["challenge"], body["name"], body["method"], body["scope"]) == (
        "reto-jurado",
        "Final",
        "rubric",
        "submitted",
    )
    assert (round_.reviews_per_proposal, round_.is_blind, round_.same_lab_is_conflict) == (2, True, True)
    assert 0 <= body["seed"] < 2**31
    assert actions(round_) == ["round.created"]


def test_round_dates_outside_the_judging_phases_are_a_400_with_the_reason(organizer_api, world):
    now = world["now"]
    body = round_body(world, starts_at=(now + 12 * DAY).isoformat(), ends_at=(now + 15 * DAY).isoformat())

    response = organizer_api.post(url("round"), body, format="json")

    assert response.status_code == 400
    assert "inside the evaluation or the final-judging phase" in response.json()["starts_at"][0]
    assert Round.objects.count() == 1


def test_a_round_without_its_name_or_with_an_unknown_method_is_a_400(organizer_api, world):
    body = round_body(world, method="lottery")
    del body["name"]

    response = organizer_api.post(url("round"), body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"name", "method"}
    assert list(Round.objects.values_list("pk", flat=True)) == [world["round"].pk]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_the_challenges_organizers_create_rounds(api, world, role):
    response = as_role(api, world, role).post(url("round"), round_body(world), format="json")

    assert response.status_code == 403
    assert Round.objects.count() == 1


def test_anonymous_callers_are_asked_to_sign_in(api, world):
    assert api.post(url("round"), round_body(world), format="json").status_code == 401
    assert api.get(url("criterion"), {"round": world["round"].pk}).status_code == 401
    assert list(Round.objects.values_list("pk", flat=True)) == [world["round"].pk]


def test_a_draft_challenge_of_another_lab_is_not_revealed(api, world):
    world["challenge"].visibility = "draft"
    world["challenge"].save(update_fields=["visibility"])
    api.force_authenticate(world["outsider"])

    response = api.post(url("round"), round_body(world), format="json")
    unknown = api.post(url("round"), round_body(world, challenge="no-such-call"), format="json")

    assert (response.status_code, response.json()) == (400, {"challenge": ["There is no challenge with this address."]})
    assert unknown.json() == response.json()
    assert list(Round.objects.values_list("pk", flat=True)) == [world["round"].pk]


def test_staff_create_rounds_anywhere(api, world):
    api.force_authenticate(make_user("staff@example.org", is_staff=True))

    assert api.post(url("round"), round_body(world), format="json").status_code == 201


def test_an_organizer_updates_a_round(organizer_api, world):
    round_ = world["round"]

    response = organizer_api.patch(url("round", round_.pk), {"reviews_per_proposal": 4}, format="json")

    assert response.status_code == 200
    assert response.json()["reviews_per_proposal"] == 4
    shown = organizer_api.get(url("round", round_.pk)).json()
    assert (shown["name"], shown["reviews_per_proposal"], shown["seed"], shown["tie_break"]) == (
        "Preselection",
        4,
        42,
        None,
    )
    round_.refresh_from_db()
    assert round_.reviews_per_proposal == 4
    assert actions(round_) == ["round.updated"]


def test_the_seed_cannot_change_once_jurors_have_scored(organizer_api, world):
    round_ = world["round"]
    criterion = add_criterion(round_)
    juror = add_juror(round_, make_user("juror@example.org"))
    assignment = Assignment.objects.create(
        round=round_, juror=juror, proposal=add_proposal(round_.challenge, juror.user)
    )
    Score.objects.create(assignment=assignment, criterion=criterion, value=3)

    response = organizer_api.patch(url("round", round_.pk), {"seed": 7}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "seed": ["Jurors have already scored in this round: its method and seed can no longer change."]
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_organizers_see_and_update_a_rounds_settings(api, world, role):
    round_ = world["round"]
    as_role(api, world, role)

    assert api.get(url("round", round_.pk)).status_code == 403
    assert api.patch(url("round", round_.pk), {"name": "Mine"}, format="json").status_code == 403
    round_.refresh_from_db()
    assert round_.name == "Preselection"


# Criteria


def test_an_organizer_lists_adds_changes_and_deletes_criteria(organizer_api, world):
    round_ = world["round"]
    add_criterion(round_, "Impact")

    created = organizer_api.post(
        url("criterion"), {"round": round_.pk, "name": "Feasibility", "weight": "2"}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    changed = organizer_api.patch(url("criterion", pk), {"scale_max": "10"}, format="json")
    assert changed.json()["scale_max"] == "10.00"
    listed = organizer_api.get(url("criterion"), {"round": round_.pk}).json()
    assert [(item["name"], item["weight"], item["scale_max"]) for item in listed] == [
        ("Impact", "1.00", "5.00"),
        ("Feasibility", "2.00", "10.00"),
    ]
    assert organizer_api.delete(url("criterion", pk)).status_code == 204
    assert list(round_.criteria.values_list("name", flat=True)) == ["Impact"]
    assert actions(round_) == ["round.criterion_added", "round.criterion_changed", "round.criterion_deleted"]


def test_an_invalid_scale_is_a_400_with_the_message(organizer_api, world):
    body = {"round": world["round"].pk, "name": "Impact", "scale_min": "1", "scale_max": "5", "step": "3"}

    response = organizer_api.post(url("criterion"), body, format="json")

    assert response.status_code == 400
    assert response.json() == {"step": ["The step must divide the scale evenly, so the highest score can be given."]}
    assert not Criterion.objects.exists()


def test_criteria_need_their_round(organizer_api, world):
    assert organizer_api.get(url("criterion")).json() == {"round": ["Give the round's id."]}
    # A round named in the query or body, not the address: an unknown one is a refused field, not a missing page.
    assert organizer_api.get(url("criterion"), {"round": 999}).json() == {"round": ["There is no round with this id."]}


def test_criteria_are_refused_once_locked_with_the_reason(organizer_api, world):
    round_ = world["round"]
    criterion = add_criterion(round_)
    score_once(round_, criterion)
    locked = (
        "The criteria are locked because scoring has begun: changing them now would make the scores unfair. "
        "Only staff can unlock them, giving a reason."
    )

    added = organizer_api.post(url("criterion"), {"round": round_.pk, "name": "Other"}, format="json")
    changed = organizer_api.patch(url("criterion", criterion.pk), {"weight": "3"}, format="json")
    deleted = organizer_api.delete(url("criterion", criterion.pk))

    assert [response.status_code for response in (added, changed, deleted)] == [400, 400, 400]
    assert added.json() == changed.json() == deleted.json() == {"detail": locked}
    assert list(round_.criteria.values_list("name", "weight")) == [("Impact", 1)]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_organizers_read_and_change_criteria(api, world, role):
    round_ = world["round"]
    criterion = add_criterion(round_)
    as_role(api, world, role)

    assert api.get(url("criterion"), {"round": round_.pk}).status_code == 403
    assert api.post(url("criterion"), {"round": round_.pk, "name": "X"}, format="json").status_code == 403
    assert api.patch(url("criterion", criterion.pk), {"name": "X"}, format="json").status_code == 403
    assert api.delete(url("criterion", criterion.pk)).status_code == 403
    assert list(round_.criteria.values_list("name", flat=True)) == ["Impact"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_criteria_list_takes_a_fixed_number_of_queries(organizer_api, world, django_assert_num_queries, count):
    for number in range(count):
        add_criterion(world["round"], f"Criterion {number}")

    with django_assert_num_queries(4):
        response = organizer_api.get(url("criterion"), {"round": world["round"].pk})

    assert len(response.json()) == count


# Jury


def test_an_organizer_invites_lists_changes_and_revokes_jurors(
    organizer_api, world, django_capture_on_commit_callbacks
):
    round_ = world["round"]

    with django_capture_on_commit_callbacks(execute=True):
        invited = organizer_api.post(
            url("juror"), {"round": round_.pk, "email": "Jana@Example.org", "expertise": ["Water"]}, format="json"
        )

    assert invited.status_code == 201
    pk = invited.json()["id"]
    assert (invited.json()["email"], invited.json()["status"], invited.json()["max_load"]) == (
        "jana@example.org",
        "invited",
        20,
    )
    assert [message.to for message in mail.outbox] == [["jana@example.org"]]
    changed = organizer_api.patch(url("juror", pk), {"max_load": 5}, format="json")
    assert (changed.json()["max_load"], changed.json()["expertise"]) == (5, ["water"])
    listed = organizer_api.get(url("juror"), {"round": round_.pk}).json()["results"]
    assert [(item["email"], item["load"], item["done"]) for item in listed] == [("jana@example.org", 0, 0)]
    revoked = organizer_api.post(url("juror", pk, "revoke"))
    assert revoked.json()["status"] == "revoked"
    assert Juror.objects.get(pk=pk).status == JurorStatus.REVOKED


def test_inviting_someone_twice_or_a_bad_address_is_a_400(organizer_api, world):
    round_ = world["round"]
    organizer_api.post(url("juror"), {"round": round_.pk, "email": "jana@example.org"}, format="json")

    again = organizer_api.post(url("juror"), {"round": round_.pk, "email": "jana@example.org"}, format="json")
    invalid = organizer_api.post(url("juror"), {"round": round_.pk, "email": "jana", "max_load": 0}, format="json")

    assert again.status_code == 400
    assert again.json() == {
        "email": ["This person was already invited; re-send the invitation from the jury list instead."]
    }
    assert invalid.status_code == 400
    assert set(invalid.json()) == {"email", "max_load"}
    assert Juror.objects.count() == 1


def test_revoking_a_revoked_juror_is_a_400(organizer_api, world):
    juror = add_juror(world["round"], make_user("juror@example.org"), status="revoked")

    response = organizer_api.post(url("juror", juror.pk, "revoke"))

    assert (response.status_code, response.json()) == (400, {"detail": "This person is no longer on the jury."})
    juror.refresh_from_db()
    assert (juror.status, actions(world["round"])) == ("revoked", [])


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_organizers_manage_the_jury(api, world, role):
    round_ = world["round"]
    juror = add_juror(round_, make_user("jana@example.org"))
    as_role(api, world, role)

    assert api.get(url("juror"), {"round": round_.pk}).status_code == 403
    assert api.get(url("juror", juror.pk)).status_code == 403
    assert api.post(url("juror"), {"round": round_.pk, "email": "x@example.org"}, format="json").status_code == 403
    assert api.patch(url("juror", juror.pk), {"max_load": 1}, format="json").status_code == 403
    assert api.post(url("juror", juror.pk, "revoke")).status_code == 403
    juror.refresh_from_db()
    assert (juror.status, juror.max_load) == ("active", 20)
    assert not round_.jurors.filter(email="x@example.org").exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_jury_list_takes_a_fixed_number_of_queries(organizer_api, world, django_assert_num_queries, count):
    for number in range(count):
        add_juror(world["round"], make_user(f"juror{number}@example.org"))

    with django_assert_num_queries(5):
        response = organizer_api.get(url("juror"), {"round": world["round"].pk})

    assert response.json()["count"] == count


# Conflicts and assignment


@pytest.fixture
def staffed(world):
    """Two active jurors, one of them the lead of proposal 1, and two submitted proposals."""
    round_ = world["round"]
    round_.reviews_per_proposal = 1
    round_.save(update_fields=["reviews_per_proposal"])
    jana = add_juror(round_, make_user("jana@example.org", full_name="Jana"))
    leo = add_juror(round_, make_user("leo@example.org", full_name="Leo"))
    first = add_proposal(world["challenge"], leo.user, number=1)
    second = add_proposal(world["challenge"], make_user("lead2@example.org"), number=2)
    return {"jana": jana, "leo": leo, "first": first, "second": second}


def test_refreshing_conflicts_finds_the_team_member(organizer_api, world, staffed):
    response = organizer_api.post(url("round", world["round"].pk, "refresh-conflicts"))

    assert response.json() == {"excluded": 1}
    assert list(Conflict.objects.values_list("juror", "proposal", "kind")) == [
        (staffed["leo"].pk, staffed["first"].pk, "team")
    ]


def test_the_assignment_gives_each_proposal_its_reviews_and_reports_problems(organizer_api, world, staffed):
    round_ = world["round"]

    response = organizer_api.post(url("round", round_.pk, "assign"))

    assert response.json() == {"created": 2, "removed": 0, "problems": []}
    assert set(Assignment.objects.values_list("juror", "proposal")) == {
        (staffed["jana"].pk, staffed["first"].pk),
        (staffed["leo"].pk, staffed["second"].pk),
    }
    round_.reviews_per_proposal = 2
    round_.save(update_fields=["reviews_per_proposal"])
    again = organizer_api.post(url("round", round_.pk, "assign")).json()
    assert again["created"] == 1
    assert again["problems"] == [
        "1 proposal has fewer than 2 jurors without a conflict of interest: JUR26-0001. "
        "Invite jurors without these conflicts, or lower the reviews per proposal."
    ]


def test_an_organizer_adds_and_removes_an_assignment_by_hand(organizer_api, world, staffed):
    round_ = world["round"]
    body = {"round": round_.pk, "juror": staffed["jana"].pk, "proposal": staffed["second"].pk}

    added = organizer_api.post(url("assignment"), body, format="json")

    assert added.status_code == 201
    assert (added.json()["juror_email"], added.json()["reference"], added.json()["status"]) == (
        "jana@example.org",
        "JUR26-0002",
        "assigned",
    )
    listed = organizer_api.get(url("assignment"), {"round": round_.pk}).json()["results"]
    assert [item["id"] for item in listed] == [added.json()["id"]]
    assert organizer_api.delete(url("assignment", added.json()["id"])).status_code == 204
    assert not Assignment.objects.exists()
    assert actions(round_)[-2:] == ["round.assignment_added", "round.assignment_removed"]


def test_a_conflicted_or_duplicate_assignment_is_a_400(organizer_api, world, staffed):
    round_ = world["round"]
    conflicted = {"round": round_.pk, "juror": staffed["leo"].pk, "proposal": staffed["first"].pk}
    fine = {"round": round_.pk, "juror": staffed["jana"].pk, "proposal": staffed["first"].pk}
    organizer_api.post(url("assignment"), fine, format="json")

    refused = organizer_api.post(url("assignment"), conflicted, format="json")
    twice = organizer_api.post(url("assignment"), fine, format="json")
    unknown = organizer_api.post(url("assignment"), {**fine, "juror": 999}, format="json")

    assert refused.json() == {"proposal": ["Leo has a conflict of interest with this proposal."]}
    assert twice.json() == {"proposal": ["Jana already has this proposal (or recused from it)."]}
    assert (unknown.status_code, list(unknown.json())) == (400, ["juror"])
    elsewhere = Round.objects.create(
        challenge=world["challenge"], name="Final", starts_at=world["now"] + 21 * DAY, ends_at=world["now"] + 29 * DAY
    )
    stranger = add_juror(elsewhere, make_user("stranger@example.org"))
    other_round = organizer_api.post(url("assignment"), {**fine, "juror": stranger.pk}, format="json")
    assert other_round.json() == {"juror": ["This person is not an active juror of the round."]}
    assert Assignment.objects.count() == 1


def test_a_full_juror_needs_the_over_load_confirmation(organizer_api, world, staffed):
    round_ = world["round"]
    Juror.objects.filter(pk=staffed["jana"].pk).update(max_load=1)
    Assignment.objects.create(round=round_, juror=staffed["jana"], proposal=staffed["first"])
    body = {"round": round_.pk, "juror": staffed["jana"].pk, "proposal": staffed["second"].pk}

    refused = organizer_api.post(url("assignment"), body, format="json")
    confirmed = organizer_api.post(url("assignment"), {**body, "over_load": True}, format="json")

    assert refused.json() == {
        "over_load": ["Jana already has 1 reviews, their maximum. Confirm to assign one more anyway."]
    }
    assert confirmed.status_code == 201


def test_a_scored_review_cannot_be_removed(organizer_api, world, staffed):
    criterion = add_criterion(world["round"])
    assignment = Assignment.objects.create(round=world["round"], juror=staffed["jana"], proposal=staffed["first"])
    Score.objects.create(assignment=assignment, criterion=criterion, value=4)

    response = organizer_api.delete(url("assignment", assignment.pk))

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "This review already has scores: it cannot be removed."},
    )
    assert Assignment.objects.filter(status=AssignmentStatus.ASSIGNED).count() == 1


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_organizers_run_and_adjust_the_assignment(api, world, staffed, role):
    round_ = world["round"]
    assignment = Assignment.objects.create(round=round_, juror=staffed["jana"], proposal=staffed["first"])
    body = {"round": round_.pk, "juror": staffed["jana"].pk, "proposal": staffed["second"].pk}
    as_role(api, world, role)

    assert api.post(url("round", round_.pk, "refresh-conflicts")).status_code == 403
    assert api.post(url("round", round_.pk, "assign")).status_code == 403
    assert api.get(url("assignment"), {"round": round_.pk}).status_code == 403
    assert api.post(url("assignment"), body, format="json").status_code == 403
    assert api.delete(url("assignment", assignment.pk)).status_code == 403
    assert list(Assignment.objects.values_list("pk", flat=True)) == [assignment.pk]
    assert not Conflict.objects.exists()


def test_a_plain_member_of_the_challenges_lab_is_refused(api, world):
    """Only the lab's organizers and administrators run its judging."""
    member = make_user("member@example.org")
    LabMembership.objects.create(lab=world["lab"], user=member, role=LabRole.MEMBER)
    api.force_authenticate(member)

    assert api.get(url("round", world["round"].pk)).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_assignment_list_takes_a_fixed_number_of_queries(organizer_api, world, django_assert_num_queries, count):
    round_ = world["round"]
    for number in range(1, count + 1):
        juror = add_juror(round_, make_user(f"juror{number}@example.org"))
        Assignment.objects.create(
            round=round_, juror=juror, proposal=add_proposal(world["challenge"], juror.user, number=number)
        )

    with django_assert_num_queries(5):
        response = organizer_api.get(url("assignment"), {"round": round_.pk})

    assert response.json()["count"] == count
