"""The finished Arequipa water hackathon's projects: what each selected team documented after the lab, and what
became of it. Six were built (one is being piloted, one was adopted by the provincial municipality), two were not
finished, and the team that dropped out before the event says so. Replayed once through the same services, dated
from the hackathon's timeline."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction

from challenges.models import Challenge, PhaseKind
from innovation_platform.accounts.models import User
from innovation_platform.core.demo import happening_at, without_after_commit_work
from projects.models import Outcome, Project
from projects.services.projects import project_drop_out, project_outcome_set
from proposals.demo.hackathon import FINISHED_SLUG, WINNER

ADOPTED_BY = "Municipalidad Provincial de Arequipa"
ADOPTED_URL = "https://www.muniarequipa.gob.pe/"

# The prototype's documentation per topic of the hackathon (a project's title starts with its topic).
DOCUMENTATION = {
    "Medidor comunitario de la calidad del agua": {
        "built_what": "Un medidor de **turbidez y cloro residual** del tamaño de una lonchera, que se instala en el "
        "caño de un colegio o de un local vecinal y publica una lectura cada 15 minutos en un mapa abierto.\n\n"
        "- Alerta por mensaje cuando el cloro baja de 0,5 mg/L.\n- Tablero público con el historial de cada punto.",
        "built_how": "Placa ESP32 con un sensor de turbidez óptico y un sensor de cloro amperométrico, calibrados con "
        "los kits de la empresa de agua. El tablero usa software libre y los datos se publican como CSV cada día.",
        "materials": "| Pieza | Costo aproximado |\n| --- | --- |\n| Placa ESP32 | S/ 35 |\n"
        "| Sensor de turbidez | S/ 60 |\n| Sensor de cloro | S/ 420 |\n| Caja estanca y conectores | S/ 45 |\n\n"
        "Total por punto: **S/ 560**.",
        "replication": "Los planos de la caja, el código y la guía de calibración están en el repositorio. Un colegio "
        "puede armar su medidor en una tarde con ayuda de un docente de ciencias.",
        "repository_url": "https://github.com/cocrea-demo/aguaclara",
    },
    "Mapa de fugas reportadas por vecinos": {
        "built_what": "Un bot de mensajería que recibe la foto y la ubicación de una fuga y la publica en un mapa con "
        "su estado: reportada, derivada a la empresa de agua, arreglada.",
        "built_how": "El bot guarda cada reporte en una hoja compartida y el mapa se genera con software libre. "
        "Probamos el flujo con dos juntas vecinales durante la hackatón.",
        "materials": "Sin hardware: un número de mensajería y un servidor pequeño (S/ 40 al mes).",
        "replication": "Cualquier municipio puede desplegarlo siguiendo la guía del repositorio en una mañana.",
    },
    "Riego tecnificado para la campiña": {
        "built_what": "Tres sensores de humedad del suelo enterrados en una chacra de Cayma y un calendario de turnos "
        "de riego que la junta de usuarios recibe por mensaje.",
        "built_how": "Sensores capacitivos con una placa de bajo consumo y un panel solar pequeño; los turnos se "
        "calculan con la humedad medida y el caudal del canal.",
        "materials": "S/ 180 por sensor con panel solar; el calendario no tiene costo.",
        "replication": "Funciona en cualquier junta de riego con cobertura celular en sus chacras.",
    },
    "Cosecha de neblina en las lomas": {
        "built_what": "Un atrapanieblas de 12 m² con malla raschel y un tanque de 1 100 litros en una ladera de "
        "Cerro Colorado.",
        "built_how": "Estructura de tubos galvanizados anclada con concreto; la canaleta lleva el agua al tanque por "
        "gravedad. Medimos la cosecha durante dos madrugadas de la hackatón.",
        "materials": "Malla, tubos, canaleta y tanque: **S/ 1 900** por atrapanieblas.",
        "replication": "Se arma en dos días con faenas vecinales; la guía incluye el plan de mantenimiento.",
    },
    "Reúso de aguas grises en colegios": {
        "built_what": "Un filtro de grava, arena y plantas que trata el agua de los lavaderos de un colegio para regar "
        "su jardín.",
        "built_how": "Tres cilindros en cascada con capas filtrantes y un humedal pequeño; los estudiantes miden la "
        "turbidez a la salida cada semana.",
        "materials": "Cilindros reciclados, grava, arena y plantas: S/ 350.",
        "replication": "La guía para docentes explica cómo armarlo con los estudiantes en una semana.",
    },
    "Alerta de huaicos por mensaje de texto": {
        "built_what": "Un pluviómetro con transmisión por radio y un servicio que envía SMS a las juntas vecinales de "
        "la quebrada cuando la lluvia supera el umbral.",
        "built_how": "Pluviómetro de balancín con una radio LoRa; una pasarela en la parte baja envía los SMS.",
        "materials": "S/ 650 por pluviómetro y S/ 400 por pasarela.",
        "replication": "Cada quebrada necesita calibrar su umbral con defensa civil antes de activar las alertas.",
    },
}

# (outcome, days after the lab ended, reason), oldest first; the last one is the project's outcome now.
BUILT = (Outcome.BUILT, 0, "El equipo presentó el prototipo funcionando en la demostración final de la hackatón.")
NOT_BUILT = (
    Outcome.NOT_BUILT,
    0,
    "El prototipo no llegó a funcionar en la demostración final: faltaron piezas que no llegaron a tiempo a Arequipa.",
)
PILOTING = (
    Outcome.PILOTING,
    45,
    "Tres colegios de Cayma y Cerro Colorado prueban el prototipo durante el semestre, con apoyo de la UGEL.",
)
ADOPTED = (
    Outcome.ADOPTED,
    95,
    "La municipalidad incorporó los medidores a su programa de vigilancia de la calidad del agua y financiará "
    "veinte puntos en juntas vecinales de la provincia.",
)


def _stories(projects: list[Project]) -> dict[int, list[tuple]]:
    """Each project's outcomes: the winner adopted, the next piloting, two not finished, the others built."""
    stories = {}
    others = [project for project in projects if project.proposal.title != WINNER]
    for project in projects:
        if project.proposal.title == WINNER:
            stories[project.pk] = [BUILT, (Outcome.PILOTING, 30, PILOTING[2]), ADOPTED]
    for index, project in enumerate(others):
        stories[project.pk] = [BUILT, PILOTING] if index == 0 else [NOT_BUILT] if index in (2, 5) else [BUILT]
    return stories


