"""Roles × the rules of supports and moderation, asked of the central rules."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from proposals.models import Invitation, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

NOW = timezone.now()
DAY = timedelta(days=1)

ROLES = [
    "anonymous",
    "unverified",
    "citizen",
    "lead",
    "co_author",
    "invitee",
    "organizer",
    "other_lab_organizer",
    "staff",
]
TEAM = {"lead", "co_author"}
MANAGERS = {"organizer", "staff"}
SIGNED_IN = set(ROLES) - {"anonymous"}
VERIFIED_OUTSIDERS = {"citizen", "invitee", "organizer", "other_lab_organizer", "staff"}
MATRIX = [
    ("proposals.support_proposal", "proposal", VERIFIED_OUTSIDERS),
    ("proposals.support_proposal", "hidden_proposal", set()),
    ("proposals.support_proposal", "draft", set()),
    ("proposals.support_proposal", "no_supports_proposal", set()),
    ("proposals.view_support_counts", "live", set(ROLES)),
    ("proposals.view_support_counts", "after_open", MANAGERS),
    ("proposals.view_support_counts", "after_closed", set(ROLES)),
    ("proposals.view_support_counts", "no_supports", MANAGERS),
    ("proposals.view_supports_ranking", "live", MANAGERS),
    ("proposals.view_supports_ranking", "ranking_public", set(ROLES)),
    ("proposals.view_supports_ranking", "ranking_public_after_open", MANAGERS),
    ("proposals.view_supports_ranking", "ranking_public_after_closed", set(ROLES)),
    ("proposals.report_content", "live", SIGNED_IN),
    ("proposals.moderate", "live", MANAGERS),
    ("proposals.moderate", "no_supports", MANAGERS),
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
    for name in ("lead", "co_author", "invitee", "organizer", "other_lab_organizer"):
        users[name] = make_user(f"{name}@example.org")
    LabMembership.objects.create(lab=lab, user=users["organizer"], role="organizer")
    LabMembership.objects.create(lab=other_lab, user=users["other_lab_organizer"], role="organizer")
    running = {"proposals": (NOW - DAY, NOW + DAY)}
    over = {"proposals": (NOW - 3 * DAY, NOW - DAY)}

    def challenge(slug, phases=running, **fields):
        fields = {"visibility": "published", "supports_enabled": True, **fields}
        return make_challenge(lab, slug, phases=phases, **fields)

    challenges = {
        "live": challenge("live"),
        "after_open": challenge("after-open", supports_counts="after"),
        "after_closed": challenge("after-closed", over, supports_counts="after"),
        "no_supports": challenge("no-supports", supports_enabled=False, supports_ranking_public=True),
        "ranking_public": challenge("public", supports_ranking_public=True),
        "ranking_public_after_open": challenge("public-open", supports_ranking_public=True, supports_counts="after"),
        "ranking_public_after_closed": challenge(
            "public-closed", over, supports_ranking_public=True, supports_counts="after"
        ),
    }
    proposals = {}
    for name, status, target, hidden_at in [
        ("proposal", "submitted", challenges["live"], None),
        ("hidden_proposal", "submitted", challenges["live"], NOW),
        ("draft", "draft", challenges["live"], None),
        ("no_supports_proposal", "submitted", challenges["no_supports"], None),
    ]:
        proposal = Proposal.objects.create(challenge=target, title=name, status=status, hidden_at=hidden_at)
        ProposalMember.objects.create(proposal=proposal, user=users["lead"], role="lead")
        ProposalMember.objects.create(proposal=proposal, user=users["co_author"], role="member")
        Invitation.objects.create(proposal=proposal, invitee=users["invitee"], token=f"t-{name}", expires_at=NOW + DAY)
        proposals[name] = proposal
    return {"users": users, "objects": {**proposals, **challenges}}


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, target, allowed):
    assert can(world["users"][role], action, world["objects"][target]) is (role in allowed)
