"""Organizers' follow-up boards: per edition (projects × checkpoints, who answered what, reminders), per lab across
its editions, the figures for open data computed in SQL, and the export of the answers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Checkpoint
from projects.selectors.followup import follow_up_figures, lab_follow_up_editions
from projects.services.followup import follow_up_answer, follow_up_ask_due
from tests.conftest import PASSWORD, make_challenge
from tests.projects import followup_world
from tests.projects.followup_world import make_projects

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
clock = followup_world.clock
english = followup_world.english
world = followup_world.world


@pytest.fixture
def answered(world):
    """Three more projects: AguaClara adopted, one piloting, two asked without an answer; a second checkpoint."""
    projects = make_projects(world["challenge"], 3)
    follow_up_ask_due()
    checkpoint = world["checkpoint"]
    follow_up_answer(
        checkpoint=checkpoint,
        project=world["project"],
        actor=world["lead"],
        status="adopted",
        people_reached=1200,
        funding=Decimal("15000.50"),
        adopted_by="=Municipalidad Provincial de Arequipa",
        service_url="https://aguaclara.example.org",
    )
    follow_up_answer(
        checkpoint=checkpoint,
        project=projects[0],
        actor=projects[0].proposal.members.get().user,
        status="piloting",
        people_reached=300,
    )
    Checkpoint.objects.create(
        challenge=world["challenge"], title="12 months", due_on=date(2027, 3, 10), closes_on=date(2027, 4, 10)
    )
    return projects


def organizer(client):
    client.login(email="org@example.org", password=PASSWORD)
    return client


def test_figures_count_answers_statuses_and_sums(world, answered):
    figures = follow_up_figures(world["challenge"])

    first, second = figures["checkpoints"]
    assert (first["asked"], first["answered"], first["people_reached"], first["funding"]) == (
        4,
        2,
        1500,
        Decimal("15000.50"),
    )
    assert [(status, count) for status, _label, count in first["statuses"]] == [("piloting", 1), ("adopted", 1)]
    assert (second["asked"], second["answered"], second["people_reached"], second["statuses"]) == (0, 0, 0, [])
    assert [(outcome, count) for outcome, _label, count in figures["outcomes"]] == [
        ("built", 2),
        ("piloting", 1),
        ("adopted", 1),
    ]


def test_the_board_shows_who_answered_and_reminders(client, world, answered):
    response = organizer(client).get(
        reverse("follow_up_console:board", args=[world["challenge"].slug]), headers={"accept-language": "en"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("✓ Answered") == 2
    assert page.count("Not answered yet") == 2
    assert "0 reminders" in page
    assert "1,200 people reached" in page or "1200 people reached" in page
    assert "Municipalidad Provincial de Arequipa" in page
    assert "2 of 4 asked" in page


def test_the_board_query_count_does_not_grow_with_the_projects(client, world, django_assert_num_queries):
    organizer(client)
    address = reverse("follow_up_console:board", args=[world["challenge"].slug])

    def measure(extra):
        make_projects(world["challenge"], extra, start=100 + extra)
        follow_up_ask_due()
        with django_assert_num_queries(QUERIES) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    assert measure(2) == measure(27) == QUERIES  # 3 then 30 projects


QUERIES = 14


def test_the_export_lists_every_request_with_its_answer(client, world, answered):
    response = organizer(client).get(
        reverse("follow_up_console:export", args=[world["challenge"].slug, "csv"]), headers={"accept-language": "en"}
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["Checkpoint", "Due on", "Reference", "Project", "Asked at"]
    assert len(rows) == 5
    aguaclara = next(row for row in rows if row[3] == "AguaClara")
    assert aguaclara[0:3] == ["3 months", "2026-06-13", "SEG26-0001"]
    assert aguaclara[7:13] == [
        "Lía Líder",
        "Adopted by a public body",
        "1200",
        "15000.50",
        "'=Municipalidad Provincial de Arequipa",  # a formula stays text
        "https://aguaclara.example.org",
    ]


def test_the_xlsx_export_is_a_spreadsheet(client, world, answered):
    response = organizer(client).get(reverse("follow_up_console:export", args=[world["challenge"].slug, "xlsx"]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_lab_board_adds_up_each_edition(client, world, answered):
    make_challenge(world["lab"], "sin-proyectos")  # no projects nor checkpoints: not listed
    editions = list(lab_follow_up_editions(world["lab"]))

    assert [(e.slug, e.project_count, e.checkpoint_count, e.asked, e.answered, e.adopted) for e in editions] == [
        ("hackaton-seguimiento", 4, 2, 4, 2, 1)
    ]
    assert (editions[0].people_reached, editions[0].funding) == (1500, Decimal("15000.50"))
    response = organizer(client).get(reverse("follow_up_console:lab_board", args=[world["lab"].slug]))
    assert response.status_code == 200
    assert "Hackaton Seguimiento" in response.content.decode()


def test_the_lab_board_query_count_does_not_grow_with_the_editions(client, world, django_assert_num_queries):
    organizer(client)
    address = reverse("follow_up_console:lab_board", args=[world["lab"].slug])

    def measure(count):
        for number in range(count):
            challenge = make_challenge(world["lab"], f"edicion-{count}-{number}")
            make_projects(challenge, 1, start=1000 + count * 10 + number)
        with django_assert_num_queries(LAB_QUERIES) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    assert measure(2) == measure(20) == LAB_QUERIES


LAB_QUERIES = 6
