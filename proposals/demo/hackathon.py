"""Demo proposals of the finished Arequipa water hackathon: 42 submitted proposals, which its jury's round
(`judging.demo`) selects, and the timeline pieces its collaborator call (`proposals.demo.collaborators`) needs."""

import random
from datetime import timedelta

from django.db.models import F, OuterRef, Subquery

from challenges.models import Challenge, Phase, PhaseKind
from challenges.services import questions_lock
from innovation_platform.accounts.models import User
from innovation_platform.core.regions import PeruRegion
from proposals.demo.common import SEED, STAGES, demo_innovators, write_related
from proposals.models import Licence, Proposal, ProposalStatus, ProposalVersion
from proposals.services.similar import proposal_terms_rebuild
from proposals.services.submission import TEXT_FIELDS

FINISHED_SLUG = "hackaton-agua-arequipa"
FINISHED_CODE = "AGUAAQP"
FINISHED_PROPOSALS = 42  # as its closing announcement says
FINISHED_WAITLIST = 4
FINISHED_TOWNS = {
    PeruRegion.AREQUIPA: ["Cayma", "Cerro Colorado", "Camaná", "Mollendo"],
    PeruRegion.MOQUEGUA: ["Ilo", "Omate"],
    PeruRegion.TACNA: ["Candarave", "Ciudad Nueva", "Pocollay"],
}
WINNER = "AguaClara: medidor comunitario de la calidad del agua"
WATER_TOPICS = [
    {
        "title": "Medidor comunitario de la calidad del agua",
        "summary": "Un medidor de bajo costo que mide turbidez y cloro y publica los datos en un mapa abierto.",
        "problem": "Las familias no saben si el agua que llega a su casa es segura; los análisis oficiales son "
        "escasos y no se publican.",
        "solution": "Sensores armados con placas libres, instalados en colegios y juntas vecinales, que envían "
        "sus lecturas a un tablero público.",
        "impact": "Alertas tempranas de agua no apta y reclamos con datos ante la empresa de agua.",
        "tags": ["calidad del agua", "datos abiertos", "hardware libre"],
    },
    {
        "title": "Mapa de fugas reportadas por vecinos",
        "summary": "Una aplicación para reportar fugas con foto y ubicación, con seguimiento público de su arreglo.",
        "problem": "Una parte importante del agua potable se pierde en fugas que nadie reporta a tiempo.",
        "solution": "Reportes ciudadanos por mensajería y web, enviados a la empresa de agua, con un mapa que "
        "muestra cuánto tarda cada arreglo.",
        "impact": "Menos agua perdida y una empresa de agua que rinde cuentas.",
        "tags": ["fugas", "participación ciudadana"],
    },
    {
        "title": "Riego tecnificado para la campiña",
        "summary": "Sensores de humedad y turnos de riego compartidos para las chacras de la campiña.",
        "problem": "El riego por inundación desperdicia agua del río Chili y genera conflictos por los turnos.",
        "solution": "Sensores de humedad del suelo y un calendario de turnos por mensajería para la junta de "
        "usuarios de riego.",
        "impact": "Menos agua por hectárea y turnos de riego sin conflictos.",
        "tags": ["riego", "agricultura"],
    },
    {
        "title": "Cosecha de neblina en las lomas",
        "summary": "Atrapanieblas que abastecen de agua a viviendas de las laderas sin red pública.",
        "problem": "Miles de familias en las laderas compran agua de cisterna, cara y de calidad incierta.",
        "solution": "Atrapanieblas de malla raschel con tanques comunitarios y un plan de mantenimiento vecinal.",
        "impact": "Agua para huertos y limpieza a una fracción del costo de la cisterna.",
        "tags": ["cosecha de agua", "cambio climático"],
    },
    {
        "title": "Reúso de aguas grises en colegios",
        "summary": "Filtros de aguas grises para regar las áreas verdes de los colegios.",
        "problem": "Los colegios riegan sus jardines con agua potable, que falta en las horas punta.",
        "solution": "Filtros de grava y plantas que tratan el agua de los lavaderos, con monitoreo estudiantil.",
        "impact": "Áreas verdes regadas sin agua potable y estudiantes que aprenden a cuidarla.",
        "tags": ["reúso", "educación ambiental"],
    },
    {
        "title": "Alerta de huaicos por mensaje de texto",
        "summary": "Pluviómetros comunitarios que avisan por SMS cuando una quebrada puede activarse.",
        "problem": "Las lluvias en la parte alta activan quebradas que llegan sin aviso a las zonas urbanas.",
        "solution": "Pluviómetros con transmisión por radio y alertas por SMS a las juntas vecinales de cada quebrada.",
        "impact": "Minutos de anticipación para evacuar y menos pérdidas por huaicos.",
        "tags": ["gestión de riesgos", "datos abiertos"],
    },
]
WATER_AUDIENCES = [
    ("con juntas vecinales", "familias de las juntas vecinales"),
    ("con colegios públicos", "estudiantes y docentes"),
    ("con regantes", "familias regantes"),
    ("con asentamientos humanos", "familias de asentamientos humanos"),
    ("con mercados", "comerciantes y sus clientes"),
]


