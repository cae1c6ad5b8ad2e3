"""Demo challenges: LABIC Perú's food-security call (open now), a finished hackathon in Arequipa
and an upcoming regional challenge in Cusco.

Dates are relative to the day the demo is first loaded, at round times in Lima. Each challenge
is created once (by slug): loading the demo again adds nothing.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from challenges.models import (
    Announcement,
    Challenge,
    ChallengeKind,
    ChallengeRole,
    ChallengeRoleKind,
    FAQItem,
    Phase,
    PhaseKind,
    Question,
    QuestionKind,
    Quota,
    QuotaKind,
    Scope,
    Session,
    Visibility,
)
from innovation_platform.accounts.models import User
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab

LIMA = zoneinfo.ZoneInfo("America/Lima")
LABIC_SLUG = "labic-peru-seguridad-alimentaria"
CAJAMARCA_SLUG = "labic-cajamarca-cadenas-cortas"
# A call whose proposals are being judged now: the demo juror has reviews to do and an expo to try.
EVALUATION_SLUG = "reto-mercados-saludables-lima"
# The reasons the LABIC calls' organizers pick from when they screen proposals.
INELIGIBILITY_REASONS = [
    "Fuera de los países o regiones de la convocatoria",
    "No aborda el reto de seguridad alimentaria",
    "Propuesta duplicada de otra ya presentada",
    "Documentación incompleta",
]
LAB_PLACE = "Centro de Innovación LABIC, Av. Arequipa 1230, Lima"
ONLINE = "https://meet.example.org/labic-seguridad-alimentaria"
UNSA = "Universidad Nacional de San Agustín, Arequipa"


class _Clock:
    """Moments in Lima relative to the day the demo is loaded."""

    def __init__(self, now: datetime):
        self.today: date = timezone.localtime(now, LIMA).date()

    def at(self, days: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
        return datetime.combine(self.today + timedelta(days=days), time(hour, minute, second), tzinfo=LIMA)

    def day_end(self, days: int) -> datetime:
        return self.at(days, 23, 59, 59)

    def phases(self, *spans) -> list[tuple[str, datetime, datetime]]:
        """(kind, first day, last day) to phases that run from midnight to 23:59:59."""
        return [(kind, self.at(first), self.day_end(last)) for kind, first, last in spans]


@transaction.atomic
def seed_challenges(accounts: dict[str, User], *, now: datetime | None = None) -> int:
    """The five demo challenges, each created unless its slug exists. Returns how many were new."""
    clock = _Clock(now or timezone.now())
    created = 0
    for spec in (_labic(clock), _finished(clock), _upcoming(clock), _cajamarca(clock), _in_evaluation(clock)):
        if Challenge.objects.filter(slug=spec["fields"]["slug"]).exists():
            continue
        _create(spec, accounts)
        created += 1
    return created


def _create(spec: dict, accounts: dict[str, User]) -> Challenge:
    challenge = Challenge.objects.create(lab=Lab.objects.get(slug=spec["lab"]), **spec["fields"])
    challenge.tags.set(spec["tags"])
    Phase.objects.bulk_create(
        Phase(challenge=challenge, kind=kind, starts_at=start, ends_at=end) for kind, start, end in spec["phases"]
    )
    Question.objects.bulk_create(
        Question(challenge=challenge, position=position, **question)
        for position, question in enumerate(spec["questions"])
    )
    FAQItem.objects.bulk_create(
        FAQItem(challenge=challenge, position=position, question=question, answer=answer)
        for position, (question, answer) in enumerate(spec["faq"])
    )
    Quota.objects.bulk_create(Quota(challenge=challenge, **quota) for quota in spec.get("quotas", []))
    Session.objects.bulk_create(Session(challenge=challenge, **session) for session in spec["sessions"])
    author = accounts["organizer"]
    Announcement.objects.bulk_create(
        Announcement(challenge=challenge, author=author, **announcement) for announcement in spec["announcements"]
    )
    for role, account in spec.get("roles", []):
        ChallengeRole.objects.get_or_create(challenge=challenge, user=accounts[account], defaults={"role": role})
    return challenge


def _labic(clock: _Clock) -> dict:
    lab_day = 60  # the 8-day lab runs from this day on
    return {
        "lab": "labic-peru",
        "fields": {
            "slug": LABIC_SLUG,
            "title": "LABIC Perú: Seguridad alimentaria",
            "tagline": "Prototipos ciudadanos para que ninguna familia peruana pase hambre",
            "theme": "seguridad alimentaria",
            "kind": ChallengeKind.CITIZEN_LAB,
            "scope": Scope.INTERNATIONAL,
            "eligible_countries": ["PE", "AR", "BO", "BR", "CL", "CO", "EC", "ES", "MX", "UY"],
            "ineligibility_reasons": INELIGIBILITY_REASONS,
            "appeal_days": 7,
            "team_min": 2,
            "team_max": 6,
            "proposals_per_person": 2,  # the lead sends his draft beside his submitted proposal
            "selection_count": 10,
            "waitlist_size": 3,
            "visibility": Visibility.PUBLISHED,
            "published_at": clock.at(-25, 9),
            "description": (
                "El **Laboratorio de Innovación Ciudadana del Perú** convoca a personas de todo el país y de "
                "Iberoamérica a proponer proyectos que mejoren el acceso a alimentos sanos, seguros y "
                "asequibles.\n\n"
                "La convocatoria tiene **dos llamadas**:\n\n"
                "1. **Propuestas**: cualquier persona u organización presenta una idea de proyecto.\n"
                "2. **Colaboradores**: una vez seleccionados los proyectos, se buscan personas que se sumen "
                "a los equipos.\n\n"
                "Los proyectos seleccionados se prototipan durante **ocho días** en Lima, con mentoría y "
                "acompañamiento de comunidades."
            ),
            "rules": (
                "- Las propuestas se presentan en español o portugués.\n"
                "- Cada persona puede presentar **una** propuesta.\n"
                "- Los proyectos deben publicarse con licencias libres al terminar el laboratorio.\n"
                "- El jurado evalúa impacto, viabilidad, participación comunitaria y carácter abierto."
            ),
            "prizes": (
                "- Pasajes y alojamiento para las personas seleccionadas de fuera de Lima.\n"
                "- Materiales para prototipado por un valor de hasta **S/ 3 000** por proyecto.\n"
                "- Seis meses de acompañamiento para llevar los prototipos a un piloto."
            ),
            "resources": (
                "- [Datos abiertos del MIDAGRI](https://www.datosabiertos.gob.pe/)\n"
                "- Guía de prototipado ciudadano (PDF)\n"
                "- Grabaciones de las sesiones informativas"
            ),
        },
        "tags": ["seguridad alimentaria", "agricultura familiar", "nutrición"],
        "phases": clock.phases(
            (PhaseKind.ANNOUNCEMENT, -25, -11),
            (PhaseKind.PROPOSALS, -10, 20),
            (PhaseKind.EVALUATION, 21, 35),
            (PhaseKind.COLLABORATOR_CALL, 36, 50),
            (PhaseKind.LAB, lab_day, lab_day + 7),
            (PhaseKind.RESULTS, lab_day + 8, lab_day + 15),
            (PhaseKind.FOLLOW_UP, lab_day + 16, lab_day + 106),
        ),
        "questions": [
            {
                "label": "¿Qué problema de seguridad alimentaria aborda tu propuesta?",
                "kind": QuestionKind.LONG_TEXT,
                "required": True,
                "help_text": "Describe a quién afecta y dónde, en no más de 300 palabras.",
            },
            {
                "label": "¿En qué ámbito se implementaría?",
                "kind": QuestionKind.SINGLE_CHOICE,
                "required": True,
                "choices": ["Costa", "Sierra", "Selva", "Varias regiones"],
            },
            {
                "label": "¿Tu equipo incluye personas de comunidades rurales o de pueblos indígenas?",
                "kind": QuestionKind.YES_NO,
                "required": False,
            },
            {
                "label": "Presupuesto estimado del prototipo (S/)",
                "kind": QuestionKind.NUMBER,
                "required": False,
                "is_private": True,
            },
        ],
        "faq": [
            (
                "¿Quiénes pueden participar?",
                "Cualquier persona mayor de 18 años de los países elegibles, sola o en equipo.",
            ),
            (
                "¿Necesito tener un equipo para presentar una propuesta?",
                "No. En la **llamada de colaboradores** se suman personas a los proyectos seleccionados.",
            ),
            (
                "¿El laboratorio es presencial?",
                "Sí, se realiza en Lima durante ocho días. Algunas mentorías también se transmiten en línea.",
            ),
            (
                "¿Quién es dueño de los prototipos?",
                "Los equipos, que se comprometen a publicarlos con licencias libres.",
            ),
        ],
        "quotas": [
            {"kind": QuotaKind.MIN_OUTSIDE_CAPITAL, "count": 2},
            {"kind": QuotaKind.MIN_ABROAD, "count": 1},
        ],
        "sessions": [
            _session(clock, lab_day, (9, 0), (10, 30), "Inauguración del laboratorio", place=LAB_PLACE),
            _session(
                clock,
                lab_day,
                (11, 0),
                (13, 0),
                "Presentación de equipos y proyectos",
                place=LAB_PLACE,
                description="Cada equipo presenta su proyecto en cinco minutos.",
            ),
            _session(
                clock,
                lab_day + 1,
                (9, 0),
                (12, 0),
                "Taller: diseño centrado en las personas",
                place=LAB_PLACE,
                speakers="María Fernanda Salazar",
            ),
            _session(
                clock,
                lab_day + 1,
                (15, 0),
                (16, 30),
                "Mentoría: cadenas cortas de comercialización",
                online_url=ONLINE,
                speakers="Cooperativa Agraria Andina",
            ),
            _session(
                clock,
                lab_day + 2,
                (8, 0),
                (11, 0),
                "Visita al Gran Mercado Mayorista de Lima",
                place="Gran Mercado Mayorista, Santa Anita",
                description="Salida en bus desde el laboratorio a las 7:30.",
            ),
            _session(
                clock,
                lab_day + 3,
                (9, 0),
                (11, 0),
                "Taller: datos abiertos para la seguridad alimentaria",
                place=LAB_PLACE,
                online_url=ONLINE,
                speakers="Equipo de datos de LABIC Perú",
            ),
            _session(
                clock,
                lab_day + 4,
                (16, 0),
                (17, 30),
                "Conversatorio: mujeres rurales y soberanía alimentaria",
                place=LAB_PLACE,
                speakers="Rosa Quispe Mamani, Lucía Paredes Rojas",
            ),
            _session(clock, lab_day + 5, (9, 0), (18, 0), "Jornada de prototipado", place=LAB_PLACE),
            _session(
                clock,
                lab_day + 6,
                (10, 0),
                (12, 0),
                "Pruebas con usuarios en comedores populares",
                place="Comedores populares de San Juan de Lurigancho",
            ),
            _session(
                clock,
                lab_day + 7,
                (10, 0),
                (13, 0),
                "Demo day: presentación final de prototipos",
                place=LAB_PLACE,
                online_url=ONLINE,
            ),
            _session(clock, lab_day + 7, (18, 0), (20, 0), "Clausura y celebración", place=LAB_PLACE),
        ],
        "announcements": [
            {
                "title": "¡Abrimos la convocatoria de propuestas!",
                "body": "Ya puedes presentar tu propuesta. Revisa las **bases** y las preguntas frecuentes.",
                "pinned": True,
                "published_at": clock.at(-10, 9),
            },
            {
                "title": "Sesión informativa en línea este jueves",
                "body": "Resolveremos dudas sobre la convocatoria. La grabación quedará en los recursos.",
                "published_at": clock.at(-6, 18),
            },
            {
                "title": "Nuevas preguntas frecuentes",
                "body": "Añadimos respuestas sobre equipos y licencias de los prototipos.",
                "published_at": clock.at(-2, 12),
            },
        ],
        "roles": [(ChallengeRoleKind.ORGANIZER, "organizer"), (ChallengeRoleKind.MENTOR, "juror")],
    }


def _finished(clock: _Clock) -> dict:
    return {
        "lab": "innovalab-arequipa",
        "fields": {
            "slug": "hackaton-agua-arequipa",
            "title": "Hackatón Agua y Ciudad Arequipa",
            "tagline": "Soluciones abiertas para cuidar el agua del río Chili",
            "theme": "agua",
            "kind": ChallengeKind.HACKATHON,
            "scope": Scope.REGIONAL,
            "eligible_countries": ["PE"],
            "eligible_regions": [PeruRegion.AREQUIPA, PeruRegion.MOQUEGUA, PeruRegion.TACNA],
            "team_min": 3,
            "team_max": 5,
            "selection_count": 8,
            "visibility": Visibility.ARCHIVED,
            "published_at": clock.at(-220, 9),
            "description": (
                "Durante 48 horas, equipos del sur del Perú construyeron herramientas para medir, "
                "cuidar y compartir el agua de la ciudad."
            ),
            "rules": "- Equipos de 3 a 5 personas.\n- Código publicado con licencia libre.",
            "prizes": "- Primer puesto: S/ 5 000 y un piloto con la EPS de Arequipa.",
        },
        "tags": ["agua", "datos abiertos"],
        "phases": clock.phases(
            (PhaseKind.ANNOUNCEMENT, -220, -201),
            (PhaseKind.PROPOSALS, -200, -171),
            (PhaseKind.EVALUATION, -170, -161),
            (PhaseKind.LAB, -150, -149),
            (PhaseKind.FINAL_JUDGING, -148, -148),
            (PhaseKind.RESULTS, -147, -141),
            (PhaseKind.FOLLOW_UP, -140, -31),
        ),
        "questions": [
            {"label": "¿Qué reto del agua abordará tu equipo?", "kind": QuestionKind.LONG_TEXT, "required": True},
            {"label": "Repositorio del equipo", "kind": QuestionKind.URL, "required": False},
        ],
        "faq": [("¿Habrá comida durante la hackatón?", "Sí: desayuno, almuerzo y cena los dos días.")],
        "sessions": [
            _session(clock, -150, (9, 0), (10, 0), "Apertura y reglas", place=UNSA),
            _session(clock, -150, (10, 0), (23, 0), "Desarrollo", place=UNSA),
            _session(clock, -149, (15, 0), (18, 0), "Presentaciones finales", place=UNSA),
        ],
        "announcements": [
            {
                "title": "Ganadores de la hackatón",
                "body": "Felicitamos al equipo **AguaClara**, que llevará su medidor comunitario a un piloto.",
                "pinned": True,
                "published_at": clock.at(-147, 12),
            },
            {
                "title": "Convocatoria cerrada",
                "body": "Recibimos 42 propuestas de tres regiones. ¡Gracias!",
                "published_at": clock.at(-170, 9),
            },
        ],
    }


def _upcoming(clock: _Clock) -> dict:
    return {
        "lab": "lab-regional-cusco",
        "fields": {
            "slug": "reto-turismo-comunitario-cusco",
            "title": "Reto Turismo Comunitario Cusco",
            "tagline": "Que el turismo deje más en las comunidades que lo reciben",
            "theme": "turismo sostenible",
            "kind": ChallengeKind.PUBLIC_CHALLENGE,
            "scope": Scope.REGIONAL,
            "eligible_countries": ["PE"],
            "eligible_regions": [PeruRegion.CUSCO, PeruRegion.APURIMAC, PeruRegion.PUNO, PeruRegion.MADRE_DE_DIOS],
            "team_min": 1,
            "team_max": 4,
            "selection_count": 5,
            "visibility": Visibility.PUBLISHED,
            "published_at": clock.at(-3, 10),
            "description": (
                "El Gobierno Regional de Cusco busca propuestas para que las comunidades campesinas gestionen "
                "y se beneficien del turismo en sus territorios."
            ),
            "rules": "- Propuestas individuales o de equipos de hasta 4 personas.",
        },
        "tags": ["turismo", "comunidades"],
        "phases": clock.phases(
            (PhaseKind.PROPOSALS, 12, 41),
            (PhaseKind.EVALUATION, 42, 55),
            (PhaseKind.RESULTS, 56, 60),
        ),
        "questions": [
            {"label": "¿Con qué comunidad trabajarías?", "kind": QuestionKind.SHORT_TEXT, "required": True},
            {"label": "Describe tu propuesta", "kind": QuestionKind.LONG_TEXT, "required": True},
        ],
        "faq": [("¿Puedo participar desde Lima?", "Solo si tu propuesta se implementa en una región elegible.")],
        "sessions": [],
        "announcements": [
            {
                "title": "Pronto abrimos la convocatoria",
                "body": "Sigue este reto para recibir un aviso cuando se abra la convocatoria de propuestas.",
                "pinned": True,
                "published_at": clock.at(-3, 10),
            }
        ],
    }


def _cajamarca(clock: _Clock) -> dict:
    """The LABIC call's regional sibling: open to people who live in Cajamarca only."""
    return {
        "lab": "labic-peru",
        "fields": {
            "slug": CAJAMARCA_SLUG,
            "code": "LABICCAJ",
            "title": "LABIC Cajamarca: Cadenas cortas de alimentos",
            "tagline": "Del campo cajamarquino a la mesa, sin intermediarios de más",
            "theme": "seguridad alimentaria",
            "kind": ChallengeKind.CITIZEN_LAB,
            "scope": Scope.REGIONAL,
            "eligible_countries": ["PE"],
            "eligible_regions": [PeruRegion.CAJAMARCA],
            "team_residence_required": True,
            "ineligibility_reasons": INELIGIBILITY_REASONS,
            "team_min": 1,
            "team_max": 4,
            "selection_count": 3,
            "visibility": Visibility.PUBLISHED,
            "published_at": clock.at(-10, 9),
            "description": (
                "Edición regional del LABIC Perú: propuestas para acortar el camino entre quienes producen "
                "alimentos en Cajamarca y quienes los consumen. Pueden participar personas y equipos que "
                "**viven en Cajamarca**."
            ),
            "rules": "- Todas las personas del equipo viven en la región Cajamarca (según su perfil).",
        },
        "tags": ["seguridad alimentaria", "cajamarca"],
        "phases": clock.phases(
            (PhaseKind.PROPOSALS, -10, 20),
            (PhaseKind.EVALUATION, 21, 30),
            (PhaseKind.RESULTS, 31, 35),
        ),
        "questions": [
            {"label": "¿En qué provincia de Cajamarca?", "kind": QuestionKind.SHORT_TEXT, "required": True},
        ],
        "faq": [("¿Puedo participar desde Lima?", "No: esta edición es para quienes viven en Cajamarca.")],
        "sessions": [],
        "announcements": [],
    }


