"""Roles × actions on a proposal, asked of the central rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

ROLES = ["anonymous", "citizen", "unverified", "lead", "co_author", "organizer", "other_lab_organizer", "staff"]
TEAM = {"lead", "co_author"}
MATRIX = [
    ("proposals.view_proposal", "draft", TEAM | {"organizer", "staff"}),
    ("proposals.view_proposal", "submitted", set(ROLES)),
    ("proposals.view_proposal", "hidden_call", TEAM | {"organizer", "staff"}),
    ("proposals.change_proposal", "draft", TEAM),
    ("proposals.change_proposal", "withdrawn", set()),
    ("proposals.submit_proposal", "draft", {"lead"}),
    ("proposals.withdraw_proposal", "submitted", {"lead"}),
    ("proposals.view_private_answers", "submitted", TEAM | {"organizer", "staff"}),
    # The organizers' workbench: the call's list (object: the challenge), one proposal, screening.
    ("proposals.view_call_proposals", "challenge", {"organizer", "staff"}),
    # The charts of a call's proposals: everyone's when the call shows its proposals, else its organizers'.
    ("proposals.view_call_charts", "challenge", set(ROLES)),
    ("proposals.view_call_charts", "hidden_challenge", {"organizer", "staff"}),
    ("proposals.view_as_organizer", "submitted", {"organizer", "staff"}),
    ("proposals.view_as_organizer", "draft", {"organizer", "staff"}),
    ("proposals.screen_proposal", "submitted", {"organizer", "staff"}),
    ("proposals.appeal_eligibility", "submitted", {"lead"}),
    # The call's other exports: applications, supports per proposal, eligibility decisions (object: the challenge).
    ("proposals.export_call", "challenge", {"organizer", "staff"}),
    # A selected team's drop-out, recorded by the organizers; a dropped-out proposal has left the call.
    ("proposals.record_drop_out", "selected", {"organizer", "staff"}),
    ("proposals.view_proposal", "selected", set(ROLES)),
    ("proposals.view_proposal", "dropped_out", TEAM | {"organizer", "staff"}),
    ("proposals.view_private_answers", "dropped_out", TEAM | {"organizer", "staff"}),
    ("proposals.change_proposal", "dropped_out", set()),
    (
        "proposals.start_proposal",
        "challenge",
        {"citizen", "lead", "co_author", "organizer", "other_lab_organizer", "staff"},
    ),
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
    for name in ("lead", "co_author", "organizer", "other_lab_organizer"):
        users[name] = make_user(f"{name}@example.org")
    LabMembership.objects.create(lab=lab, user=users["organizer"], role="organizer")
    LabMembership.objects.create(lab=other_lab, user=users["other_lab_organizer"], role="organizer")
    challenge = make_challenge(lab, visibility="published")
    hidden = make_challenge(lab, "sin-galeria", visibility="published", proposals_public=False)
    proposals = {}
    for name, status, target in [
        ("draft", "draft", challenge),
        ("submitted", "submitted", challenge),
        ("withdrawn", "withdrawn", challenge),
        ("selected", "selected", challenge),
        ("dropped_out", "dropped_out", challenge),
        ("hidden_call", "submitted", hidden),
    ]:
        proposal = Proposal.objects.create(challenge=target, title=name, status=status)
        ProposalMember.objects.create(proposal=proposal, user=users["lead"], role="lead")
        ProposalMember.objects.create(proposal=proposal, user=users["co_author"], role="member")
        proposals[name] = proposal
    return {"users": users, "objects": {**proposals, "challenge": challenge, "hidden_challenge": hidden}}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, target, allowed):
    assert can(world["users"][role], action, world["objects"][target]) is (role in allowed)
