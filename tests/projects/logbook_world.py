"""A selected project with its team, mentors and neighbours, for the logbook's tests."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser

from challenges.models import ChallengeRole, ChallengeRoleKind
from innovation_platform.labs.models import LabMembership, LabRole
from projects.models import LogbookPost, Mentorship, PostVisibility, Project
from projects.services.projects import projects_open
from proposals.models import MemberRole, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user

ROLES = [
    "lead",
    "member",
    "collaborator",
    "mentor",
    "other_mentor",
    "organizer",
    "other_organizer",
    "staff",
    "citizen",
    "anonymous",
]


@dataclass
class World:
    challenge: object
    project: Project
    users: dict = field(default_factory=dict)

    def post(self, *, by: str = "lead", visibility: str = PostVisibility.PUBLIC, **fields) -> LogbookPost:
        defaults = {"title": "Día 1: prototipo", "body": "Probamos el **sensor**."}
        return LogbookPost.objects.create(
            project=self.project, author=self.users[by], visibility=visibility, **{**defaults, **fields}
        )


def make_world(slug: str = "hackaton-agua", **challenge_fields) -> World:
    organizer = make_user(f"organizadora@{slug}.pe", full_name="Lucía Paredes")
    lab = make_lab(f"lab-{slug}")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    defaults = {"title": "Hackatón del agua", "code": "AGUA", "visibility": "published", "proposals_public": True}
    challenge = make_challenge(lab, slug, **{**defaults, **challenge_fields})
    proposal = Proposal.objects.create(challenge=challenge, title="Medidor comunitario", number=7, status="selected")
    users = {"organizer": organizer, "anonymous": AnonymousUser()}
    for role, name in (
        (MemberRole.LEAD, "Jorge Huamán"),
        (MemberRole.MEMBER, "Ana Ccori"),
        (MemberRole.COLLABORATOR, "Luis Mamani"),
    ):
        users[str(role)] = make_user(f"{role}@{slug}.pe", full_name=name)
        ProposalMember.objects.create(proposal=proposal, user=users[str(role)], role=role)
    (project,) = projects_open([proposal.pk])
    for role, name in (("mentor", "Carmen Villanueva"), ("other_mentor", "Pedro Salas")):
        users[role] = make_user(f"{role}@{slug}.pe", full_name=name)
        ChallengeRole.objects.create(challenge=challenge, user=users[role], role=ChallengeRoleKind.MENTOR)
    Mentorship.objects.create(project=project, mentor=users["mentor"], assigned_by=organizer)
    users["other_organizer"] = make_user(f"otra@{slug}.pe")
    LabMembership.objects.create(lab=make_lab(f"otro-{slug}"), user=users["other_organizer"], role=LabRole.ORGANIZER)
    users["staff"] = make_user(f"staff@{slug}.pe", is_staff=True)
    users["citizen"] = make_user(f"rosa@{slug}.pe", full_name="Rosa Quispe")
    return World(challenge=challenge, project=project, users=users)


@pytest.fixture
def world(db) -> World:
    return make_world()
