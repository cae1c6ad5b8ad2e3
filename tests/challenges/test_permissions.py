"""Roles × actions on a challenge, asked of the central rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from challenges.models import ChallengeRole
from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from tests.conftest import make_challenge, make_lab, make_user

ROLES = ["anonymous", "citizen", "lab_member", "organizer", "other_lab_organizer", "mentor", "staff"]
ORGANIZING = {"organizer", "staff"}
MATRIX = [
    ("challenges.view_challenge", "draft", {"organizer", "mentor", "staff"}),
    ("challenges.view_challenge", "published", set(ROLES)),
    ("challenges.change_challenge", "draft", ORGANIZING),
    ("challenges.publish_challenge", "draft", ORGANIZING),
    ("challenges.manage_questions", "draft", ORGANIZING),
    ("challenges.manage_questions", "locked", {"staff"}),
    ("challenges.post_announcement", "published", ORGANIZING),
    ("challenges.manage_roles", "published", ORGANIZING),
    ("challenges.view_audit", "published", ORGANIZING),
    ("challenges.message_people", "published", ORGANIZING),
    ("challenges.message_people", "draft", ORGANIZING),
    ("challenges.follow", "published", set(ROLES) - {"anonymous"}),
    ("challenges.follow", "draft", set()),  # nobody follows a draft
    ("challenges.add_challenge", "lab", ORGANIZING),
]


@pytest.fixture
def world(db):
    lab = make_lab("lab-uno")
    other_lab = make_lab("lab-dos")
    users = {
        "anonymous": AnonymousUser(),
        "citizen": make_user("c@example.org"),
        "staff": make_user("s@example.org", is_staff=True),
    }
    for name, target, role in [
        ("lab_member", lab, "member"),
        ("organizer", lab, "organizer"),
        ("other_lab_organizer", other_lab, "organizer"),
    ]:
        users[name] = make_user(f"{name}@example.org")
        LabMembership.objects.create(lab=lab if target is lab else other_lab, user=users[name], role=role)
    draft = make_challenge(lab, "borrador")
    published = make_challenge(lab, "publicado", visibility="published")
    locked = make_challenge(lab, "bloqueado", visibility="published", questions_locked_at="2026-01-01T00:00Z")
    users["mentor"] = make_user("mentor@example.org")
    for challenge in (draft, published, locked):
        ChallengeRole.objects.create(challenge=challenge, user=users["mentor"], role="mentor")
    return {"users": users, "objects": {"draft": draft, "published": published, "locked": locked, "lab": lab}}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, target, allowed):
    assert can(world["users"][role], action, world["objects"][target]) is (role in allowed)
