"""Organizers define an edition's checkpoints: answers cannot close before teams are asked, indicators come from the
catalogue, the 3/6/12-month suggestion counts from the lab's last day, and a checkpoint with answers is kept."""

import re
from datetime import date

import pytest
from django.urls import reverse

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from projects.models import Checkpoint
from projects.services.followup import (
    checkpoint_create,
    checkpoint_delete,
    checkpoint_update,
    checkpoints_create_suggested,
    checkpoints_suggested,
    follow_up_answer,
)
from tests.conftest import PASSWORD
from tests.projects import followup_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
clock = followup_world.clock
english = followup_world.english
world = followup_world.world


def create(world, **fields):
    values = {
        "title": "6 months",
        "due_on": date(2026, 9, 10),
        "closes_on": date(2026, 10, 10),
        "indicators": ["people_reached"],
        "question": "",
    }
    return checkpoint_create(challenge=world["challenge"], actor=world["organizer"], **(values | fields))


def test_a_checkpoint_is_created_with_its_indicators_in_the_catalogues_order(world):
    checkpoint = create(world, indicators=["service_url", "people_reached"], title="  6 months ")

    assert (checkpoint.title, checkpoint.indicators) == ("6 months", ["people_reached", "service_url"])
    assert AuditLogEntry.objects.filter(action="follow_up.checkpoint_created", object_id=world["challenge"].pk).exists()


def test_answers_closing_before_teams_are_asked_are_refused(world):
    with pytest.raises(ApplicationError) as refused:
        create(world, closes_on=date(2026, 9, 9))

    assert (refused.value.field, refused.value.message) == (
        "closes_on",
        "Answers must close on or after the day teams are asked.",
    )
    assert Checkpoint.objects.count() == 1


def test_an_unknown_indicator_is_refused(world):
    with pytest.raises(ApplicationError) as refused:
        create(world, indicators=["people_reached", "happiness"])

    assert (refused.value.field, refused.value.message) == ("indicators", "Unknown indicators: happiness.")


def test_a_title_is_used_once_per_edition(world):
    with pytest.raises(ApplicationError) as refused:
        create(world, title="3 months")

    assert refused.value.field == "title"


def test_an_update_audits_old_and_new_values(world):
    checkpoint = world["checkpoint"]
    checkpoint_update(
        checkpoint=checkpoint,
        actor=world["organizer"],
        title="3 months",
        due_on=checkpoint.due_on,
        closes_on=date(2026, 7, 31),
        indicators=checkpoint.indicators,
        question=checkpoint.question,
    )

    entry = AuditLogEntry.objects.get(action="follow_up.checkpoint_changed")
    assert entry.data["old"] == {"closes_on": "2026-07-13"}
    assert entry.data["new"] == {"closes_on": "2026-07-31"}


def test_suggestions_count_months_from_the_lab_and_skip_existing_titles(world):
    world["checkpoint"].delete()
    assert [(s["title"], s["due_on"], s["closes_on"]) for s in checkpoints_suggested(world["challenge"])] == [
        ("3 months", date(2026, 6, 10), date(2026, 7, 10)),
        ("6 months", date(2026, 9, 10), date(2026, 10, 10)),
        ("12 months", date(2027, 3, 10), date(2027, 4, 9)),
    ]
    create(world)

    created = checkpoints_create_suggested(challenge=world["challenge"], actor=world["organizer"])

    assert [c.title for c in created] == ["3 months", "12 months"]
    assert checkpoints_create_suggested(challenge=world["challenge"], actor=world["organizer"]) == []


def test_a_checkpoint_with_answers_is_kept(world):
    follow_up_answer(checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="built")

    with pytest.raises(ApplicationError):
        checkpoint_delete(checkpoint=world["checkpoint"], actor=world["organizer"])
    assert Checkpoint.objects.filter(pk=world["checkpoint"].pk).exists()


def test_the_form_shows_a_clear_error_and_keeps_what_was_typed(client, world):
    client.login(email="org@example.org", password=PASSWORD)
    url = reverse("follow_up_console:checkpoint_new", args=[world["challenge"].slug])

    response = client.post(
        url,
        {"title": "Nueve meses", "due_on": "2026-12-10", "closes_on": "2026-12-01", "indicators": ["funding"]},
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Answers must close on or after the day teams are asked." in page
    assert 'value="Nueve meses"' in page
    assert re.search(r'value="funding"[^>]*checked', page)
    assert not Checkpoint.objects.filter(title="Nueve meses").exists()


def test_an_unknown_indicator_in_the_form_is_an_error_not_a_crash(client, world):
    client.login(email="org@example.org", password=PASSWORD)
    url = reverse("follow_up_console:checkpoint_new", args=[world["challenge"].slug])

    response = client.post(
        url, {"title": "x", "due_on": "2026-12-10", "closes_on": "2026-12-11", "indicators": ["happiness"]}
    )

    assert response.status_code == 400
    assert not Checkpoint.objects.filter(title="x").exists()


def test_organizers_create_edit_and_delete_from_the_console(client, world):
    client.login(email="org@example.org", password=PASSWORD)
    slug = world["challenge"].slug
    client.post(
        reverse("follow_up_console:checkpoint_new", args=[slug]),
        {"title": "6 months", "due_on": "2026-09-10", "closes_on": "2026-10-10", "indicators": ["funding"]},
    )
    checkpoint = Checkpoint.objects.get(title="6 months")
    response = client.post(
        reverse("follow_up_console:checkpoint_edit", args=[slug, checkpoint.pk]),
        {"title": "6 months", "due_on": "2026-09-10", "closes_on": "2026-10-20", "indicators": ["funding"]},
    )
    assert response.status_code == 302
    checkpoint.refresh_from_db()
    assert checkpoint.closes_on == date(2026, 10, 20)

    client.post(reverse("follow_up_console:checkpoint_delete", args=[slug, checkpoint.pk]))
    assert not Checkpoint.objects.filter(pk=checkpoint.pk).exists()
    # A second click finds it gone and changes nothing.
    assert client.post(reverse("follow_up_console:checkpoint_delete", args=[slug, checkpoint.pk])).status_code == 302
