"""A finished edition with projects, a team (lead, co-author, collaborator), a mentor and a follow-up checkpoint
open today (15 June 2026 in Lima)."""

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from challenges.models import ChallengeRole
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import LabMembership
from projects.models import Checkpoint, Indicator, Mentorship, Project
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

LIMA = zoneinfo.ZoneInfo("America/Lima")
DAY = timedelta(days=1)
# 10:00 in Lima on the checkpoint's third day.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=LIMA)


def make_project(challenge, title: str, lead: User, *, number: int, status: str = "selected") -> Project:
    proposal = Proposal.objects.create(challenge=challenge, title=title, status=status, number=number)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return Project.objects.create(proposal=proposal, challenge=challenge, title=title, outcome="built")


def make_projects(challenge, count: int, *, start: int = 2) -> list[Project]:
    return [
        make_project(
            challenge,
            f"Proyecto {number}",
            make_user(f"lead{number}@example.org", full_name=f"Líder {number}", language="en"),
            number=number,
        )
        for number in range(start, start + count)
    ]


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(db, clock):
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-seguimiento")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "hackaton-seguimiento",
        code="SEG26",
        visibility="archived",
        phases={"lab": (datetime(2026, 3, 9, 9, tzinfo=LIMA), datetime(2026, 3, 10, 18, tzinfo=LIMA))},
    )
    lead = make_user("lead@example.org", full_name="Lía Líder", language="en")
    member = make_user("member@example.org", full_name="Carlos Coautor", language="es")
    collaborator = make_user("collab@example.org", full_name="Cora Colabora", language="en")
    mentor = make_user("mentor@example.org", full_name="Mario Mentor", language="en")
    project = make_project(challenge, "AguaClara", lead, number=1)
    ProposalMember.objects.create(proposal=project.proposal, user=member, role="member")
    ProposalMember.objects.create(proposal=project.proposal, user=collaborator, role="collaborator")
    ChallengeRole.objects.create(challenge=challenge, user=mentor, role="mentor")
    Mentorship.objects.create(project=project, mentor=mentor)
    checkpoint = Checkpoint.objects.create(
        challenge=challenge,
        title="3 months",
        due_on=date(2026, 6, 13),
        closes_on=date(2026, 7, 13),
        indicators=list(Indicator.values),
        question="What was the hardest part?",
    )
    return {
        "lab": lab,
        "challenge": challenge,
        "organizer": organizer,
        "lead": lead,
        "member": member,
        "collaborator": collaborator,
        "mentor": mentor,
        "project": project,
        "checkpoint": checkpoint,
    }


@pytest.fixture
def english():
    with translation.override("en"):
        yield
