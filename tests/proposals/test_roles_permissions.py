"""Roles × collaborator-call actions, asked of the central rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from proposals.models import ProposalMember, RoleApplication
from tests.conftest import make_lab, make_user
from tests.proposals import roles_world
from tests.proposals.roles_world import make_selected

world = roles_world.world

ROLES = [
    "anonymous",
    "unverified",
    "citizen",
    "lead",
    "member",
    "applicant",
    "organizer",
    "other_lab_organizer",
    "staff",
]
TEAM = {"lead", "member"}
MANAGERS = {"organizer", "staff"}
MATRIX = [
    ("proposals.manage_roles", "selected", {"lead"} | MANAGERS),
    ("proposals.manage_roles", "submitted", set()),
    ("proposals.apply_to_role", "selected", {"citizen", "applicant", "organizer", "other_lab_organizer", "staff"}),
    ("proposals.apply_to_role", "submitted", set()),
    ("proposals.decide_applications", "selected", {"lead"} | MANAGERS),
    ("proposals.view_applications", "selected", TEAM | MANAGERS),
    ("proposals.match_collaborators", "challenge", MANAGERS),
    ("proposals.promote_waitlist", "challenge", MANAGERS),
]


@pytest.fixture
def users(world):
    other_lab_organizer = make_user("olo@example.org")
    LabMembership.objects.create(lab=make_lab("lab-otro"), user=other_lab_organizer, role="organizer")
    RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="x")
    return {
        "anonymous": AnonymousUser(),
        "unverified": make_user("unverified@example.org", verified=False),
        "citizen": make_user("citizen@example.org"),
        "lead": world["lead"],
        "member": world["co_author"],
        "applicant": world["applicant"],
        "organizer": world["organizer"],
        "other_lab_organizer": other_lab_organizer,
        "staff": make_user("staff@example.org", is_staff=True),
    }


@pytest.fixture
def objects(world):
    submitted = make_selected(world["challenge"], "Enviada", world["lead"], number=2, status="submitted")
    ProposalMember.objects.create(proposal=submitted, user=world["co_author"], role="member")
    return {"selected": world["proposal"], "submitted": submitted, "challenge": world["challenge"]}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(users, objects, role, action, target, allowed):
    assert can(users[role], action, objects[target]) is (role in allowed)
