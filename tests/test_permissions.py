"""The matrix of roles against actions, asked of the central rules (as views, API and consumers do)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership, LabRole
from tests.conftest import make_lab, make_user

ROLES = ["anonymous", "unverified", "citizen", "lab_member", "lab_organizer", "lab_admin", "staff"]

# action, object, then the roles allowed. "own_*" objects belong to the acting user.
MATRIX = [
    (
        "labs.view_lab",
        "lab",
        {"anonymous", "unverified", "citizen", "lab_member", "lab_organizer", "lab_admin", "staff"},
    ),
    ("labs.add_lab", None, {"citizen", "lab_member", "lab_organizer", "lab_admin", "staff"}),
    ("labs.change_lab", "lab", {"lab_admin", "staff"}),
    ("labs.manage_members", "lab", {"lab_admin", "staff"}),
    ("labs.verify_lab", "lab", {"staff"}),
    ("accounts.view_profile", "public_profile", set(ROLES)),
    ("accounts.view_profile", "private_profile", {"staff"}),
    ("accounts.view_profile", "own_profile", set(ROLES) - {"anonymous"}),
    ("accounts.change_profile", "own_profile", set(ROLES) - {"anonymous"}),
    ("accounts.change_profile", "public_profile", set()),
    ("accounts.list_profiles", None, set(ROLES)),
    ("opendata.publish", None, {"staff"}),
]


@pytest.fixture
def world(db):
    lab = make_lab("lab-matriz")
    users = {"anonymous": AnonymousUser()}
    users["unverified"] = make_user("unverified@example.org", verified=False)
    users["citizen"] = make_user("citizen@example.org")
    users["staff"] = make_user("staff@example.org", is_staff=True)
    for role in (LabRole.MEMBER, LabRole.ORGANIZER, LabRole.ADMIN):
        user = make_user(f"{role}@example.org")
        LabMembership.objects.create(lab=lab, user=user, role=role)
        users[f"lab_{role}"] = user
    public = make_user("public@example.org").profile
    public.is_public = True
    public.save()
    private = make_user("private@example.org").profile
    return {"users": users, "objects": {"lab": lab, "public_profile": public, "private_profile": private}}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, target, allowed):
    user = world["users"][role]
    obj = getattr(user, "profile", None) if target == "own_profile" else world["objects"].get(target)

    assert can(user, action, obj) is (role in allowed)


def test_inactive_staff_loses_staff_rights(world):
    staff = world["users"]["staff"]
    staff.is_active = False

    assert can(staff, "labs.verify_lab", world["objects"]["lab"]) is False