def _in_evaluation(clock: _Clock) -> dict:
    """A call closed a few days ago whose jury is at work now (judging.demo_now)."""
    return {
        "lab": "labic-peru",
        "fields": {
            "slug": EVALUATION_SLUG,
            "code": "MERCALIMA",
            "title": "Reto Mercados Saludables Lima",
            "tagline": "Mercados de abastos más limpios, seguros y cercanos a sus barrios",
            "theme": "seguridad alimentaria",
            "kind": ChallengeKind.PUBLIC_CHALLENGE,
            "scope": Scope.NATIONAL,
            "eligible_countries": ["PE"],
            "team_min": 1,
            "team_max": 4,
            "selection_count": 4,
            "visibility": Visibility.PUBLISHED,
            "published_at": clock.at(-40, 9),
            "description": (
                "Propuestas para que los mercados de abastos de Lima ofrezcan alimentos frescos e inocuos, "
                "reduzcan sus mermas y se acerquen a las familias de su barrio. La convocatoria cerró: **el "
                "jurado evalúa ahora** las propuestas recibidas."
            ),
        },
        "tags": ["seguridad alimentaria", "mercados"],
        "phases": clock.phases(
            (PhaseKind.ANNOUNCEMENT, -40, -36),
            (PhaseKind.PROPOSALS, -35, -6),
            (PhaseKind.EVALUATION, -5, 9),
            (PhaseKind.RESULTS, 10, 14),
        ),
        "questions": [
            {"label": "¿Con qué mercado trabajarán?", "kind": QuestionKind.SHORT_TEXT, "required": True},
        ],
        "faq": [("¿Cuándo se publican los resultados?", "Al terminar la evaluación del jurado, en dos semanas.")],
        "sessions": [],
        "announcements": [
            {
                "title": "Convocatoria cerrada: el jurado evalúa",
                "body": "Gracias por sus propuestas. El jurado las evalúa y publicaremos los resultados aquí.",
                "published_at": clock.at(-5, 9),
            }
        ],
    }


def _session(clock: _Clock, day: int, start: tuple, end: tuple, title: str, **fields) -> dict:
    return {"title": title, "starts_at": clock.at(day, *start), "ends_at": clock.at(day, *end), **fields}
