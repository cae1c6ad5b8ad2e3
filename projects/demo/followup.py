"""Demo follow-up of the finished Arequipa hackathon: checkpoints at 3, 6 and 12 months after its lab. The first
is open (its closing day was moved later for late teams): four teams answered, one adopted by the municipality,
the others were asked and reminded twice; the other two are not due yet. Created once: a second run adds nothing."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from projects.models import Checkpoint, FollowUpRequest, Indicator, Project
from projects.selectors.followup import followed_projects, lab_end
from projects.services.followup import (
    ANSWER_WINDOW_DAYS,
    REMINDER_DAYS,
    follow_up_answer,
    months_later,
)
from proposals.demo.hackathon import FINISHED_SLUG, WINNER
from proposals.models import MemberRole

QUESTION = "¿Qué necesitan para dar el siguiente paso?"
# The teams' answers, in the order of their reference numbers after the winner; the day is when they answered,
# counted from the day they were asked.
ANSWERS = [
    {
        "day": 3,
        "status": "adopted",
        "people_reached": 4200,
        "funding": Decimal("35000"),
        "adopted_by": "Municipalidad Provincial de Arequipa",
        "service_url": "https://aguaclara.example.org",
        "question_answer": "Capacitar a más juntas vecinales para que mantengan los medidores.",
        "comment": "La municipalidad instaló 24 medidores en colegios de Cayma y Cerro Colorado.",
    },
    {
        "day": 9,
        "status": "piloting",
        "people_reached": 650,
        "funding": Decimal("8000"),
        "service_url": "https://fugas-arequipa.example.org",
        "question_answer": "Un convenio con SEDAPAR para que los reportes lleguen directo a sus cuadrillas.",
        "comment": "Piloto con tres juntas vecinales de Mariano Melgar.",
    },
    {
        "day": 12,
        "status": "built",
        "people_reached": 120,
        "funding": Decimal("0"),
        "question_answer": "Tiempo: el equipo volvió a sus trabajos.",
    },
    {
        "day": 16,
        "status": "not_built",
        "question_answer": "Financiamiento para los sensores.",
        "comment": "Seguimos buscando un fondo concursable para construir el prototipo.",
    },
]


@transaction.atomic
def seed_followup(accounts: dict[str, User], *, now: datetime | None = None) -> int:
    """The hackathon's checkpoints and answers; returns how many checkpoints were created."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).first()
    if challenge is None or challenge.checkpoints.exists() or (end := lab_end(challenge)) is None:
        return 0
    today = timezone.localtime(now or timezone.now(), challenge.tzinfo).date()
    checkpoints = []
    for months, title in ((3, "3 meses"), (6, "6 meses"), (12, "12 meses")):
        due_on = months_later(end, months)
        closes_on = due_on + timedelta(days=ANSWER_WINDOW_DAYS)
        checkpoints.append(
            Checkpoint.objects.create(
                challenge=challenge,
                title=title,
                due_on=due_on,
                closes_on=max(closes_on, today + timedelta(days=14)) if months == 3 else closes_on,
                indicators=list(Indicator.values),
                question=QUESTION if months == 3 else "",
            )
        )
    _answer(checkpoints[0], challenge)
    return len(checkpoints)


def _answer(checkpoint: Checkpoint, challenge: Challenge) -> None:
    """Every followed team was asked on the first day (09:00 in the challenge's time zone); the first ones answer,
    the others get both reminders."""
    asked_at = datetime.combine(checkpoint.due_on, time(9), tzinfo=challenge.tzinfo)
    projects = sorted(
        followed_projects(challenge).select_related("proposal", "challenge"),
        key=lambda project: (project.title != WINNER, project.proposal.number or 0),
    )
    for project in projects:
        FollowUpRequest.objects.create(checkpoint=checkpoint, project=project, asked_at=asked_at)
    for project, answer in zip(projects, ANSWERS, strict=False):
        answered_at = asked_at + timedelta(days=answer["day"], hours=2)
        fields = {name: value for name, value in answer.items() if name != "day"}
        follow_up_answer(checkpoint=checkpoint, project=project, actor=_lead(project), now=answered_at, **fields)
        reminders = sum(1 for days in REMINDER_DAYS if days <= answer["day"])
        if reminders:
            FollowUpRequest.objects.filter(checkpoint=checkpoint, project=project).update(
                reminders_sent=reminders, last_reminded_at=asked_at + timedelta(days=REMINDER_DAYS[reminders - 1])
            )
    FollowUpRequest.objects.filter(checkpoint=checkpoint, answered_at=None).update(
        reminders_sent=len(REMINDER_DAYS), last_reminded_at=asked_at + timedelta(days=REMINDER_DAYS[-1])
    )


def _lead(project: Project) -> User:
    return project.proposal.members.select_related("user").get(role=MemberRole.LEAD).user
