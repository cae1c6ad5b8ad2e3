"""The collaborator call that completed the finished hackathon's selected teams, once its jury selected them:
the roles the teams opened, applications with motivations, preferences and ratings, and the accepted collaborators."""

import random
from datetime import timedelta

from django.db import transaction

from challenges.models import Challenge, Phase
from innovation_platform.accounts.models import User
from proposals.demo.common import SEED, demo_innovators
from proposals.demo.hackathon import FINISHED_SLUG, collaborator_call
from proposals.models import (
    ApplicationStatus,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    RoleApplication,
    RoleSlot,
)

# (title, what the person will do, skills): the roles the selected teams opened for the lab.
ROLES = [
    (
        "Diseñador industrial",
        "Dar forma a la carcasa del prototipo para que resista el sol y el polvo y se fabrique con materiales locales.",
        ["diseño industrial", "diseño"],
    ),
    (
        "Especialista en inocuidad alimentaria",
        "Asegurar que el agua tratada sea apta para preparar alimentos en comedores y mercados.",
        ["inocuidad alimentaria", "nutrición"],
    ),
    (
        "Desarrolladora o desarrollador de hardware",
        "Programar los sensores y la transmisión de datos con placas libres.",
        ["electrónica", "programación"],
    ),
    (
        "Comunicadora o comunicador comunitario",
        "Preparar los talleres con las juntas vecinales y los materiales en castellano y quechua.",
        ["comunicación", "facilitación"],
    ),
    (
        "Analista de datos",
        "Limpiar las lecturas de los sensores y publicar un tablero abierto.",
        ["análisis de datos", "programación"],
    ),
]
MOTIVATIONS = [
    "Trabajo hace {years} años en {skill} y quiero que lo que sé sirva a mi ciudad. Puedo estar los dos días "
    "completos de la hackatón.",
    "Participé en otras iniciativas sobre el agua en Arequipa; me motiva ver un prototipo funcionando con "
    "vecinas y vecinos. Aporto experiencia en {skill}.",
    "Soy estudiante de último año y me interesa aprender con un equipo que ya tiene una idea clara. He hecho "
    "proyectos de {skill} en la universidad.",
    "Me sumo porque en mi barrio el agua llega pocas horas al día. Tengo {years} años de experiencia en {skill} "
    "y ganas de llevar el prototipo a un piloto.",
]


@transaction.atomic
def seed_finished_collaborators() -> int:
    """The collaborator call that completed the hackathon's selected teams, once the jury has selected them.
    Returns how many roles were new (0 when already loaded or nothing is selected)."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    if challenge is None or RoleSlot.objects.filter(proposal__challenge=challenge).exists():
        return 0
    selected = list(challenge.proposals.filter(status=ProposalStatus.SELECTED).order_by("number"))
    if not selected:
        return 0
    phases = {phase.kind: phase for phase in challenge.phases.all()}
    innovators = list(demo_innovators().select_related("profile"))
    return _seed_roles(challenge, selected, innovators, collaborator_call(challenge, phases), random.Random(SEED + 3))


def _seed_roles(challenge: Challenge, selected: list[Proposal], innovators: list[User], call: Phase, rng) -> int:
    """One or two roles per selected team (as many as its size leaves room for), applications with
    motivations, preferences and ratings, and the best-rated applicants accepted as collaborators.
    The call is over, so every role is closed and every application decided. Returns how many roles."""
    team_of: dict[int, set[int]] = {proposal.pk: set() for proposal in selected}
    lead_of: dict[int, int] = {}
    for proposal_id, user_id, role in ProposalMember.objects.filter(proposal__in=selected).values_list(
        "proposal_id", "user_id", "role"
    ):
        team_of[proposal_id].add(user_id)
        if role == MemberRole.LEAD:
            lead_of[proposal_id] = user_id
    slots = RoleSlot.objects.bulk_create(
        RoleSlot(proposal=proposal, title=title, description=description, skills=skills, is_open=False)
        for position, proposal in enumerate(selected)
        for title, description, skills in rng.sample(
            ROLES, max(0, min(1 + position % 2, challenge.team_max - len(team_of[proposal.pk])))
        )
    )
    on_a_team = set().union(*team_of.values())
    candidates = [user for user in innovators if user.pk not in on_a_team]
    preference: dict[int, int] = {}
    applications = []
    for slot in slots:
        for applicant in rng.sample(candidates, min(rng.choice([3, 4, 5, 6]), len(candidates))):
            if preference.get(applicant.pk, 0) >= 3:
                continue  # at most three applications per person
            preference[applicant.pk] = preference.get(applicant.pk, 0) + 1
            skill = rng.choice(slot.skills)
            applications.append(
                RoleApplication(
                    slot=slot,
                    applicant=applicant,
                    motivation=rng.choice(MOTIVATIONS).format(years=rng.choice([2, 3, 5, 8]), skill=skill),
                    links=[f"https://example.org/portafolio/{applicant.pk}"] if rng.random() < 0.5 else [],
                    preference=preference[applicant.pk],
                    rating=rng.choice([2, 3, 3, 4, 4, 5]) if rng.random() < 0.8 else None,
                )
            )
    decided_at = call.ends_at - timedelta(days=2)
    placed: set[int] = set()
    collaborators = []
    by_slot: dict[int, list[RoleApplication]] = {}
    for application in applications:
        by_slot.setdefault(application.slot_id, []).append(application)
    slot_by_pk = {slot.pk: slot for slot in slots}
    for slot_pk, received in by_slot.items():
        slot = slot_by_pk[slot_pk]
        places = slot.slots
        for application in sorted(received, key=lambda a: (-(a.rating or 0), a.preference)):
            application.decided_at = decided_at
            application.decided_by_id = lead_of[slot.proposal_id]
            if places and application.rating and application.applicant_id not in placed:
                application.status = ApplicationStatus.ACCEPTED
                placed.add(application.applicant_id)
                places -= 1
                collaborators.append(
                    ProposalMember(
                        proposal=slot.proposal,
                        user_id=application.applicant_id,
                        role=MemberRole.COLLABORATOR,
                        slot=slot,
                    )
                )
            else:
                application.status = ApplicationStatus.DECLINED
    RoleApplication.objects.bulk_create(applications)
    RoleApplication.objects.filter(slot__in=slots).update(created_at=call.starts_at + timedelta(days=1))
    ProposalMember.objects.bulk_create(collaborators)
    return len(slots)