def seed_finished_hackathon(*, now) -> int:
    """The finished hackathon's proposals, once, all submitted: its jury's round (`judging.demo`) selects them,
    and `seed_finished_collaborators` then completes the selected teams. Returns how many proposals were new."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    if challenge is None or challenge.proposals.exists():
        return 0
    innovators = list(demo_innovators().select_related("profile"))
    if len(innovators) < 10:
        return 0
    rng = random.Random(SEED + 2)
    phases = {phase.kind: phase for phase in challenge.phases.all()}
    collaborator_call(challenge, phases)
    _fill_in_finished(challenge)
    questions = list(challenge.questions.order_by("position", "pk"))
    specs = _finished_specs(innovators, phases[PhaseKind.PROPOSALS], rng)
    proposals = Proposal.objects.bulk_create(
        Proposal(
            challenge=challenge,
            status=ProposalStatus.SUBMITTED,
            **{name: spec[name] for name in (*TEXT_FIELDS, "number", "submitted_at")},
        )
        for spec in specs
    )
    write_related(proposals, specs, questions, rng)
    challenge.proposals.update(created_at=F("submitted_at") - timedelta(days=1), updated_at=F("submitted_at"))
    ProposalVersion.objects.filter(proposal__challenge=challenge).update(
        created_at=Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("submitted_at")[:1])
    )
    questions_lock(challenge)
    proposal_terms_rebuild(proposals=challenge.proposals.all())
    return len(proposals)


def collaborator_call(challenge: Challenge, phases: dict) -> Phase:
    """The hackathon completed its selected teams between the evaluation and the event: the
    phase its roles and applications belong to, added once if its timeline lacks it."""
    if PhaseKind.COLLABORATOR_CALL not in phases:
        phases[PhaseKind.COLLABORATOR_CALL] = Phase.objects.create(
            challenge=challenge,
            kind=PhaseKind.COLLABORATOR_CALL,
            starts_at=phases[PhaseKind.EVALUATION].ends_at + timedelta(seconds=1),
            ends_at=phases[PhaseKind.LAB].starts_at - timedelta(seconds=1),
        )
    return phases[PhaseKind.COLLABORATOR_CALL]


def _fill_in_finished(challenge: Challenge) -> None:
    """A reference code and a waitlist, which the jury's selection (`judging.demo`) uses."""
    challenge.code = challenge.code or FINISHED_CODE
    challenge.waitlist_size = max(challenge.waitlist_size, FINISHED_WAITLIST)
    challenge.save(update_fields=["code", "waitlist_size", "updated_at"])


def _finished_specs(innovators: list[User], proposals_phase: Phase, rng) -> list[dict]:
    """The proposals' texts and teams, from the south's leads first."""
    south = set(FINISHED_TOWNS)
    leads = sorted(innovators, key=lambda u: getattr(u, "profile", None) is None or u.profile.region not in south)
    ranking = list(range(1, FINISHED_PROPOSALS + 1))
    rng.shuffle(ranking)  # where the winner's proposal falls among the numbers
    opened, closed = proposals_phase.starts_at, proposals_phase.ends_at
    specs, titles = [], {WINNER}
    for number, rank in enumerate(ranking, start=1):
        lead = leads[(number - 1) % len(leads)]
        region = rng.choice(list(FINISHED_TOWNS))
        town = rng.choice(FINISHED_TOWNS[region])
        topic = WATER_TOPICS[0] if rank == 1 else rng.choice(WATER_TOPICS)
        for _attempt in range(10):
            audience, people = rng.choice(WATER_AUDIENCES)
            title = f"{topic['title']} {audience} en {town}"
            if title not in titles:
                break
        titles.add(title)
        area = PeruRegion(region).label
        others = [user for user in innovators if user.pk != lead.pk]
        specs.append(
            {
                "title": WINNER if rank == 1 else title[:150],
                "summary": f"{topic['summary']} Un proyecto {audience} de {town} ({area}).",
                "problem": f"{topic['problem']} Lo vemos cada día en {town}.",
                "solution": topic["solution"],
                "beneficiaries": f"{rng.choice([80, 150, 300, 600])} {people} de {town}.",
                "territory": f"{town}, {area}",
                "expected_impact": topic["impact"],
                "stage": rng.choice(STAGES),
                "country": "PE",
                "region": region,
                "licence": rng.choice([Licence.OPEN_SOURCE, Licence.CC_BY, Licence.CC_BY_SA]),
                "tags": topic["tags"][: rng.choice([2, 3])],
                "answers": True,
                "number": number,
                "submitted_at": opened + (closed - opened) * number / (FINISHED_PROPOSALS + 1),
                "lead": lead,
                # Teams of 3 or 4, so whichever the jury selects keeps a place for a collaborator.
                "co_authors": rng.sample(others, rng.choice([2, 2, 3])),
                "edited": False,
            }
        )
    return specs
