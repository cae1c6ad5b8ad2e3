"""Who may answer a follow-up, manage checkpoints and read the boards: asked of the central rules, then of the
pages themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from innovation_platform.core.permissions import can
from tests.conftest import PASSWORD, make_user
from tests.projects import followup_world
from tests.proposals.console_world import other_organizer

pytestmark = pytest.mark.django_db
clock = followup_world.clock
world = followup_world.world

ROLES = ["lead", "member", "collaborator", "mentor", "organizer", "other_organizer", "citizen", "staff", "anonymous"]
TEAM = {"lead", "member", "collaborator"}
ORGANIZERS = {"organizer", "staff"}

MATRIX = [
    ("projects.answer_follow_up", "project", TEAM),
    ("projects.manage_follow_up", "challenge", ORGANIZERS),
    ("projects.view_follow_up_board", "challenge", ORGANIZERS),
    ("projects.view_follow_up_board", "lab", ORGANIZERS),
]


@pytest.fixture
def people(world):
    return {
        "lead": world["lead"],
        "member": world["member"],
        "collaborator": world["collaborator"],
        "mentor": world["mentor"],
        "organizer": world["organizer"],
        "other_organizer": other_organizer(),
        "citizen": make_user("citizen@example.org"),
        "staff": make_user("staff@example.org", is_staff=True),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, people, role, action, target, allowed):
    assert can(people[role], action, world[target]) is (role in allowed)


def pages(world) -> dict[str, tuple[str, set[str]]]:
    slug = world["challenge"].slug
    answer = reverse("follow_up:answer", kwargs={"pk": world["project"].pk, "checkpoint": world["checkpoint"].pk})
    return {
        "answer": (answer, TEAM),
        "board": (reverse("follow_up_console:board", args=[slug]), ORGANIZERS),
        "new": (reverse("follow_up_console:checkpoint_new", args=[slug]), ORGANIZERS),
        "export": (reverse("follow_up_console:export", args=[slug, "csv"]), ORGANIZERS),
        "lab": (reverse("follow_up_console:lab_board", args=[world["lab"].slug]), ORGANIZERS),
    }


@pytest.mark.parametrize("page", ["answer", "board", "new", "export", "lab"])
@pytest.mark.parametrize("role", ROLES)
def test_pages_open_only_to_whoever_may(world, people, role, page):
    address, allowed = pages(world)[page]
    client = Client()
    if role != "anonymous":
        client.login(email=people[role].email, password=PASSWORD)

    status = client.get(address).status_code

    if role == "anonymous":
        assert status == 302  # to sign in
    elif role in allowed:
        assert status == 200
    else:
        # The team's page is unknown to others; the console refuses organizers of other labs.
        assert status in (403, 404)
