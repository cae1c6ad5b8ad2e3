"""Shared by the join-request tests (services and pages): a public proposal in an open call, its
lead (`citizen`, from tests/conftest.py) and someone outside the team who wants in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals.models import MemberRole, Proposal, ProposalMember
from tests.conftest import make_challenge, make_user

NOW = timezone.now()
DAY = timedelta(days=1)
TEAM_MAX = 3


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab,
        code="AGUA26",
        visibility="published",
        team_max=TEAM_MAX,
        phases={"proposals": (NOW - DAY, NOW + 30 * DAY)},
    )


@pytest.fixture
def proposal(challenge, citizen):
    """A submitted, public proposal led by `citizen`."""
    proposal = Proposal.objects.create(challenge=challenge, title="Biohuertos", status="submitted", number=1)
    ProposalMember.objects.create(proposal=proposal, user=citizen, role=MemberRole.LEAD)
    return proposal


@pytest.fixture
def friend(db):
    return make_user("friend@example.org", full_name="Killa Ccori")


def fill_team(proposal) -> None:
    """Co-authors up to the challenge's maximum, beside the lead."""
    for number in range(TEAM_MAX - 1):
        ProposalMember.objects.create(proposal=proposal, user=make_user(f"m{number}@example.org"))
