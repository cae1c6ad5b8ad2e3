"""A person with a bit of everything the platform can hold about someone, on top of the judging results world
(a scored round of four submitted proposals, three jurors): Rosa is a member of Proposal 1's team, writes a draft
alone and is in another team's draft, supports Proposal 2, asked to join Proposal 3, applied to a role of
Proposal 4, was invited to Proposal 4's team, follows the call, received a notification and a group message, and
accepted the privacy policy and terms in force."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from challenges.models import Follow, Question
from innovation_platform.accounts.models import PolicyAcceptance, PolicyKind, PolicyVersion, User
from innovation_platform.accounts.services import contact_consent_give
from innovation_platform.live.models import Notification
from innovation_platform.messaging.models import Delivery, Message
from proposals.models import (
    Answer,
    Invitation,
    JoinRequest,
    Proposal,
    ProposalMember,
    ProposalVersion,
    RoleApplication,
    RoleSlot,
    Support,
)
from tests.conftest import make_user
from tests.judging.results_world import world  # noqa: F401 (the fixture this one builds on)

NAME = "Rosa Quispe Huamán"
EMAIL = "rosa.quispe@example.org"


def publish_policies(at=None) -> list[PolicyVersion]:
    at = at or timezone.now() - timedelta(days=30)
    version = at.strftime("%Y-%m-%d-%H%M%S")
    return [
        PolicyVersion.objects.create(kind=kind, version=version, published_at=at, text_es=f"# {kind}", text_en="")
        for kind in PolicyKind.values
    ]


@pytest.fixture
def person(world):  # noqa: F811
    challenge, proposals = world["challenge"], world["proposals"]
    rosa = make_user(EMAIL, full_name=NAME)
    contact_consent_give(rosa)
    # Everyone has accepted the policies in force (else the pages send them to accept them first).
    PolicyAcceptance.objects.bulk_create(
        [PolicyAcceptance(user=user, policy=policy) for policy in publish_policies() for user in User.objects.all()]
    )

    ProposalMember.objects.create(proposal=proposals[0], user=rosa, role="member")
    question = Question.objects.create(challenge=challenge, label="¿Por qué?", kind="long_text")
    Answer.objects.create(proposal=proposals[0], question=question, value="Porque el agua falta en Puno.")
    ProposalVersion.objects.create(
        proposal=proposals[0], version=1, snapshot={"title": "Proposal 1, first"}, author=rosa
    )

    draft = Proposal.objects.create(challenge=challenge, title="Borrador de Rosa")
    ProposalMember.objects.create(proposal=draft, user=rosa, role="lead")
    shared_draft = Proposal.objects.create(challenge=challenge, title="Borrador compartido")
    ProposalMember.objects.create(proposal=shared_draft, user=world["leads"][1], role="lead")
    ProposalMember.objects.create(proposal=shared_draft, user=rosa, role="member")

    Support.objects.create(proposal=proposals[1], challenge=challenge, user=rosa)
    JoinRequest.objects.create(proposal=proposals[2], user=rosa, message="Sé de riego por goteo.")
    slot = RoleSlot.objects.create(proposal=proposals[3], title="Agrónoma")
    RoleApplication.objects.create(slot=slot, applicant=rosa, motivation="Trabajé diez años en el altiplano.")
    Invitation.objects.create(
        proposal=proposals[3],
        email=EMAIL,
        token="rosa-invitation",
        expires_at=timezone.now() + timedelta(days=7),
        invited_by=world["leads"][3],
    )
    Follow.objects.create(challenge=challenge, user=rosa)
    Notification.objects.create(user=rosa, kind="team_change", title="Te uniste al equipo", url="/proposals/1/")
    message = Message.objects.create(
        subject="Bienvenida al laboratorio",
        body="Nos vemos el lunes.",
        author=world["organizer"],
        about_type=ContentType.objects.get_for_model(challenge),
        about_id=challenge.pk,
        about_title=challenge.title,
        about_url="/",
        segment="teams",
        segment_label="Teams",
    )
    Delivery.objects.create(message=message, user=rosa, sent_at=timezone.now())
    return {**world, "person": rosa, "draft": draft, "shared_draft": shared_draft}
