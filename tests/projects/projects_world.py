"""A published call whose lab has one project, opened from a selected proposal, and the people around it: the team
(lead, co-author, accepted collaborator), a mentor of the call, the project's assigned mentor, the call's organizer,
another lab's organizer and a citizen."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone, translation

from challenges.models import ChallengeRole
from innovation_platform.labs.models import LabMembership
from projects.models import Mentorship, Project
from projects.services.projects import projects_open
from proposals.models import Proposal, ProposalMember
from tests.conftest import PASSWORD, make_challenge, make_lab, make_user
from tests.proposals.console_world import other_organizer

DAY = timedelta(days=1)
ROLES = [
    "lead",
    "member",
    "collaborator",
    "call_mentor",
    "project_mentor",
    "organizer",
    "other_organizer",
    "citizen",
    "anonymous",
    "staff",
]
TEAM = {"lead", "member", "collaborator"}


def make_project(challenge, title: str, lead, *, number: int, **fields) -> Project:
    """A selected proposal led by `lead`, and the project the selection opens for it."""
    proposal = Proposal.objects.create(challenge=challenge, title=title, status="selected", number=number, **fields)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    (project,) = projects_open([proposal.pk])
    return project


@pytest.fixture
def world(db):
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-agua")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "reto-agua",
        code="AGUA26",
        visibility="published",
        selection_count=8,
        phases={"lab": (now - 3 * DAY, now - DAY)},
    )
    people = {
        "lead": make_user("lead@example.org", full_name="Lía Líder", language="en"),
        "member": make_user("coauthor@example.org", full_name="Carlos Coautor", language="es"),
        "collaborator": make_user("collab@example.org", full_name="Cora Colabora", language="en"),
        "call_mentor": make_user("mentor@example.org", full_name="Mario Mentor"),
        "project_mentor": make_user("pmentor@example.org", full_name="Paula Mentora"),
        "organizer": organizer,
        "other_organizer": other_organizer(),
        "citizen": make_user("citizen@example.org", full_name="Rosa Quispe"),
        "anonymous": AnonymousUser(),
        "staff": make_user("staff@example.org", full_name="Staff Person", is_staff=True),
    }
    project = make_project(challenge, "Medidor de cloro", people["lead"], number=1, region="PE-ARE")
    ProposalMember.objects.create(proposal=project.proposal, user=people["member"], role="member")
    ProposalMember.objects.create(proposal=project.proposal, user=people["collaborator"], role="collaborator")
    for key in ("call_mentor", "project_mentor"):
        ChallengeRole.objects.create(challenge=challenge, user=people[key], role="mentor")
    Mentorship.objects.create(project=project, mentor=people["project_mentor"], assigned_by=organizer)
    return {"now": now, "lab": lab, "challenge": challenge, "project": project, "people": people}


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user.is_authenticated:
        assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
