"""Who may see a project, edit it, record its outcome and open the call's lab page: asked of the central rules, and
answered the same by the pages."""

import pytest
from django.urls import reverse

from innovation_platform.core.permissions import can
from tests.projects import projects_world
from tests.projects.projects_world import ROLES, TEAM, client_for

pytestmark = pytest.mark.django_db
world = projects_world.world
english = projects_world.english

EVERYONE = set(ROLES)
STAFF_AND_ORGANIZER = {"organizer", "staff"}
# action, whether the call shows its proposals publicly, the roles allowed.
MATRIX = [
    ("projects.view_project", True, EVERYONE),
    ("projects.view_project", False, TEAM | {"project_mentor"} | STAFF_AND_ORGANIZER),
    ("projects.change_project", True, TEAM | STAFF_AND_ORGANIZER),
    ("projects.set_outcome", True, TEAM | STAFF_AND_ORGANIZER),
    ("projects.view_call_lab", True, STAFF_AND_ORGANIZER),
]


def _target(world, action):
    return world["challenge"] if action == "projects.view_call_lab" else world["project"]


@pytest.mark.parametrize(("action", "public", "allowed"), MATRIX, ids=[f"{a}:{p}" for a, p, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, public, allowed):
    world["challenge"].proposals_public = public
    world["challenge"].save()
    world["project"].challenge.refresh_from_db()

    assert can(world["people"][role], action, _target(world, action)) is (role in allowed)


def _page(world, name):
    project, challenge = world["project"], world["challenge"]
    if name == "lab":
        return reverse("call_lab:list", kwargs={"slug": challenge.slug})
    return reverse(f"projects:{name}", kwargs={"pk": project.pk})


# page, whether the call shows its proposals publicly, then who gets the page; the others are refused as below.
PAGES = [
    ("detail", True, EVERYONE),
    ("detail", False, TEAM | {"project_mentor"} | STAFF_AND_ORGANIZER),
    ("edit", True, TEAM | STAFF_AND_ORGANIZER),
    ("outcome", True, TEAM | STAFF_AND_ORGANIZER),
    ("lab", True, STAFF_AND_ORGANIZER),
]


@pytest.mark.parametrize(("page", "public", "allowed"), PAGES, ids=[f"{p}:{v}" for p, v, _ in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_as_the_rules_say(world, role, page, public, allowed):
    """Allowed: 200. Not signed in on a page that needs it: to the login page. Refused: 404 when the project is
    not even visible to them (a private call's project does not exist for them), else 403."""
    world["challenge"].proposals_public = public
    world["challenge"].save()
    user = world["people"][role]

    status = client_for(user).get(_page(world, page)).status_code

    if role in allowed:
        assert status == 200
    elif role == "anonymous" and page != "detail":
        assert status == 302
    elif page == "detail" or (not public and page != "lab"):
        assert status == 404
    else:
        assert status == 403


def test_a_hidden_proposal_hides_its_project_from_the_public(world):
    proposal = world["project"].proposal
    proposal.hidden_at = world["now"]
    proposal.save()

    assert client_for(world["people"]["citizen"]).get(_page(world, "detail")).status_code == 404
    assert client_for(world["people"]["lead"]).get(_page(world, "detail")).status_code == 200
