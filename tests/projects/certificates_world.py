"""A finished lab edition for the certificates' tests: its organizers, a mentor, teams, jurors and participants.

The lab phase runs from 2 to 6 March 2026 (Lima); check-ins were taken on four of those days.
- Ñusta (Spanish) attended 4 days and leads the selected proposal «Agua para todos»; Carlos (English) attended 2 days
  and is its co-author; Cata collaborates with it and attended 1 day.
- Dora leads a draft, Walter a withdrawn proposal, Sara a submitted one that was not selected; none attended.
- Julia, juror, submitted all her reviews; Pablo still has one to do; Rita recused herself from her only one.
- Mario is the edition's mentor; Olga organizes the lab; Otto organizes another lab; Rosa is a citizen with no part.
"""

import datetime
from datetime import UTC

import pytest
from django.test import Client
from django.utils import translation

from challenges.models import ChallengeRole
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, Juror, Round
from projects.models import CheckIn
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

LAB_DAYS = [datetime.date(2026, 3, day) for day in range(2, 7)]


def lima(day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour + 5, tzinfo=UTC)  # Lima is UTC-5


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, so the assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


def check_in(challenge, user, days: int) -> None:
    CheckIn.objects.bulk_create([CheckIn(challenge=challenge, user=user, day=day) for day in LAB_DAYS[:days]])


def add_proposal(challenge, number: int, title: str, status: str, members: dict) -> Proposal:
    proposal = Proposal.objects.create(challenge=challenge, title=title, number=number, status=status)
    for role, user in members.items():
        ProposalMember.objects.create(proposal=proposal, user=user, role=role.rstrip("0123456789"))
    return proposal


def add_juror(round_, user, statuses: list[str]) -> Juror:
    juror = Juror.objects.create(
        round=round_, user=user, email=user.email, status="active", token=f"t-{user.pk}", expires_at=lima(30)
    )
    for number, status in enumerate(statuses, start=1):
        proposal = Proposal.objects.create(
            challenge=round_.challenge, title=f"Reviewed {user.pk}-{number}", number=1000 + user.pk * 10 + number
        )
        Assignment.objects.create(round=round_, juror=juror, proposal=proposal, status=status)
    return juror


@pytest.fixture
def world(db):
    lab = make_lab("lab-arequipa", name="LABIC Arequipa")
    organizer = make_user("olga@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    other_lab = make_lab("lab-puno")
    outsider = make_user("otto@example.org", full_name="Otto Otro")
    LabMembership.objects.create(lab=other_lab, user=outsider, role=LabRole.ORGANIZER)
    challenge = make_challenge(
        lab,
        "hackaton-agua",
        title="Hackatón del agua",
        visibility="published",
        phases={"proposals": (lima(1) - datetime.timedelta(days=60), lima(1)), "lab": (lima(2), lima(7))},
    )
    people = {
        "nusta": make_user("nusta@example.org", full_name="Ñusta Quispe Huamán", language="es"),
        "carlos": make_user("carlos@example.org", full_name="Carlos Smith", language="en"),
        "cata": make_user("cata@example.org", full_name="Cata Colabora"),
        "dora": make_user("dora@example.org", full_name="Dora Draft"),
        "walter": make_user("walter@example.org", full_name="Walter Withdrawn"),
        "sara": make_user("sara@example.org", full_name="Sara Submitted"),
        "julia": make_user("julia@example.org", full_name="Julia Jurado"),
        "pablo": make_user("pablo@example.org", full_name="Pablo Pendiente"),
        "rita": make_user("rita@example.org", full_name="Rita Recusa"),
        "mario": make_user("mario@example.org", full_name="Mario Mentor"),
        "rosa": make_user("rosa@example.org", full_name="Rosa Nadie"),
    }
    selected = add_proposal(
        challenge,
        1,
        "Agua para todos",
        "selected",
        {"lead": people["nusta"], "member": people["carlos"], "collaborator": people["cata"]},
    )
    add_proposal(challenge, 2, "Borrador", "draft", {"lead": people["dora"]})
    add_proposal(challenge, 3, "Retirada", "withdrawn", {"lead": people["walter"]})
    add_proposal(challenge, 4, "Enviada", "not_selected", {"lead": people["sara"]})
    check_in(challenge, people["nusta"], 4)
    check_in(challenge, people["carlos"], 2)
    check_in(challenge, people["cata"], 1)
    round_ = Round.objects.create(
        challenge=challenge, name="Preselección", starts_at=lima(1) - datetime.timedelta(days=20), ends_at=lima(1)
    )
    add_juror(round_, people["julia"], ["submitted", "submitted", "recused"])
    add_juror(round_, people["pablo"], ["submitted", "assigned"])
    add_juror(round_, people["rita"], ["recused"])
    ChallengeRole.objects.create(challenge=challenge, user=people["mario"], role="mentor")
    return {
        "lab": lab,
        "challenge": challenge,
        "organizer": organizer,
        "outsider": outsider,
        "selected": selected,
        "round": round_,
        **people,
    }
