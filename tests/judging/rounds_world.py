"""A challenge in its evaluation phase, its organizers and outsiders, for the tests of the judging setup.

Timeline: evaluation from 10 days ago to 10 days ahead, final judging from 20 to 30 days ahead.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, Criterion, Juror, Round
from judging.services.scoring import review_save
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, so the assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def world(db):
    now = timezone.now()
    lab = make_lab("lab-cusco")
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    other_lab = make_lab("lab-puno")
    outsider = make_user("otherorg@example.org", full_name="Otto Otro")
    LabMembership.objects.create(lab=other_lab, user=outsider, role=LabRole.ORGANIZER)
    challenge = make_challenge(
        lab,
        "reto-jurado",
        code="JUR26",
        visibility="published",
        phases={
            "proposals": (now - 40 * DAY, now - 10 * DAY),
            "evaluation": (now - 10 * DAY, now + 10 * DAY),
            "final_judging": (now + 20 * DAY, now + 30 * DAY),
        },
    )
    round_ = Round.objects.create(
        challenge=challenge, name="Preselection", starts_at=now - 5 * DAY, ends_at=now + 5 * DAY, seed=42
    )
    return {
        "now": now,
        "lab": lab,
        "other_lab": other_lab,
        "organizer": organizer,
        "outsider": outsider,
        "challenge": challenge,
        "round": round_,
    }


def round_fields(world, **changes) -> dict:
    """Valid settings for a new round of the world's challenge."""
    now = world["now"]
    fields = {
        "name": "Final",
        "position": 1,
        "method": "rubric",
        "scope": "submitted",
        "starts_at": now + 21 * DAY,
        "ends_at": now + 29 * DAY,
        "reviews_per_proposal": 3,
        "is_blind": True,
        "jurors_see_scores": False,
        "same_lab_is_conflict": True,
    }
    return {**fields, **changes}


def add_criterion(round_, name="Impact", **fields) -> Criterion:
    position = round_.criteria.count()
    return Criterion.objects.create(round=round_, name=name, position=position, **fields)


def add_juror(round_, user, *, status="active", **fields) -> Juror:
    defaults = {"email": user.email, "token": f"token-{round_.pk}-{user.pk}", "expires_at": timezone.now() + 9 * DAY}
    return Juror.objects.create(
        round=round_, user=user if status == "active" else None, status=status, **{**defaults, **fields}
    )


def add_proposal(challenge, lead, *, number=1, status="submitted", **fields) -> Proposal:
    proposal = Proposal.objects.create(
        challenge=challenge, title=f"Proposal {number}", number=number, status=status, **fields
    )
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


def score_once(round_, criterion, *, value=3) -> Assignment:
    """A juror's first score in the round, saved as jurors save theirs (which locks the criteria)."""
    juror = add_juror(round_, make_user("juror@example.org"))
    assignment = Assignment.objects.create(
        round=round_, juror=juror, proposal=add_proposal(round_.challenge, make_user("lead@example.org"))
    )
    return rescore(assignment, criterion, value=value)


def rescore(assignment, criterion, *, value) -> Assignment:
    """The juror of `assignment` saves a new value for `criterion`, as a draft."""
    assignment.refresh_from_db()
    return review_save(
        assignment=assignment,
        actor=assignment.juror.user,
        scores={criterion.pk: value},
        comment="",
        feedback="",
        revision=assignment.revision,
        submit=False,
    )
