"""Roles × team actions, asked of the central rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from proposals.models import Invitation, JoinRequest, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

ROLES = [
    "anonymous",
    "unverified",
    "citizen",
    "lead",
    "co_author",
    "invitee",
    "requester",
    "organizer",
    "other_lab_organizer",
    "staff",
]
VERIFIED = set(ROLES) - {"anonymous", "unverified"}
TEAM = {"lead", "co_author"}
MATRIX = [
    ("proposals.view_team", "proposal", TEAM | {"organizer", "staff"}),
    ("proposals.manage_team", "proposal", {"lead"}),
    ("proposals.leave_team", "proposal", {"co_author"}),
    ("proposals.answer_invitation", None, VERIFIED),
    ("proposals.look_for_team", "challenge", VERIFIED),
    ("proposals.look_for_team", "draft_challenge", set()),
    ("proposals.view_team_seekers", "challenge", set(ROLES) - {"anonymous"}),
    ("proposals.request_to_join", "public_proposal", VERIFIED - TEAM),
    ("proposals.request_to_join", "proposal", set()),  # a draft is not public
    ("proposals.request_to_join", "hidden_proposal", set()),
    ("proposals.manage_team", "public_proposal", {"lead"}),  # answers requests to join
    ("proposals.withdraw_join_request", "join_request", {"requester"}),
]


@pytest.fixture
def world(db):
    lab, other_lab = make_lab("lab-uno"), make_lab("lab-dos")
    users = {
        "anonymous": AnonymousUser(),
        "citizen": make_user("c@example.org"),
        "unverified": make_user("u@example.org", verified=False),
        "staff": make_user("s@example.org", is_staff=True),
    }
    for name in ("lead", "co_author", "invitee", "requester", "organizer", "other_lab_organizer"):
        users[name] = make_user(f"{name}@example.org")
    LabMembership.objects.create(lab=lab, user=users["organizer"], role="organizer")
    LabMembership.objects.create(lab=other_lab, user=users["other_lab_organizer"], role="organizer")
    challenge = make_challenge(lab, visibility="published")
    proposal = Proposal.objects.create(challenge=challenge, title="Equipo")
    ProposalMember.objects.create(proposal=proposal, user=users["lead"], role="lead")
    ProposalMember.objects.create(proposal=proposal, user=users["co_author"], role="member")
    Invitation.objects.create(proposal=proposal, invitee=users["invitee"], token="t", expires_at="2099-01-01T00:00Z")
    public = Proposal.objects.create(challenge=challenge, title="Pública", status="submitted", number=1)
    hidden = Proposal.objects.create(
        challenge=challenge, title="Oculta", status="submitted", number=2, hidden_at=timezone.now()
    )
    for shown in (public, hidden):
        ProposalMember.objects.create(proposal=shown, user=users["lead"], role="lead")
        ProposalMember.objects.create(proposal=shown, user=users["co_author"], role="member")
    objects = {
        "proposal": proposal,
        "public_proposal": public,
        "hidden_proposal": hidden,
        "join_request": JoinRequest.objects.create(proposal=public, user=users["requester"]),
        "challenge": challenge,
        "draft_challenge": make_challenge(lab, "borrador", visibility="draft"),
        None: None,
    }
    return {"users": users, "objects": objects}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, target, allowed):
    assert can(world["users"][role], action, world["objects"][target]) is (role in allowed)
