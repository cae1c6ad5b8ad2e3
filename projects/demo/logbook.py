"""The finished Arequipa hackathon's logbooks: its two mentors, assigned by the organizer after the selection, and
the teams' posts over the two lab days (some for the team and its mentors only), two photos drawn with Pillow, and
the mentors' answers. Replayed through the real services, dated when it happened and without telling anyone now."""

import io
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from challenges.models import Challenge, ChallengeRole, ChallengeRoleKind, PhaseKind
from innovation_platform.accounts.models import User
from innovation_platform.core.demo import happening_at, without_after_commit_work
from innovation_platform.core.images import clean_image
from projects.models import LogbookPost, Mentorship, PostVisibility, Project
from projects.services.logbook import PostImage, logbook_comment_add, logbook_post_create, mentor_assign
from proposals.demo.hackathon import FINISHED_SLUG, WINNER
from proposals.models import MemberRole, ProposalStatus

# A synthetic innovator (never on an Arequipa team) mentors the projects the demo's mentor does not.
SECOND_MENTOR = "innovador00150@demo.cocrea.pe"

# The winner's logbook: (hours after the lab opened, author's role, title, body, team only, photo, mentor's answer).
WINNER_POSTS = [
    (
        1,
        MemberRole.LEAD,
        "Día 1: arrancamos con el plan del medidor",
        "Nos repartimos el trabajo en tres frentes:\n\n"
        "- **Electrónica**: sensor de turbidez y de conductividad sobre un Arduino.\n"
        "- **Datos**: una planilla abierta donde cada lectura queda con fecha y lugar.\n"
        "- **Comunidad**: una guía de una página para que la junta vecinal tome las muestras.\n\n"
        "Meta de hoy: la primera lectura real con agua del río Chili.",
        False,
        None,
        "Buen plan. Prioricen la lectura real antes que la caja: lo que no midan hoy no lo podrán mostrar mañana.",
    ),
    (
        5,
        MemberRole.MEMBER,
        "Primer prototipo armado",
        "El sensor ya responde. Lo montamos sobre una tabla para llevarlo a la orilla sin que se mojen los cables. "
        "La caja impermeable queda para la versión 2.",
        False,
        "prototype",
        None,
    ),
    (
        9,
        MemberRole.MEMBER,
        "Presupuesto y compras pendientes",
        "Nos faltan dos sondas de conductividad (S/ 85 cada una) y un cargador solar. "
        "¿Podemos pedir el adelanto del fondo de materiales antes de mañana a las 10?",
        True,
        None,
        "Lo consulto con la organización y les confirmo en la mañana. Mientras tanto, prueben con la sonda "
        "del equipo de neblina, que hoy no la usa.",
    ),
    (
        26,
        MemberRole.COLLABORATOR,
        "Lecturas en tres puntos del río",
        "Medimos la turbidez en el puente Grau, en Chilina y en Tingo. "
        "Las lecturas suben río abajo, como esperábamos. Los datos están en la planilla abierta del equipo.",
        False,
        "readings",
        "Excelente. Para el jurado, muestren la diferencia entre los tres puntos en un solo gráfico y cuenten "
        "cómo la junta vecinal repetiría la medición cada semana.",
    ),
    (
        30,
        MemberRole.LEAD,
        "Lo que aprendimos para la presentación",
        "La demostración en vivo funciona si llevamos agua de dos puntos en frascos. "
        "Ensayamos tres minutos de pitch y dejamos la guía comunitaria impresa para el jurado.",
        False,
        None,
        None,
    ),
]

# The other teams: (hours after the lab opened, title, body, team only), written by their lead.
TEAM_POSTS = [
    (
        3,
        "Día 1: dónde estamos",
        "Validamos el problema con dos personas de la comunidad que vinieron a la apertura. "
        "Ajustamos el alcance: esta noche nos enfocamos en una sola zona piloto.",
        False,
    ),
    (
        12,
        "Bloqueos de la noche",
        "No logramos conectar la placa con el servidor de mensajes. Mañana temprano pedimos ayuda a la mentoría.",
        True,
    ),
    (
        27,
        "Día 2: demo lista",
        "La demo funciona de punta a punta. Preparamos la presentación y un video corto por si falla la conexión.",
        False,
    ),
]

MENTOR_ANSWERS = [
    "¿Qué necesitan para mañana temprano? Paso por su mesa a las 8.",
    "Bien resuelto. Cuenten en la presentación qué harían con un mes más de trabajo.",
]


