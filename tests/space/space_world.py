"""A small network frozen at noon in Lima on 10 March 2027, for the home page and Mi espacio: calls in every state
and one person of each role.

- "Reto abierto" takes proposals until 13 March 23:59:59 (3 days and almost 12 hours from now), teams of two or
  more, one required question; its rubric round (on the call judged now, "Reto en evaluación") is open.
- "Reto pronto" closes tonight; "Reto futuro" opens in 5 days; "Reto pasado" finished; "Reto borrador" is a draft.
- The lead's draft in "Reto abierto" has a co-author and its answer, and misses two items (expected impact and
  licence); it invites the citizen. Another person's draft and proposals exist, never shown to anyone else.
- The juror holds a seat in "Reto en evaluación"'s round with 4 reviews, 1 done; another juror's seat has 2 to do.
- The mentor mentors one project; the organizer organizes every call of the lab.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from challenges.models import Challenge, Follow, PhaseKind, Question
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, Juror, Round
from projects.models import Mentorship, Project
from proposals.models import Answer, Invitation, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

LIMA = ZoneInfo("America/Lima")
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=LIMA)
DAY = timedelta(days=1)


def lima(day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, second, tzinfo=LIMA)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, so assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


def make_proposal(challenge, lead, *, title: str, status: str = "submitted", number: int | None = None, **fields):
    proposal = Proposal.objects.create(challenge=challenge, title=title, status=status, number=number, **fields)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


def make_seat(round_, user) -> Juror:
    return Juror.objects.create(
        round=round_, email=user.email, user=user, status="active", token=f"seat-{round_.pk}-{user.pk}", expires_at=NOW
    )


@pytest.fixture
def world(db, frozen):
    people = {
        role: make_user(f"{role}@example.org", full_name=f"{role.title()} Person")
        for role in ("citizen", "lead", "juror", "other_juror", "mentor", "organizer", "stranger")
    }
    lab = make_lab("lab-lima", region="PE-LMA", is_verified=True)
    LabMembership.objects.create(lab=lab, user=people["organizer"], role=LabRole.ORGANIZER)
    calls = {
        "open": make_challenge(
            lab,
            "reto-abierto",
            visibility="published",
            team_min=2,
            phases={PhaseKind.PROPOSALS: (lima(1), lima(13, 23, 59, 59)), PhaseKind.EVALUATION: (lima(14), lima(20))},
        ),
        "soon": make_challenge(
            lab, "reto-pronto", visibility="published", phases={PhaseKind.PROPOSALS: (lima(1), lima(10, 23, 59, 59))}
        ),
        "future": make_challenge(
            lab, "reto-futuro", visibility="published", phases={PhaseKind.PROPOSALS: (lima(15), lima(30))}
        ),
        "past": make_challenge(
            lab, "reto-pasado", visibility="archived", phases={PhaseKind.PROPOSALS: (lima(1) - 60 * DAY, lima(1))}
        ),
        "draft": make_challenge(lab, "reto-borrador", phases={PhaseKind.PROPOSALS: (lima(1), lima(20))}),
        "judged": make_challenge(
            lab,
            "reto-en-evaluacion",
            visibility="published",
            code="EVAL",
            phases={PhaseKind.PROPOSALS: (lima(1) - 30 * DAY, lima(1)), PhaseKind.EVALUATION: (lima(2), lima(20))},
        ),
    }
    for age, call in enumerate(reversed(calls.values())):  # created one after the other, "judged" last
        Challenge.objects.filter(pk=call.pk).update(created_at=NOW - age * DAY)
    question = Question.objects.create(challenge=calls["open"], label="Which market?", kind="short_text", required=True)
    draft = make_proposal(
        calls["open"],
        people["lead"],
        title="Lead's market draft",
        status="draft",
        summary="s",
        problem="p",
        solution="s",
        beneficiaries="b",
        stage="idea",
        country="PE",
        region="PE-LMA",
    )
    ProposalMember.objects.create(proposal=draft, user=people["stranger"], role="member")
    Answer.objects.create(proposal=draft, question=question, value="Mercado 1")
    Invitation.objects.create(
        proposal=draft, invitee=people["citizen"], invited_by=people["lead"], token="inv-1", expires_at=NOW + 7 * DAY
    )
    make_proposal(calls["open"], people["stranger"], title="Stranger's secret draft", status="draft")
    round_ = Round.objects.create(
        challenge=calls["judged"], name="Preselection", starts_at=lima(2), ends_at=lima(20), seed=1
    )
    seat, other_seat = make_seat(round_, people["juror"]), make_seat(round_, people["other_juror"])
    judged = [
        make_proposal(calls["judged"], people["stranger"], title=f"Judged {number}", number=number)
        for number in range(1, 5)
    ]
    for number, proposal in enumerate(judged):
        Assignment.objects.create(
            round=round_, juror=seat, proposal=proposal, status="submitted" if number == 0 else "assigned"
        )
    for proposal in judged[:2]:
        Assignment.objects.create(round=round_, juror=other_seat, proposal=proposal)
    selected = make_proposal(calls["past"], people["stranger"], title="Selected project", number=1, status="selected")
    project = Project.objects.create(proposal=selected, challenge=calls["past"], title="Mercado limpio")
    Mentorship.objects.create(project=project, mentor=people["mentor"])
    Follow.objects.create(challenge=calls["future"], user=people["citizen"])
    return {"people": people, "calls": calls, "lab": lab, "draft": draft, "round": round_, "seat": seat}
