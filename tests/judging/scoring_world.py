"""An open, blind rubric round for the assignment and scoring tests: three proposals, three jurors, two criteria.

Nothing is assigned yet; `assign_all` gives every juror every proposal (k is 2, so tests that need the algorithm's
choices call the service instead).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from challenges.models import Question
from innovation_platform.labs.models import LabMembership
from judging.models import Assignment, Criterion, Juror, Round
from proposals.models import Answer, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_juror(round_, user, *, status="active", max_load=20, expertise=()):
    return Juror.objects.create(
        round=round_,
        email=user.email,
        user=user,
        status=status,
        max_load=max_load,
        expertise=list(expertise),
        token=f"t-{round_.pk}-{user.pk}",
        expires_at=timezone.now() + 9 * DAY,
    )


@pytest.fixture
def world(db):
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-jury")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(lab, "reto-jurado", code="JUR26", visibility="published")
    round_ = Round.objects.create(
        challenge=challenge,
        name="Preselection",
        starts_at=now - DAY,
        ends_at=now + DAY,
        reviews_per_proposal=2,
        is_blind=True,
        same_lab_is_conflict=False,
        seed=5,
    )
    impact = Criterion.objects.create(round=round_, name="Impact", description="Who benefits, how much.", position=1)
    feasibility = Criterion.objects.create(
        round=round_, name="Feasibility", scale_min=0, scale_max=10, step=Decimal("0.5"), position=2
    )
    note = Criterion.objects.create(round=round_, name="Originality (not counted)", counted=False, position=3)
    public_question = Question.objects.create(challenge=challenge, label="Which district?", kind="short_text")
    private_question = Question.objects.create(
        challenge=challenge, label="Phone number", kind="short_text", is_private=True
    )
    proposals, leads = [], []
    for i in range(1, 4):
        lead = make_user(f"lead{i}@example.org", full_name=f"Teamlead Number{i}")
        proposal = Proposal.objects.create(
            challenge=challenge,
            title=f"Water filter {i}",
            summary=f"Summary {i}",
            solution=f"Solution text {i}",
            number=i,
            status="submitted",
        )
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
        Answer.objects.create(proposal=proposal, question=public_question, value=f"District {i}")
        Answer.objects.create(proposal=proposal, question=private_question, value=f"+51 999 000 00{i}")
        proposals.append(proposal)
        leads.append(lead)
    jurors = [
        make_juror(round_, make_user(f"{name}@example.org", full_name=name.title()))
        for name in ("jana", "jorge", "julia")
    ]
    return {
        "now": now,
        "lab": lab,
        "organizer": organizer,
        "challenge": challenge,
        "round": round_,
        "criteria": [impact, feasibility, note],
        "proposals": proposals,
        "leads": leads,
        "jurors": jurors,
    }


def assign(world, juror, proposal, **fields):
    return Assignment.objects.create(round=world["round"], juror=juror, proposal=proposal, **fields)
