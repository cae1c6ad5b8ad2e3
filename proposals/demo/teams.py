"""Team formation in the open LABIC call: pending invitations (one to the demo citizen), people looking
for a team, and the call's public supports, all drawn from one seeded sequence."""

import random
from datetime import timedelta

from django.db.models import F

from challenges.models import Challenge
from innovation_platform.accounts.demo import SKILLS
from innovation_platform.accounts.models import User
from innovation_platform.core.invitations.models import INVITATION_DAYS, invitation_expiry, invitation_token
from proposals.demo.common import SEED, demo_innovators
from proposals.demo.supports import SUPPORTS_PER_PERSON, seed_supports
from proposals.models import Invitation, MemberRole, ProposalMember, ProposalStatus, Support, TeamSeeker

INVITED_EMAILS = ["amaru.ccori@correo.example", "killa.mamani@correo.example", "renzo.apaza@correo.example"]
SEEKERS = 12
SEEKER_MESSAGES = [
    "Vivo en {town} y quiero sumarme a un equipo que trabaje con familias productoras.",
    "Tengo experiencia en proyectos comunitarios y busco un equipo con una idea ya encaminada.",
    "Puedo dedicar diez horas por semana; me interesan los proyectos de nutrición y agricultura familiar.",
    "Busco equipo para el laboratorio: me gustaría aportar desde lo que sé hacer y aprender de otras regiones.",
]


def seed_open_call_teams(challenge: Challenge, accounts: dict[str, User], *, now) -> None:
    """Pending invitations (one to the demo citizen), people looking for a team and supports.

    Each part is written once: loading again finds it and adds nothing.
    """
    invite = not Invitation.objects.filter(proposal__challenge=challenge).exists()
    seek = not TeamSeeker.objects.filter(challenge=challenge).exists()
    support = not Support.objects.filter(challenge=challenge).exists()
    if not (invite or seek or support):
        return
    rng = random.Random(SEED + 1)
    innovators = list(demo_innovators().select_related("profile").prefetch_related("profile__skills"))
    if not innovators:
        return
    teams = _teams(challenge)
    if invite:
        _seed_invitations(challenge, accounts, teams, now)
    if seek:
        on_a_team = {user_id for members in teams.values() for user_id in members}
        free = [user for user in innovators if user.pk not in on_a_team]
        TeamSeeker.objects.bulk_create(
            TeamSeeker(challenge=challenge, user=user, skills=_skills_of(user, rng), message=_seeker_message(user, rng))
            for user in rng.sample(free, min(SEEKERS, len(free)))
        )
    if not challenge.supports_enabled:
        # The call is open, so supporting is possible now: a people's choice beside the jury.
        challenge.supports_enabled = True
        challenge.supports_per_person = SUPPORTS_PER_PERSON
        challenge.save(update_fields=["supports_enabled", "supports_per_person", "updated_at"])
    if support:
        seed_supports(challenge, [*innovators, *filter(None, [accounts.get("citizen")])], teams, rng)


def _teams(challenge: Challenge) -> dict[int, set[int]]:
    """Member ids per proposal in the call."""
    teams: dict[int, set[int]] = {}
    members = ProposalMember.objects.filter(proposal__challenge=challenge).values_list("proposal_id", "user_id")
    for proposal_id, user_id in members:
        teams.setdefault(proposal_id, set()).add(user_id)
    return teams


def _seed_invitations(challenge: Challenge, accounts: dict[str, User], teams: dict[int, set[int]], now) -> None:
    """The team lead's draft invites the demo citizen and someone not yet registered; a few
    submitted proposals wait for co-authors invited by e-mail; one team shares a link."""
    proposals = list(
        challenge.proposals.filter(members__role=MemberRole.LEAD)
        .annotate(lead_id=F("members__user_id"))
        .order_by("number", "pk")
    )
    lead, citizen = accounts.get("team lead"), accounts.get("citizen")
    draft = next((p for p in proposals if p.status == ProposalStatus.DRAFT and lead and p.lead_id == lead.pk), None)
    small = [p for p in proposals if p.status == ProposalStatus.SUBMITTED and len(teams.get(p.pk, ())) <= 2]
    invitations = []

    def invite(proposal, days_ago: int, **addressee) -> None:
        sent = now - timedelta(days=days_ago)
        invitations.append(
            Invitation(
                proposal=proposal,
                token=invitation_token(),
                invited_by_id=proposal.lead_id,
                expires_at=invitation_expiry(sent),
                **addressee,
            )
        )

    if draft is not None:
        if citizen is not None:
            invite(draft, 1, invitee=citizen)
        invite(draft, 2, email=INVITED_EMAILS[0])
    for proposal, email in zip(small, INVITED_EMAILS[1:], strict=False):
        invite(proposal, 3, email=email)
    if small[len(INVITED_EMAILS) - 1 :]:
        invite(small[len(INVITED_EMAILS) - 1], 4)  # neither e-mail nor person: a shareable link
    created = Invitation.objects.bulk_create(invitations)
    # Sent a few days ago, as the expiry says.
    Invitation.objects.filter(pk__in=[i.pk for i in created]).update(
        created_at=F("expires_at") - timedelta(days=INVITATION_DAYS)
    )


def _skills_of(user: User, rng: random.Random) -> list[str]:
    skills = [tag.name for tag in user.profile.skills.all()] if hasattr(user, "profile") else []
    return skills[:3] or rng.sample(SKILLS, 2)


def _seeker_message(user: User, rng: random.Random) -> str:
    profile = getattr(user, "profile", None)
    town = profile.get_region_display() if profile and profile.region else "mi región"
    return rng.choice(SEEKER_MESSAGES).format(town=town)
