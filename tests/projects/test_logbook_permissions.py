"""Who may read, write, answer, edit, delete and hide logbook posts, and assign mentors: every role of the lab
against every action, asked of the central rules (as the views do)."""

# The world fixture is imported, and the tests' parameters shadow it.
# ruff: noqa: F811

import pytest
from django.utils import timezone

from innovation_platform.core.permissions import can
from tests.projects.logbook_world import ROLES, world  # noqa: F401

TEAM = {"lead", "member", "collaborator"}
READERS_OF_TEAM_POSTS = TEAM | {"mentor", "organizer", "staff"}
ORGANIZERS = {"organizer", "staff"}

# action, object, roles allowed. Objects: "public" and "team" posts by the lead, "project".
MATRIX = [
    ("projects.view_post", "public", set(ROLES)),
    ("projects.view_post", "team", READERS_OF_TEAM_POSTS),
    ("projects.view_post", "hidden", ORGANIZERS | {"lead"}),  # its author still sees it, marked hidden
    ("projects.view_project", "project", set(ROLES)),
    ("projects.write_post", "project", TEAM | {"mentor"}),
    ("projects.comment_post", "public", TEAM | {"mentor"}),
    ("projects.comment_post", "team", TEAM | {"mentor"}),
    ("projects.change_post", "public", {"lead"}),  # its author only: nobody edits another's post
    ("projects.change_post", "mentor_post", {"mentor"}),
    ("projects.delete_post", "public", {"lead"} | ORGANIZERS),
    ("projects.delete_post", "mentor_post", {"mentor"} | ORGANIZERS),
    ("projects.hide_post", "public", ORGANIZERS),
    ("projects.assign_mentors", "project", ORGANIZERS),
    ("projects.view_team_posts", "project", READERS_OF_TEAM_POSTS),
]


@pytest.fixture
def objects(world):
    return {
        "project": world.project,
        "public": world.post(),
        "team": world.post(visibility="team"),
        "hidden": world.post(hidden_at=timezone.now()),
        "mentor_post": world.post(by="mentor"),
    }


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, objects, role, action, target, allowed):
    assert can(world.users[role], action, objects[target]) is (role in allowed)


def test_a_private_call_keeps_public_posts_from_the_public(db):
    """A public post is for whoever may see the project's proposal: not everyone when the call's proposals are
    not public, but still its team, mentors and organizers."""
    from tests.projects.logbook_world import make_world

    private = make_world("reto-privado", proposals_public=False)
    post = private.post()

    readers = {role for role in ROLES if can(private.users[role], "projects.view_post", post)}

    assert readers == READERS_OF_TEAM_POSTS


def test_a_mentor_removed_from_the_project_no_longer_reads_team_posts_nor_edits_theirs(world, objects):
    mentor = world.users["mentor"]
    world.project.mentorships.all().delete()
    world.project.__dict__.pop("_mentor_cache", None)
    post = objects["mentor_post"]
    post.project = world.project

    assert can(mentor, "projects.view_post", objects["team"]) is False
    assert can(mentor, "projects.change_post", post) is False
