"""The organizers' pages for rounds and criteria, inside the challenge console."""

import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_platform.core.audit import audit_entries
from judging.models import Criterion, Round
from tests.conftest import make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_criterion, add_juror, score_once

english = rounds_world.english
world = rounds_world.world
client = rounds_world.client
LIMA = zoneinfo.ZoneInfo("America/Lima")


@pytest.fixture
def organizer_client(client, world):
    client.force_login(world["organizer"])
    return client


def messages_of(response, level="success") -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level]


def local(moment) -> str:
    """How the form shows a moment: in the challenge's time zone (Lima)."""
    return timezone.localtime(moment, LIMA).strftime("%Y-%m-%dT%H:%M")


def round_post(world, **changes) -> dict:
    now = world["now"]
    data = {
        "name": "Final",
        "position": "1",
        "method": "rubric",
        "scope": "submitted",
        "starts_at": local(now + 21 * DAY),
        "ends_at": local(now + 29 * DAY),
        "reviews_per_proposal": "3",
        "is_blind": "on",
        "same_lab_is_conflict": "on",
        "seed": "1234",
    }
    return {**data, **changes}


def test_the_console_links_to_judging_and_lists_the_rounds(organizer_client, world):
    add_criterion(world["round"])

    response = organizer_client.get(reverse("judging:rounds", args=[world["challenge"].slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("judging:rounds", args=[world["challenge"].slug])}" aria-current="page"' in html
    assert "Preselection" in html
    assert "1 criterion" in html


def test_outsiders_are_refused_and_drafts_hidden(client, world):
    url = reverse("judging:rounds", args=[world["challenge"].slug])
    client.force_login(world["outsider"])
    assert client.get(url).status_code == 403
    world["challenge"].visibility = "draft"
    world["challenge"].save()
    assert client.get(url).status_code == 404


def test_the_new_round_form_offers_a_random_seed(organizer_client, world):
    response = organizer_client.get(reverse("judging:round_new", args=[world["challenge"].slug]))

    assert response.status_code == 200
    seed = response.context["form"].initial["seed"]
    assert 0 <= seed < 2**31
    assert f'value="{seed}"' in response.content.decode()


def test_a_round_is_created_in_the_challenge_time_zone(organizer_client, world):
    world["challenge"].timezone = "America/Lima"
    world["challenge"].save()

    response = organizer_client.post(reverse("judging:round_new", args=[world["challenge"].slug]), round_post(world))

    round_ = Round.objects.get(name="Final")
    assert response.status_code == 302
    assert response.url == reverse("judging:criteria", args=[round_.pk])
    assert (round_.seed, round_.reviews_per_proposal, round_.jurors_see_scores) == (1234, 3, False)
    assert local(round_.starts_at) == round_post(world)["starts_at"]


def test_dates_outside_the_phases_give_a_field_error_and_keep_the_input(organizer_client, world):
    data = round_post(world, name="Too late", starts_at=local(world["now"] + 40 * DAY))
    data["ends_at"] = local(world["now"] + 41 * DAY)

    response = organizer_client.post(reverse("judging:round_new", args=[world["challenge"].slug]), data)

    assert response.status_code == 400
    errors = response.context["form"].errors["starts_at"]
    assert errors[0].startswith("The round's dates must lie inside the evaluation or the final-judging phase")
    assert 'value="Too late"' in response.content.decode()
    assert not Round.objects.filter(name="Too late").exists()


def test_the_settings_are_edited(organizer_client, world):
    round_ = world["round"]
    criterion = add_criterion(round_)
    data = round_post(
        world,
        name="Preselection",
        position="0",
        starts_at=local(round_.starts_at),
        ends_at=local(round_.ends_at),
        tie_break=str(criterion.pk),
        reviews_per_proposal="2",
        seed="42",
    )

    response = organizer_client.post(reverse("judging:round_edit", args=[round_.pk]), data)

    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.reviews_per_proposal, round_.tie_break, round_.is_blind) == (2, criterion, True)


def test_the_settings_page_shows_the_current_values(organizer_client, world):
    response = organizer_client.get(reverse("judging:round_edit", args=[world["round"].pk]))

    assert response.status_code == 200
    assert 'value="Preselection"' in response.content.decode()
    assert 'value="42"' in response.content.decode()


def test_criteria_show_weights_as_percentages_and_are_added(organizer_client, world):
    round_ = world["round"]
    add_criterion(round_, "Impact", weight=Decimal(1))
    add_criterion(round_, "Feasibility", weight=Decimal(3))
    url = reverse("judging:criteria", args=[round_.pk])

    page = organizer_client.get(url).content.decode()
    response = organizer_client.post(
        url, {"name": "Team", "weight": "4", "scale_min": "0", "scale_max": "10", "step": "1", "counted": "on"}
    )

    assert "25 %" in page and "75 %" in page
    assert response.status_code == 302
    assert messages_of(organizer_client.get(url)) == ["The criterion was added."]
    assert list(round_.criteria.values_list("name", "position")) == [("Impact", 0), ("Feasibility", 1), ("Team", 2)]


def test_an_invalid_criterion_keeps_the_input(organizer_client, world):
    response = organizer_client.post(
        reverse("judging:criteria", args=[world["round"].pk]),
        {"name": "Impact", "weight": "1", "scale_min": "1", "scale_max": "5", "step": "3"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["step"] == [
        "The step must divide the scale evenly, so the highest score can be given."
    ]
    assert 'value="Impact"' in response.content.decode()
    assert not Criterion.objects.exists()


def test_a_criterion_is_edited_moved_and_deleted(organizer_client, world):
    round_ = world["round"]
    first, second = add_criterion(round_, "A"), add_criterion(round_, "B")

    organizer_client.post(
        reverse("judging:criterion_edit", args=[round_.pk, first.pk]),
        {"name": "A+", "weight": "2", "scale_min": "1", "scale_max": "5", "step": "1"},
    )
    organizer_client.post(reverse("judging:criterion_move", args=[round_.pk, second.pk]), {"direction": "up"})
    response = organizer_client.post(reverse("judging:criterion_delete", args=[round_.pk, first.pk]))

    assert response.status_code == 302
    assert list(round_.criteria.values_list("name", flat=True)) == ["B"]


def locked(world) -> Criterion:
    criterion = add_criterion(world["round"])
    score_once(world["round"], criterion)
    return criterion


def test_locked_criteria_say_why_and_refuse_changes(organizer_client, world):
    criterion = locked(world)
    url = reverse("judging:criteria", args=[world["round"].pk])

    page = organizer_client.get(url).content.decode()
    response = organizer_client.post(reverse("judging:criterion_delete", args=[world["round"].pk, criterion.pk]))

    assert "The criteria are locked because scoring has begun" in page
    assert "Unlock the criteria" not in page
    assert "Add a criterion" not in page
    assert messages_of(organizer_client.get(url), "error")[0].startswith("The criteria are locked")
    assert response.status_code == 302
    assert list(Criterion.objects.values_list("pk", "name")) == [(criterion.pk, "Impact")]


def test_staff_unlock_with_a_reason(client, world, staff):
    locked(world)
    client.force_login(staff)
    url = reverse("judging:criteria_unlock", args=[world["round"].pk])

    assert "Unlock the criteria" in client.get(reverse("judging:criteria", args=[world["round"].pk])).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    assert Round.objects.get(pk=world["round"].pk).criteria_locked_at is not None
    response = client.post(url, {"reason": "Typo in a description"})

    assert response.status_code == 302
    assert Round.objects.get(pk=world["round"].pk).criteria_locked_at is None
    assert "Add a criterion" in client.get(reverse("judging:criteria", args=[world["round"].pk])).content.decode()


def test_organizers_cannot_unlock(organizer_client, world):
    locked(world)
    locked_at = Round.objects.get(pk=world["round"].pk).criteria_locked_at

    response = organizer_client.post(reverse("judging:criteria_unlock", args=[world["round"].pk]), {"reason": "x"})

    assert response.status_code == 403
    assert locked_at is not None
    assert Round.objects.get(pk=world["round"].pk).criteria_locked_at == locked_at
    assert not audit_entries(world["round"]).filter(action="round.criteria_unlocked").exists()


@pytest.mark.parametrize("size", [1, 3])
def test_the_rounds_list_query_count_does_not_grow(organizer_client, world, size, django_assert_max_num_queries):
    for n in range(size - 1):
        Round.objects.create(
            challenge=world["challenge"], name=f"R{n}", starts_at=world["now"], ends_at=world["now"] + DAY
        )
    for round_ in Round.objects.all():
        add_criterion(round_)
        add_juror(round_, make_user(f"j{round_.pk}@example.org"))

    with django_assert_max_num_queries(6):
        response = organizer_client.get(reverse("judging:rounds", args=[world["challenge"].slug]))

    assert len(response.context["rounds"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_the_criteria_page_query_count_does_not_grow(organizer_client, world, size, django_assert_max_num_queries):
    for n in range(size):
        add_criterion(world["round"], f"C{n}")

    with django_assert_max_num_queries(9):
        response = organizer_client.get(reverse("judging:criteria", args=[world["round"].pk]))

    assert len(response.context["rows"]) == size
