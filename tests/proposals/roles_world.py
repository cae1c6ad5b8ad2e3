"""A challenge in its call for collaborators, with a selected proposal and an open role."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember, RoleSlot
from tests.conftest import make_challenge, make_lab, make_user

DAY = timedelta(days=1)


def make_selected(challenge, title: str, lead, *, number: int, status: str = "selected", **fields) -> Proposal:
    proposal = Proposal.objects.create(challenge=challenge, title=title, status=status, number=number, **fields)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


@pytest.fixture
def world(db):
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-roles")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "reto-roles",
        code="ROL26",
        visibility="published",
        selection_count=2,
        phases={"collaborator_call": (now - DAY, now + 9 * DAY)},
    )
    lead = make_user("lead@example.org", full_name="Lía Líder")
    co_author = make_user("coauthor@example.org", full_name="Carlos Coautor")
    proposal = make_selected(challenge, "Biohuertos", lead, number=1)
    ProposalMember.objects.create(proposal=proposal, user=co_author, role="member")
    slot = RoleSlot.objects.create(proposal=proposal, title="Diseñadora", skills=["CAD", "prototipado"], slots=2)
    return {
        "now": now,
        "lab": lab,
        "challenge": challenge,
        "organizer": organizer,
        "lead": lead,
        "co_author": co_author,
        "proposal": proposal,
        "slot": slot,
        "applicant": make_user("ana@example.org", full_name="Ana Aplica"),
        "other": make_user("beto@example.org", full_name="Beto Busca"),
    }


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the language of the code."""
    with translation.override("en"):
        yield
