"""The demo's lab programme with registration and attendance: the LABIC call's days at the lab (public sessions
with places, one with a waitlist, reserved ones), and a training without a call whose first days are over, with
check-ins for certificates, and whose last day is today."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from challenges.demo import LAB_PLACE, LABIC_SLUG
from challenges.models import Challenge, ChallengeKind, Phase, PhaseKind, Session, SessionRegistration, Visibility
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import Lab
from projects.entry_codes import ALPHABET
from projects.models import CheckIn, EntryPass, Registration, RegistrationStatus

TRAINING_SLUG = "taller-prototipado-comunidades"
PUBLIC, RESERVED = SessionRegistration.PUBLIC, SessionRegistration.RESERVED

# The LABIC lab's programme beyond its opening sessions: (day of the lab, start, end, title, registration, places).
LAB_PROGRAMME = [
    (1, (18, 0), (20, 0), "Conversatorio abierto: comer sano con poco presupuesto", PUBLIC, 80),
    (2, (9, 0), (13, 0), "Jornada de prototipado (equipos)", RESERVED, None),
    (2, (16, 0), (18, 0), "Taller abierto: huertos en casa", PUBLIC, 12),
    (3, (9, 0), (13, 0), "Visita de campo al mercado mayorista", RESERVED, None),
    (3, (16, 0), (18, 0), "Taller abierto: conservas y fermentos", PUBLIC, 6),
    (4, (9, 0), (13, 0), "Jornada de prototipado con comunidades", RESERVED, None),
    (5, (10, 0), (12, 0), "Charla: datos abiertos para la seguridad alimentaria", PUBLIC, None),
    (6, (9, 0), (13, 0), "Ensayo de presentaciones", RESERVED, None),
    (7, (17, 0), (20, 0), "Muestra pública de prototipos", PUBLIC, 150),
]


def seed_attendance(accounts: dict[str, User], *, now: datetime | None = None) -> None:
    """Idempotent: nothing is added once the training exists."""
    if Challenge.objects.filter(slug=TRAINING_SLUG).exists():
        return
    now = now or timezone.now()
    people = list(User.objects.filter(email__startswith="innovador").order_by("email")[:60])
    with transaction.atomic():
        _labic_programme(accounts, people)
        _training(accounts, people, now)


def _labic_programme(accounts, people) -> None:
    challenge = Challenge.objects.get(slug=LABIC_SLUG)
    lab = challenge.phases.get(kind=PhaseKind.LAB)
    first_day = timezone.localdate(lab.starts_at, challenge.tzinfo)
    zone = challenge.tzinfo
    opening = challenge.sessions.order_by("starts_at", "pk").first()
    if opening is not None:  # everyone may come to the opening; the rest of the seeded sessions are for the teams
        challenge.sessions.exclude(pk=opening.pk).update(registration=RESERVED)
        Session.objects.filter(pk=opening.pk).update(registration=PUBLIC, capacity=120)
    sessions = Session.objects.bulk_create(
        Session(
            challenge=challenge,
            title=title,
            starts_at=_at(first_day, day, start, zone),
            ends_at=_at(first_day, day, end, zone),
            place=LAB_PLACE,
            registration=registration,
            capacity=places,
        )
        for day, start, end, title, registration, places in LAB_PROGRAMME
    )
    by_title = {session.title: session for session in sessions}
    registered_at = lab.starts_at - timedelta(days=20)
    # The preserves workshop is full (6 places), with a waitlist of four; the garden one has places left.
    _register(by_title["Taller abierto: conservas y fermentos"], [accounts["citizen"], *people[:9]], registered_at)
    _register(by_title["Taller abierto: huertos en casa"], [accounts["citizen"], *people[10:17]], registered_at)
    _register(by_title["Muestra pública de prototipos"], people[20:45], registered_at)
    if opening is not None:
        _register(opening, people[:30], registered_at)


def _training(accounts, people, now) -> None:
    """A three-day training at the LABIC lab: two days done with their check-ins, the last one today."""
    lab = Lab.objects.get(slug="labic-peru")
    training = Challenge.objects.create(
        lab=lab,
        slug=TRAINING_SLUG,
        title="Taller de prototipado rápido con comunidades",
        tagline="Tres días para aprender a prototipar con las personas, no para ellas",
        theme="prototipado",
        kind=ChallengeKind.TRAINING,
        visibility=Visibility.PUBLISHED,
        published_at=now - timedelta(days=20),
        description=(
            "Un taller práctico del **LABIC Perú** para equipos municipales, organizaciones sociales y personas "
            "que quieren aprender a diseñar y probar prototipos junto con las comunidades.\n\n"
            "La inscripción es gratuita y las plazas son limitadas. Quienes asistan a las tres jornadas reciben "
            "un certificado de participación."
        ),
    )
    zone = training.tzinfo
    today = timezone.localdate(now, zone)
    Phase.objects.create(
        challenge=training,
        kind=PhaseKind.ANNOUNCEMENT,
        starts_at=_at(today, -20, (0, 0), zone),
        ends_at=_at(today, -3, (0, 0), zone),
    )
    Phase.objects.create(
        challenge=training,
        kind=PhaseKind.LAB,
        starts_at=_at(today, -2, (0, 0), zone),
        ends_at=_at(today, 1, (0, 0), zone),
    )
    place = "Centro de Innovación LABIC, sala 2"
    days = [
        (-2, (9, 0), (13, 0), "Jornada 1: escuchar antes de diseñar", 24),
        (-1, (9, 0), (13, 0), "Jornada 2: prototipos de baja fidelidad", 24),
        (0, (9, 0), (13, 0), "Jornada 3: probar con la comunidad", 24),
        (0, (15, 0), (17, 0), "Charla abierta: lo que aprendimos", 10),
    ]
    sessions = Session.objects.bulk_create(
        Session(
            challenge=training,
            title=title,
            starts_at=_at(today, day, start, zone),
            ends_at=_at(today, day, end, zone),
            place=place,
            registration=PUBLIC,
            capacity=places,
            speakers="Lucía Paredes Rojas",
        )
        for day, start, end, title, places in days
    )
    participants = [accounts["citizen"], *people[:19]]
    registered_at = now - timedelta(days=10)
    for session in sessions[:3]:
        _register(session, participants, registered_at)
    _register(sessions[3], [*people[30:40], accounts["team lead"], *people[40:43]], registered_at)  # a waitlist
    organizer = accounts["organizer"]
    for index, person in enumerate(participants):
        EntryPass.objects.create(challenge=training, user=person, code=_demo_code(index))
    # Present on both past days, at the door and at the session, but for a few absences.
    check_ins = []
    for day_index, session in enumerate(sessions[:2]):
        day = today + timedelta(days=day_index - 2)
        for index, person in enumerate(participants):
            if (index + day_index) % 7 == 6:
                continue
            at = session.starts_at - timedelta(minutes=20) + timedelta(seconds=40 * index)
            check_ins += [
                CheckIn(challenge=training, user=person, day=day, checked_in_at=at, checked_in_by=organizer),
                CheckIn(
                    challenge=training, user=person, day=day, session=session, checked_in_at=at, checked_in_by=organizer
                ),
            ]
    CheckIn.objects.bulk_create(check_ins)


def _register(session: Session, people: list[User], start: datetime) -> None:
    """Register `people` in order, a minute apart: the places first, then the waitlist."""
    places = session.capacity if session.capacity is not None else len(people)
    Registration.objects.bulk_create(
        Registration(
            session=session,
            user=person,
            status=RegistrationStatus.REGISTERED if index < places else RegistrationStatus.WAITLISTED,
            created_at=start + timedelta(minutes=index),
        )
        for index, person in enumerate(people)
    )


def _demo_code(index: int) -> str:
    """Fixed entry codes (TALL + four characters), so that the demo reads the same every time."""
    return "TALL" + "".join(ALPHABET[(index * 7 + shift) % len(ALPHABET)] for shift in range(4))


def _at(first: date, days: int, clock: tuple[int, int], zone) -> datetime:
    return datetime.combine(first + timedelta(days=days), time(*clock), tzinfo=zone)
