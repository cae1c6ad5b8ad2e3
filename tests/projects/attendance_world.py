"""A call with a lab programme for the attendance tests: who is who, and sessions open, full, reserved."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.test import Client

from challenges.models import Challenge, ChallengeRole, Session
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

LIMA_NOON = datetime.fromisoformat("2026-12-07T12:00:00-05:00")  # the tests' "now", frozen


@dataclass
class World:
    challenge: Challenge
    organizer: User
    other_organizer: User
    mentor: User
    member: User
    citizen: User
    staff: User
    open_session: Session  # public, two places, tomorrow
    reserved_session: Session  # today, 15:00
    morning_session: Session  # public, today 9:00 to 13:00 (running)


def session(challenge, title, starts_at, *, hours=2, **fields) -> Session:
    return Session.objects.create(
        challenge=challenge, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **fields
    )


def attendance_world(now: datetime = LIMA_NOON) -> World:
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-labic")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    other = make_user("other@example.org", full_name="Otro Organizador")
    LabMembership.objects.create(lab=make_lab("otro-lab"), user=other, role="organizer")
    challenge = make_challenge(lab, "labic", visibility="published", kind="citizen_lab")
    mentor = make_user("mentor@example.org", full_name="Marta Mentora")
    ChallengeRole.objects.create(challenge=challenge, user=mentor, role="mentor")
    member = make_user("member@example.org", full_name="Teo Equipo")
    proposal = Proposal.objects.create(challenge=challenge, title="Huertos", number=1, status="selected")
    ProposalMember.objects.create(proposal=proposal, user=member, role="lead")
    return World(
        challenge=challenge,
        organizer=organizer,
        other_organizer=other,
        mentor=mentor,
        member=member,
        citizen=make_user("citizen@example.org", full_name="Rosa Quispe"),
        staff=make_user("staff@example.org", full_name="Staff Person", is_staff=True),
        open_session=session(challenge, "Taller abierto", now + timedelta(days=1), registration="public", capacity=2),
        reserved_session=session(challenge, "Mentorías", now + timedelta(hours=3), registration="reserved"),
        morning_session=session(
            challenge, "Charla de la mañana", now - timedelta(hours=3), hours=4, registration="public"
        ),
    )


def client_for(user: User | None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client
