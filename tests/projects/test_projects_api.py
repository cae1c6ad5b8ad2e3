"""/api/v1/projects/: public projects with their outcomes, paged after a position; a project's detail to whoever may
see it, asked of the same rules as its page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from projects.models import Outcome
from projects.services.projects import project_outcome_set
from tests.projects import projects_world
from tests.projects.projects_world import client_for, make_project

pytestmark = pytest.mark.django_db
world = projects_world.world
english = projects_world.english
LIST = "/api/v1/projects/"


def test_the_list_shows_public_projects_with_their_outcome(client, world):
    project_outcome_set(
        project=world["project"],
        actor=world["people"]["organizer"],
        outcome=Outcome.ADOPTED,
        on=world["now"].date() - timedelta(days=1),
        reason="Bought",
        adopted_by="Municipalidad de Cayma",
        adopted_url="https://example.org/a",
    )

    body = client.get(LIST).json()

    (item,) = body["results"]
    assert item["reference"] == "AGUA26-0001"
    assert (item["outcome"], item["outcome_display"], item["challenge"]) == (
        "adopted",
        "Adoptado por una entidad pública",
        "reto-agua",
    )
    assert item["page"] == reverse("projects:detail", kwargs={"pk": world["project"].pk})
    assert set(body) == {"next", "previous", "results"}  # no count: pages follow a position


def test_the_list_never_shows_a_private_call_s_projects(client, world):
    world["challenge"].proposals_public = False
    world["challenge"].save()

    assert client.get(LIST).json()["results"] == []


def test_the_list_filters_and_pages_after_a_position(client, world, django_assert_num_queries):
    for number in range(2, 6):
        make_project(world["challenge"], f"P{number}", world["people"]["citizen"], number=number)

    with django_assert_num_queries(1):
        first = client.get(LIST, {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    assert [item["title"] for item in first["results"] + second["results"]] == [
        "P5",
        "P4",
        "P3",
        "P2",
        "Medidor de cloro",
    ]
    assert client.get(LIST, {"outcome": "built"}).json()["results"] == []
    assert client.get(LIST, {"outcome": "nonsense"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 404), ("citizen", 404), ("member", 200), ("organizer", 200)]
)
def test_the_detail_of_a_private_call_s_project_follows_the_rules(world, role, status):
    world["challenge"].proposals_public = False
    world["challenge"].save()

    response = client_for(world["people"][role]).get(f"{LIST}{world['project'].pk}/")

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [member["name"] for member in body["team"]] == ["Lía Líder", "Carlos Coautor", "Cora Colabora"]
        assert body["history"] == []


def test_the_api_is_read_only(world):
    client = client_for(world["people"]["lead"])
    assert (
        client.patch(f"{LIST}{world['project'].pk}/", {"title": "x"}, content_type="application/json").status_code
        == 405
    )
