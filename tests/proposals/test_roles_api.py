"""The collaborator call over the API: same services and rules as the pages."""

import pytest
from rest_framework.test import APIClient

from proposals.models import ApplicationStatus, ProposalMember, RoleApplication
from tests.proposals import roles_world
from tests.proposals.test_roles_views import add_roles

pytestmark = pytest.mark.django_db
english = roles_world.english
world = roles_world.world


@pytest.fixture
def api():
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_open_roles_are_public(world, api):
    response = api.get("/api/v1/open-roles/", {"challenge": "reto-roles"})
    assert response.status_code == 200
    (role,) = response.json()["results"]
    assert (role["title"], role["places_left"], role["proposal"]) == ("Diseñadora", 2, world["proposal"].pk)
    assert api.get("/api/v1/open-roles/").status_code == 400
    assert api.get("/api/v1/open-roles/", {"challenge": "reto-roles", "skill": "cocina"}).json()["count"] == 0


def applications() -> list[tuple]:
    return list(
        RoleApplication.objects.order_by("pk").values_list("applicant__email", "motivation", "status", "rating")
    )


def test_apply_and_list_and_withdraw(world, api):
    url = f"/api/v1/open-roles/{world['slot'].pk}/apply/"
    assert api.post(url, {"motivation": "x"}, format="json").status_code in (401, 403)
    assert applications() == []
    api.force_authenticate(world["applicant"])
    response = api.post(url, {"motivation": "Sé CAD", "links": ["https://ana.example.org"]}, format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["preference"]) == ("pending", 1)
    applied = applications()
    response = api.post(url, {"motivation": "otra vez"}, format="json")
    assert response.status_code == 400
    assert "already applied" in response.json()["detail"]
    response = api.post(url, {"motivation": "x", "links": ["ftp://x"]}, format="json")
    assert response.status_code == 400
    assert applications() == applied == [(world["applicant"].email, "Sé CAD", "pending", None)]
    mine = api.get("/api/v1/my-applications/").json()["results"]
    assert [application["role_title"] for application in mine] == ["Diseñadora"]
    response = api.post(f"/api/v1/my-applications/{mine[0]['id']}/withdraw/")
    assert response.json()["status"] == "withdrawn"


def test_team_members_cannot_apply(world, api):
    api.force_authenticate(world["co_author"])
    response = api.post(f"/api/v1/open-roles/{world['slot'].pk}/apply/", {"motivation": "x"}, format="json")
    assert response.status_code == 403
    assert applications() == []


def test_team_lists_and_decides(world, api):
    application = RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    api.force_authenticate(world["other"])
    assert api.get("/api/v1/team-applications/", {"proposal": world["proposal"].pk}).status_code == 403
    response = api.post(f"/api/v1/team-applications/{application.pk}/decide/", {"decision": "accept"}, format="json")
    assert response.status_code == 404
    assert applications() == [(world["applicant"].email, "m", ApplicationStatus.PENDING, None)]
    api.force_authenticate(world["co_author"])
    listed = api.get("/api/v1/team-applications/", {"proposal": world["proposal"].pk}).json()["results"]
    assert [(row["applicant"], row["motivation"]) for row in listed] == [("Ana Aplica", "m")]
    response = api.post(f"/api/v1/team-applications/{application.pk}/decide/", {"decision": "accept"}, format="json")
    assert response.status_code == 403
    assert applications() == [(world["applicant"].email, "m", ApplicationStatus.PENDING, None)]
    assert not ProposalMember.objects.filter(user=world["applicant"]).exists()
    api.force_authenticate(world["lead"])
    response = api.post(
        f"/api/v1/team-applications/{application.pk}/decide/", {"decision": "accept", "rating": 5}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["rating"]) == (ApplicationStatus.ACCEPTED, 5)
    assert ProposalMember.objects.filter(proposal=world["proposal"], user=world["applicant"]).exists()
    response = api.post(f"/api/v1/team-applications/{application.pk}/decide/", {"decision": "decline"}, format="json")
    assert response.status_code == 400
    assert applications() == [(world["applicant"].email, "m", ApplicationStatus.ACCEPTED, 5)]


@pytest.mark.parametrize("count", [1, 3])
def test_open_roles_queries_are_bounded(world, api, django_assert_max_num_queries, count):
    add_roles(world, count - 1)
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/open-roles/", {"challenge": "reto-roles"})
    assert response.json()["count"] == count
