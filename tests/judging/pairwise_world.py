"""An open expo round (pairwise) with four submitted projects, a draft, two jurors and the people around them."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from innovation_platform.labs.models import LabMembership
from judging.models import Round
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging.results_world import make_juror

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_round(challenge, **fields):
    now = timezone.now()
    defaults = {"name": "Demo day", "method": "pairwise", "starts_at": now - DAY, "ends_at": now + DAY, "seed": 3}
    return Round.objects.create(challenge=challenge, **{**defaults, **fields})


def make_projects(challenge, count, *, start=1):
    return [
        Proposal.objects.create(
            challenge=challenge, title=f"Project {i}", number=i, status="submitted", summary=f"Summary {i}"
        )
        for i in range(start, start + count)
    ]


@pytest.fixture
def expo(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-expo")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(lab, "reto-expo", code="EXP26", visibility="published", selection_count=2)
    round_ = make_round(challenge)
    projects = make_projects(challenge, 4)
    lead = make_user("lead@example.org", full_name="Lea Lead")
    ProposalMember.objects.create(proposal=projects[0], user=lead, role="lead")
    draft = Proposal.objects.create(challenge=challenge, title="Draft", status="draft")
    ana = make_juror(round_, make_user("ana@example.org", full_name="Ana Jurado"))
    beto = make_juror(round_, make_user("beto@example.org", full_name="Beto Jurado"))
    return {
        "organizer": organizer,
        "lab": lab,
        "challenge": challenge,
        "round": round_,
        "projects": projects,
        "draft": draft,
        "lead": lead,
        "ana": ana,
        "beto": beto,
    }