@transaction.atomic
def seed_logbook(accounts: dict[str, User]) -> int:
    """Mentors and logbook posts of the finished hackathon's projects. Idempotent: returns the posts added."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    mentor, organizer = accounts.get("mentor"), accounts.get("organizer")
    second_mentor = User.objects.filter(email=SECOND_MENTOR).first()
    if challenge is None or mentor is None or organizer is None or second_mentor is None:
        return 0
    projects = list(
        Project.objects.filter(challenge=challenge, proposal__status=ProposalStatus.SELECTED)
        .select_related("proposal", "challenge")
        .order_by("proposal__number")
    )
    if not projects or LogbookPost.objects.filter(project__challenge=challenge).exists():
        return 0
    lab = next(phase for phase in challenge.phases.all() if phase.kind == PhaseKind.LAB)
    # The opening session, at nine in the morning of the lab's first day in Arequipa.
    opened = lab.starts_at.astimezone(challenge.tzinfo).replace(hour=9, minute=0, second=0, microsecond=0)
    for person in (mentor, second_mentor):
        ChallengeRole.objects.get_or_create(
            challenge=challenge, user=person, defaults={"role": ChallengeRoleKind.MENTOR}
        )
    added = 0
    with without_after_commit_work():
        for number, project in enumerate(projects):
            # The demo's mentor takes the winner and every other project; the second mentor the rest.
            assigned = mentor if project.title == WINNER or number % 2 == 0 else second_mentor
            with happening_at(opened - timedelta(days=1)):
                mentor_assign(project=project, mentor=assigned, actor=organizer)
            team = {member.role: member.user for member in project.proposal.members.select_related("user")}
            if project.title == WINNER:
                added += _winner_posts(project, team, assigned, opened)
            else:
                added += _team_posts(project, team, assigned, opened, offset=number)
    Mentorship.objects.filter(project__challenge=challenge).update(created_at=opened - timedelta(days=1))
    return added


def _winner_posts(project: Project, team: dict, mentor: User, opened: datetime) -> int:
    for hours, role, title, body, team_only, photo, answer in WINNER_POSTS:
        moment = opened + timedelta(hours=hours)
        images = [_photo(photo)] if photo else []
        post = _post(project, team.get(role) or team[MemberRole.LEAD], title, body, team_only, moment, images)
        if answer:
            _answer(post, mentor, answer, moment + timedelta(minutes=40))
    return len(WINNER_POSTS)


def _team_posts(project: Project, team: dict, mentor: User, opened: datetime, *, offset: int) -> int:
    lead = team[MemberRole.LEAD]
    for index, (hours, title, body, team_only) in enumerate(TEAM_POSTS):
        moment = opened + timedelta(hours=hours, minutes=7 * offset)
        post = _post(project, lead, title, body, team_only, moment, [])
        if index < len(MENTOR_ANSWERS) and (index + offset) % 2 == 0:
            _answer(post, mentor, MENTOR_ANSWERS[index], moment + timedelta(minutes=25))
    return len(TEAM_POSTS)


def _post(project, author, title, body, team_only, moment, images) -> LogbookPost:
    visibility = PostVisibility.TEAM if team_only else PostVisibility.PUBLIC
    with happening_at(moment):
        return logbook_post_create(
            project=project, author=author, title=title, body=body, visibility=visibility, images=images, now=moment
        )


def _answer(post: LogbookPost, mentor: User, body: str, moment: datetime) -> None:
    logbook_comment_add(post=post, author=mentor, body=body, now=moment)


def _photo(kind: str) -> PostImage:
    """A drawing made the same way on every run: the prototype on its board, or the readings in three places."""
    image = Image.new("RGB", (960, 720), (226, 238, 244))
    draw = ImageDraw.Draw(image)
    if kind == "prototype":
        draw.rectangle((160, 260, 800, 600), fill=(181, 136, 99), outline=(120, 86, 60), width=6)  # the board
        draw.rectangle((260, 320, 520, 480), fill=(0, 110, 120), outline=(0, 70, 80), width=4)  # the microcontroller
        draw.ellipse((600, 330, 720, 450), fill=(40, 40, 40))  # the turbidity sensor
        for x in range(280, 520, 30):
            draw.line((x, 480, x + 120, 560), fill=(200, 30, 30), width=4)  # its wires
        alt = "El prototipo del medidor: una placa y un sensor de turbidez montados sobre una tabla de madera."
    else:
        for index, height in enumerate((180, 290, 430)):  # turbidity rising downstream
            left = 200 + index * 220
            draw.rectangle((left, 620 - height, left + 140, 620), fill=(11, 93, 75))
        draw.line((160, 620, 840, 620), fill=(29, 36, 51), width=5)
        alt = (
            "Gráfico de barras: la turbidez medida sube río abajo, del puente Grau a Chilina y a Tingo "
            "(barras de 18, 29 y 43 unidades)."
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return PostImage(image=clean_image(ContentFile(buffer.getvalue(), name=f"{kind}.png")), alt_text=alt)