@transaction.atomic
def seed_projects(accounts: dict[str, User]) -> int:
    """The hackathon's projects documented and given their outcomes, once. Returns how many were documented."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    organizer = accounts.get("organizer")
    if challenge is None or organizer is None or not challenge.phases.filter(kind=PhaseKind.LAB).exists():
        return 0
    projects = list(challenge.projects.select_related("proposal", "challenge").order_by("proposal__number"))
    if not projects or challenge.projects.exclude(outcome__in=[Outcome.IN_LAB, Outcome.DROPPED_OUT]).exists():
        return 0
    phases = {phase.kind: phase for phase in challenge.phases.all()}
    lab_ended = phases[PhaseKind.LAB].ends_at
    active = []
    for project in projects:
        if project.proposal.status == "dropped_out":
            if project.outcome != Outcome.DROPPED_OUT:  # dropped out before the hook existed
                proposal = project.proposal
                with happening_at(proposal.dropped_out_at):
                    project_drop_out(
                        proposal_id=proposal.pk,
                        actor=organizer,
                        reason=proposal.dropout_reason,
                        when=proposal.dropped_out_at,
                    )
            continue
        _document(project)
        active.append(project)
    # Opened when the jury's selection was confirmed, at the end of the evaluation.
    challenge.projects.update(created_at=phases[PhaseKind.EVALUATION].ends_at)
    stories = _stories(active)
    for project in active:
        for outcome, days, reason in stories[project.pk]:
            moment = lab_ended + timedelta(days=days)
            adoption = {"adopted_by": ADOPTED_BY, "adopted_url": ADOPTED_URL} if outcome == Outcome.ADOPTED else {}
            with without_after_commit_work(), happening_at(moment):
                project_outcome_set(
                    project=project,
                    actor=organizer,
                    outcome=outcome,
                    on=moment.astimezone(challenge.tzinfo).date(),
                    reason=reason,
                    **adoption,
                )
            project.outcome_changes.filter(outcome=outcome).update(created_at=moment)
    return len(active)


def _document(project: Project) -> None:
    topic = next((text for topic, text in DOCUMENTATION.items() if project.title.startswith(topic)), None)
    if project.proposal.title == WINNER:
        topic = DOCUMENTATION["Medidor comunitario de la calidad del agua"]
        project.slides.save("aguaclara.pdf", ContentFile(_slides_pdf()), save=False)
        project.video_url = "https://www.youtube.com/watch?v=cocrea-aguaclara"
        project.media_url = "https://www.flickr.com/photos/cocrea-demo/albums/aguaclara"
    for field, text in (topic or {}).items():
        setattr(project, field, text)
    project.save()


def _slides_pdf() -> bytes:
    """A one-page PDF standing for the winner's slides (the document pipeline accepts it as a PDF)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 960 540]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
