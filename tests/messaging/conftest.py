"""A call with one person in each of its groups, plus people who belong to none or to another call.

Everyone's address names the group they stand for; `PEOPLE` lists, for each segment, who is in it.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from challenges.models import ChallengeRole, Follow
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, Round
from proposals.models import Proposal, ProposalMember, RoleApplication, RoleSlot
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging.scoring_world import make_juror

DAY = timedelta(days=1)

PEOPLE = {
    "followers": {"follower", "lead-eligible"},
    "mentors": {"mentor"},
    "submitted": {
        "lead-eligible",
        "member-eligible",
        "lead-ineligible",
        "lead-pending",
        "lead-shortlisted",
        "lead-selected",
        "lead-waitlisted",
        "lead-not-selected",
    },
    "drafts": {"lead-draft"},
    "eligible": {"lead-eligible", "member-eligible"},
    "ineligible": {"lead-ineligible"},
    "shortlisted": {"lead-shortlisted"},
    "selected": {"lead-selected"},
    "waitlisted": {"lead-waitlisted"},
    "not_selected": {"lead-not-selected"},
    "applicants": {"applicant", "applicant-declined"},
    "jurors_pending": {"juror-pending"},
}


def person(name: str, **fields):
    return make_user(f"{name}@example.org", full_name=name.replace("-", " ").title(), **fields)


def add_proposal(challenge, lead, *, number, status="submitted", eligibility="pending", members=()):
    proposal = Proposal.objects.create(
        challenge=challenge, title=f"Proposal {number}", number=number, status=status, eligibility=eligibility
    )
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    for member in members:
        ProposalMember.objects.create(proposal=proposal, user=member, role="member")
    return proposal


@pytest.fixture
def world(db):
    now = timezone.now()
    lab = make_lab("lab-cusco")
    organizer = person("organizer", language="en")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    other_organizer = person("other-organizer")
    LabMembership.objects.create(lab=make_lab("lab-puno"), user=other_organizer, role=LabRole.ORGANIZER)
    challenge = make_challenge(lab, "reto-agua", visibility="published")
    other = make_challenge(lab, "reto-otro", visibility="published")

    for user in (person("follower"), person("gone", is_active=False)):
        Follow.objects.create(challenge=challenge, user=user)
    ChallengeRole.objects.create(challenge=challenge, user=person("mentor"), role="mentor")

    eligible = add_proposal(
        challenge, person("lead-eligible"), number=1, eligibility="eligible", members=[person("member-eligible")]
    )
    Follow.objects.create(challenge=challenge, user=eligible.members.get(role="lead").user)
    add_proposal(challenge, person("lead-ineligible"), number=2, eligibility="ineligible")
    add_proposal(challenge, person("lead-pending"), number=3)
    add_proposal(challenge, person("lead-shortlisted"), number=4, status="shortlisted")
    selected = add_proposal(challenge, person("lead-selected"), number=5, status="selected")
    add_proposal(challenge, person("lead-waitlisted"), number=6, status="waitlisted")
    add_proposal(challenge, person("lead-not-selected"), number=7, status="not_selected")
    add_proposal(challenge, person("lead-withdrawn"), number=8, status="withdrawn")
    add_proposal(challenge, person("lead-draft"), number=None, status="draft")
    elsewhere = add_proposal(other, person("lead-elsewhere"), number=1, eligibility="eligible")

    slot = RoleSlot.objects.create(proposal=selected, title="Designer")
    for name, status in [("applicant", "pending"), ("applicant-declined", "declined"), ("applicant-gone", "withdrawn")]:
        RoleApplication.objects.create(slot=slot, applicant=person(name), motivation="Me interesa", status=status)

    round_ = Round.objects.create(challenge=challenge, name="Preselection", starts_at=now - DAY, ends_at=now + DAY)
    pending, done = make_juror(round_, person("juror-pending")), make_juror(round_, person("juror-done"))
    Assignment.objects.create(round=round_, juror=pending, proposal=eligible, status="assigned")
    Assignment.objects.create(round=round_, juror=done, proposal=eligible, status="submitted")
    other_round = Round.objects.create(challenge=other, name="Other", starts_at=now - DAY, ends_at=now + DAY)
    Assignment.objects.create(
        round=other_round, juror=make_juror(other_round, person("juror-elsewhere")), proposal=elsewhere
    )
    return {"challenge": challenge, "other": other, "organizer": organizer, "other_organizer": other_organizer}


@pytest.fixture
def client():
    """Pages in English, so the assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def organizer_client(client, world):
    client.force_login(world["organizer"])
    return client
