"""Demo proposals: the LABIC food-security call filled with about 130 submitted proposals from
Peru's regions and Ibero-America, and two of the demo team lead's own (one submitted, one draft).

Texts are combined from Spanish fragments with a fixed seed, so every load writes the same
proposals. Loading the demo again adds nothing: the crowd is written once, in bulk, and the
team lead's proposals only when that person has none in the challenge.
"""

import itertools
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone
from taggit.models import Tag

from challenges.demo import LABIC_SLUG
from challenges.models import Challenge, Phase, PhaseKind, Question, QuestionKind
from challenges.services import questions_lock
from innovation_platform.accounts.demo import DEMO_DOMAIN, SKILLS
from innovation_platform.accounts.models import User
from innovation_platform.core.invitations.models import INVITATION_DAYS, invitation_expiry, invitation_token
from innovation_platform.core.regions import PeruRegion
from proposals.models import (
    IN_THE_CALL,
    Answer,
    ApplicationStatus,
    Invitation,
    Licence,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    ProposalVersion,
    RoleApplication,
    RoleSlot,
    Stage,
    Support,
    TaggedProposal,
    TeamSeeker,
)
from proposals.services.similar import proposal_terms_rebuild
from proposals.services.submission import TEXT_FIELDS

CROWD = 130
CODE = "LABICPE26"
SEED = 2026
PERU_SHARE = 0.8
# Every 13th proposal was edited after its submission: a second version to compare.
EDITED_EVERY = 13

TOWNS = {
    PeruRegion.AMAZONAS: ["Chachapoyas", "Bagua"],
    PeruRegion.ANCASH: ["Huaraz", "Chimbote"],
    PeruRegion.APURIMAC: ["Abancay", "Andahuaylas"],
    PeruRegion.AREQUIPA: ["Cayma", "Camaná"],
    PeruRegion.AYACUCHO: ["Huamanga", "Huanta"],
    PeruRegion.CAJAMARCA: ["Jaén", "Celendín"],
    PeruRegion.CALLAO: ["Ventanilla", "Mi Perú"],
    PeruRegion.CUSCO: ["San Jerónimo", "Quillabamba"],
    PeruRegion.HUANCAVELICA: ["Lircay", "Acobamba"],
    PeruRegion.HUANUCO: ["Ambo", "Tingo María"],
    PeruRegion.ICA: ["Chincha", "Pisco"],
    PeruRegion.JUNIN: ["Huancayo", "Satipo"],
    PeruRegion.LA_LIBERTAD: ["Trujillo", "Otuzco"],
    PeruRegion.LAMBAYEQUE: ["Chiclayo", "Ferreñafe"],
    PeruRegion.LIMA_REGION: ["Huaral", "Cañete"],
    PeruRegion.LIMA_METROPOLITANA: ["San Juan de Lurigancho", "Villa El Salvador", "Comas"],
    PeruRegion.LORETO: ["Iquitos", "Nauta"],
    PeruRegion.MADRE_DE_DIOS: ["Puerto Maldonado", "Iberia"],
    PeruRegion.MOQUEGUA: ["Ilo", "Omate"],
    PeruRegion.PASCO: ["Oxapampa", "Yanahuanca"],
    PeruRegion.PIURA: ["Sullana", "Chulucanas"],
    PeruRegion.PUNO: ["Juliaca", "Ilave"],
    PeruRegion.SAN_MARTIN: ["Tarapoto", "Moyobamba"],
    PeruRegion.TACNA: ["Candarave", "Ciudad Nueva"],
    PeruRegion.TUMBES: ["Zarumilla", "Corrales"],
    PeruRegion.UCAYALI: ["Pucallpa", "Atalaya"],
}
# Lima Metropolitana weighs a little more than one region, but most proposals come from elsewhere.
REGION_DRAW = [*TOWNS, PeruRegion.LIMA_METROPOLITANA, PeruRegion.LIMA_METROPOLITANA]
ZONES = {
    "Costa": {"PE-CAL", "PE-ICA", "PE-LAL", "PE-LAM", "PE-LIM", "PE-LMA", "PE-PIU", "PE-TUM", "PE-TAC", "PE-MOQ"},
    "Selva": {"PE-AMA", "PE-LOR", "PE-MDD", "PE-SAM", "PE-UCA"},
}
ABROAD = {
    "CO": ("Colombia", ["Popayán", "Tunja", "Pasto"]),
    "MX": ("México", ["Oaxaca", "San Cristóbal de las Casas"]),
    "AR": ("Argentina", ["San Salvador de Jujuy", "Mendoza"]),
    "CL": ("Chile", ["Temuco", "Valparaíso"]),
    "EC": ("Ecuador", ["Riobamba", "Otavalo"]),
    "BO": ("Bolivia", ["El Alto", "Cochabamba"]),
    "ES": ("España", ["Vallecas, Madrid", "Córdoba"]),
    "BR": ("Brasil", ["Recife", "Salvador de Bahía"]),
    "UY": ("Uruguay", ["Canelones", "Tacuarembó"]),
    "CR": ("Costa Rica", ["Talamanca", "Cartago"]),
}

TOPICS = [
    {
        "title": "Biohuertos escolares",
        "summary": "Biohuertos en escuelas que producen verduras para la lonchera y enseñan a comer mejor.",
        "problem": "La anemia afecta a cuatro de cada diez niñas y niños menores de tres años, y muchas "
        "loncheras escolares llegan sin verduras ni frutas.",
        "solution": "Instalar biohuertos con compost y riego por goteo, cuidados por estudiantes, docentes y "
        "familias, con un recetario para llevar lo cosechado a la lonchera.",
        "impact": "Loncheras con verduras frescas todo el año y menos anemia en la escuela.",
        "tags": ["biohuertos", "anemia", "educación alimentaria"],
    },
    {
        "title": "Ferias agroecológicas itinerantes",
        "summary": "Ferias que recorren los barrios con productos agroecológicos a precio justo, sin intermediarios.",
        "problem": "Las familias productoras venden a acopiadores por debajo del costo y en la ciudad los "
        "alimentos frescos llegan caros.",
        "solution": "Organizar ferias semanales que rotan entre barrios, con un calendario público, pago "
        "digital y un sello participativo de garantía.",
        "impact": "Más ingresos para la agricultura familiar y alimentos frescos más baratos en los barrios.",
        "tags": ["ferias", "cadenas cortas", "agricultura familiar"],
    },
    {
        "title": "Canastas de la chacra a la mesa",
        "summary": "Canastas semanales pedidas por mensajería, armadas por asociaciones de productores.",
        "problem": "Entre la chacra y la mesa hay hasta cinco intermediarios; el productor recibe una parte "
        "mínima de lo que paga la familia consumidora.",
        "solution": "Crear un circuito corto de canastas con pedidos por WhatsApp, rutas compartidas de reparto "
        "y precios acordados por temporada.",
        "impact": "Precios estables para quien produce y para quien compra, y menos alimentos perdidos.",
        "tags": ["cadenas cortas", "comercio justo"],
    },
    {
        "title": "Quinua y cañihua en la lonchera",
        "summary": "Recetas y productos sencillos con granos andinos para desayunos y loncheras.",
        "problem": "Los granos andinos se exportan o se pierden del consumo diario, mientras crece el "
        "consumo de productos ultraprocesados.",
        "solution": "Desarrollar con cocineras locales recetas y mezclas listas de quinua, cañihua y kiwicha, "
        "y llevarlas a escuelas y programas sociales.",
        "impact": "Más proteína de calidad en la dieta diaria y una demanda local para los granos andinos.",
        "tags": ["quinua", "granos andinos", "nutrición"],
    },
    {
        "title": "Sangrecita y menestras contra la anemia",
        "summary": "Sesiones demostrativas y un recetario comunitario con alimentos ricos en hierro.",
        "problem": "Las familias conocen poco los alimentos locales ricos en hierro y la suplementación "
        "se abandona a las pocas semanas.",
        "solution": "Formar a promotoras de salud que enseñan a preparar sangrecita, bazo, menestras y "
        "hojas verdes, con seguimiento del hemoglobina en el centro de salud.",
        "impact": "Menos anemia en niñas y niños menores de cinco años y en gestantes.",
        "tags": ["anemia", "nutrición", "salud"],
    },
    {
        "title": "Cosecha de agua para riego",
        "summary": "Qochas, reservorios familiares y riego por aspersión para producir también en secas.",
        "problem": "Las lluvias son cada vez más irregulares y muchas familias pierden la campaña por falta "
        "de agua para riego.",
        "solution": "Recuperar qochas comunales, construir reservorios familiares con geomembrana y "
        "capacitar en riego por aspersión de bajo costo.",
        "impact": "Dos campañas al año y menos pérdidas por sequía.",
        "tags": ["agua para riego", "cambio climático"],
    },
    {
        "title": "Bancos comunitarios de semillas nativas",
        "summary": "Bancos de semillas gestionados por la comunidad para conservar variedades nativas.",
        "problem": "Las variedades nativas de papa, maíz y frijol se pierden, y con ellas la resistencia a "
        "heladas y plagas.",
        "solution": "Crear bancos comunitarios con registro de variedades, ferias de intercambio y parcelas "
        "de multiplicación a cargo de guardianes de semillas.",
        "impact": "Semillas propias y adaptadas al clima para las próximas campañas.",
        "tags": ["bancos de semillas", "biodiversidad", "agricultura familiar"],
    },
    {
        "title": "Compras conjuntas para ollas comunes",
        "summary": "Una central de compras que abastece a las ollas comunes directamente de productores.",
        "problem": "Las ollas comunes compran poco y caro en bodegas, y dependen de donaciones irregulares.",
        "solution": "Agrupar los pedidos de varias ollas en una central de compras con productores de la "
        "región y un tablero abierto de precios y entregas.",
        "impact": "Raciones más nutritivas al mismo costo y compras transparentes.",
        "tags": ["ollas comunes", "compras públicas"],
    },
    {
        "title": "Rescate de alimentos en mercados",
        "summary": "Recuperar frutas y verduras que se descartan en mercados para comedores y ollas comunes.",
        "problem": "Cada día se botan toneladas de alimentos aptos para el consumo en los mercados "
        "mayoristas, mientras hay familias que no comen tres veces al día.",
        "solution": "Organizar rutas de recojo con comerciantes, clasificación y deshidratado solar, y "
        "entregas programadas a comedores populares.",
        "impact": "Menos desperdicio y más alimentos frescos en los comedores.",
        "tags": ["desperdicio de alimentos", "economía circular"],
    },
    {
        "title": "Piscigranjas familiares",
        "summary": "Pequeñas piscigranjas de peces nativos para tener proteína en casa.",
        "problem": "La pesca disminuye y la proteína animal es cara y escasa en muchas comunidades.",
        "solution": "Construir estanques familiares para gamitana y paco, con alimento balanceado hecho con "
        "insumos locales y asistencia técnica.",
        "impact": "Pescado fresco para la familia y excedentes para vender.",
        "tags": ["acuicultura", "proteína"],
    },
    {
        "title": "Alertas de heladas y precios por mensaje de texto",
        "summary": "Avisos por SMS y audio sobre heladas, lluvias y precios en los mercados cercanos.",
        "problem": "Las heladas y los cambios de precio toman por sorpresa a las familias productoras, que "
        "pierden cosechas o venden mal.",
        "solution": "Combinar datos abiertos del clima y de precios en alertas sencillas por mensaje de "
        "texto y audio, en la lengua de cada comunidad.",
        "impact": "Decisiones de siembra y venta a tiempo, con menos pérdidas.",
        "tags": ["datos abiertos", "cambio climático"],
    },
    {
        "title": "Crianza mejorada de cuyes",
        "summary": "Galpones mejorados y alimentación balanceada para la crianza familiar de cuyes.",
        "problem": "La crianza de cuyes en la cocina tiene alta mortalidad y poca producción.",
        "solution": "Construir galpones con materiales locales, sembrar pastos asociados y llevar un registro "
        "sencillo de la crianza.",
        "impact": "Más proteína en la mesa y un ingreso extra para las familias.",
        "tags": ["crianza familiar", "proteína"],
    },
    {
        "title": "Secado solar de frutas y tubérculos",
        "summary": "Secadores solares comunitarios para conservar cosechas y venderlas con valor agregado.",
        "problem": "En temporada de cosecha los precios caen y buena parte de la producción se pierde.",
        "solution": "Fabricar secadores solares con materiales locales y capacitar en buenas prácticas de "
        "manipulación, envasado y registro sanitario.",
        "impact": "Alimentos disponibles todo el año y mejores precios para las asociaciones.",
        "tags": ["transformación", "agricultura familiar"],
    },
    {
        "title": "Escuelas de campo para mujeres productoras",
        "summary": "Escuelas de campo donde las mujeres productoras aprenden y enseñan agroecología.",
        "problem": "Las mujeres producen buena parte de los alimentos, pero acceden poco a capacitación, "
        "crédito y asistencia técnica.",
        "solution": "Organizar escuelas de campo con horarios compatibles con el cuidado, parcelas "
        "demostrativas y un fondo rotatorio de insumos.",
        "impact": "Más producción diversa y más liderazgo de las mujeres en sus organizaciones.",
        "tags": ["mujeres rurales", "agricultura familiar"],
    },
]

AUDIENCES = [
    {"with": "con escuelas rurales", "people": "escolares y sus familias", "where": "en las escuelas rurales"},
    {"with": "con ollas comunes", "people": "familias de ollas comunes", "where": "en las ollas comunes"},
    {"with": "con comunidades campesinas", "people": "familias comuneras", "where": "en las comunidades"},
    {"with": "con mujeres productoras", "people": "mujeres productoras", "where": "entre las productoras"},
    {"with": "con jóvenes rurales", "people": "jóvenes rurales", "where": "entre las y los jóvenes"},
    {"with": "con comedores populares", "people": "socias de comedores populares", "where": "en los comedores"},
    {"with": "con comunidades nativas", "people": "familias de comunidades nativas", "where": "en las comunidades"},
    {"with": "con familias migrantes", "people": "familias migrantes", "where": "en los barrios de acogida"},
]

METHODS = [
    "Usaremos una aplicación móvil que funciona sin conexión para registrar cosechas, pedidos y entregas.",
    "El trabajo se organiza en talleres intergeneracionales donde abuelas y abuelos comparten sus saberes.",
    "Publicaremos materiales y datos con licencia libre para que otras regiones puedan replicarlo.",
    "Trabajaremos con la municipalidad distrital y el centro de salud para sostener la iniciativa.",
    "Formaremos promotoras y promotores comunitarios que acompañen a cada familia.",
    "Prototiparemos con materiales locales y de bajo costo, probando cada versión con las familias.",
    "Los mensajes y materiales estarán en quechua, aimara o la lengua de cada comunidad, además del castellano.",
]

STAGES = [Stage.IDEA] * 10 + [Stage.PROTOTYPE] * 7 + [Stage.PILOT] * 3
LICENCES = [Licence.CC_BY] * 9 + [Licence.CC_BY_SA] * 6 + [Licence.CC0] * 2 + [Licence.OPEN_SOURCE] * 3
# Co-authors beside the lead: the call asks for teams of at least two.
CO_AUTHORS = [1, 1, 1, 1, 1, 2, 2, 3]


@transaction.atomic
def seed_proposals(accounts: dict[str, User], *, now=None) -> int:
    """The LABIC challenge's demo proposals. Returns how many were new (0 when already loaded)."""
    challenge = Challenge.objects.filter(slug=LABIC_SLUG).first()
    if challenge is None:
        return 0
    if not challenge.code:
        challenge.code = CODE
        challenge.save(update_fields=["code", "updated_at"])
    now = now or timezone.now()
    rng = random.Random(SEED)
    questions = list(challenge.questions.order_by("position", "pk"))
    created = 0
    if not challenge.proposals.exclude(number=None).exists():
        created += _seed_crowd(challenge, questions, rng, now)
    lead = accounts.get("team lead")
    if lead is not None and not ProposalMember.objects.filter(proposal__challenge=challenge, user=lead).exists():
        created += _seed_team_lead(challenge, questions, lead, rng, now)
    if created:
        questions_lock(challenge)
    _seed_open_call_teams(challenge, accounts, now)
    created += _seed_finished_hackathon(now)
    if created:
        proposal_terms_rebuild()  # written in bulk above, so the similar proposals are indexed here
    return created


def _seed_crowd(challenge: Challenge, questions: list[Question], rng: random.Random, now) -> int:
    innovators = list(_innovators().select_related("profile"))
    if not innovators:
        return 0
    pick_lead = _lead_picker(innovators)
    opened = _call_opened(challenge, now)
    eligible = set(challenge.eligible_countries)
    abroad = [code for code in ABROAD if not eligible or code in eligible]
    specs, titles = [], set()
    for number in range(1, CROWD + 1):
        spec = _spec(rng, titles, abroad=abroad)
        spec["number"] = number
        spec["lead"] = pick_lead(spec["country"])
        others = [user for user in innovators if user.pk != spec["lead"].pk]
        spec["co_authors"] = rng.sample(others, min(rng.choice(CO_AUTHORS), len(others)))
        spec["submitted_at"] = opened + (now - opened) * number / (CROWD + 1)
        spec["edited"] = number % EDITED_EVERY == 0
        specs.append(spec)
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                challenge=challenge,
                status=ProposalStatus.SUBMITTED,
                version=2 if spec["edited"] else 1,
                **{name: spec[name] for name in (*TEXT_FIELDS, "number", "submitted_at")},
            )
            for spec in specs
        ]
    )
    _write_related(proposals, specs, questions, rng)
    # Timestamps as if each proposal had been written in the two days before its submission.
    challenge.proposals.filter(number__lte=CROWD).update(
        created_at=F("submitted_at") - timedelta(days=2), updated_at=F("submitted_at")
    )
    ProposalVersion.objects.filter(proposal__challenge=challenge, version=1).update(
        created_at=Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("submitted_at")[:1])
    )
    return len(proposals)


def _seed_team_lead(challenge: Challenge, questions: list[Question], lead: User, rng: random.Random, now) -> int:
    """One submitted proposal and one draft still being written, both in Cusco."""
    innovators = _innovators()
    number = (challenge.proposals.aggregate(last=Max("number"))["last"] or 0) + 1
    submitted = _spec(rng, set(), topic=TOPICS[0], region=PeruRegion.CUSCO, town="San Jerónimo")
    submitted.update(
        title="Red de biohuertos familiares en San Jerónimo",
        number=number,
        lead=lead,
        co_authors=list(innovators[:2]),
        submitted_at=now - timedelta(days=3),
        edited=False,
    )
    draft = {
        "title": "Mercado virtual de productores del Cusco",
        "summary": "Un catálogo en línea de las asociaciones de productores del Cusco, con pedidos y rutas de reparto.",
        "problem": "Las asociaciones venden solo en la feria del domingo y pierden lo que no venden.",
        "solution": "",
        "beneficiaries": "",
        "territory": "Cusco",
        "expected_impact": "",
        "stage": "",
        "country": "PE",
        "region": PeruRegion.CUSCO,
        "licence": "",
        "tags": ["cadenas cortas"],
        "lead": lead,
        "co_authors": [],
        "answers": False,
    }
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                challenge=challenge,
                status=ProposalStatus.SUBMITTED,
                number=number,
                submitted_at=submitted["submitted_at"],
                **{name: submitted[name] for name in TEXT_FIELDS},
            ),
            Proposal(challenge=challenge, **{name: draft[name] for name in TEXT_FIELDS}),
        ]
    )
    _write_related(proposals, [submitted, draft], questions, rng)
    Proposal.objects.filter(pk=proposals[0].pk).update(
        created_at=F("submitted_at") - timedelta(days=5), updated_at=F("submitted_at")
    )
    ProposalVersion.objects.filter(proposal=proposals[0]).update(created_at=submitted["submitted_at"])
    return len(proposals)


def _spec(rng: random.Random, titles: set, *, abroad=(), topic=None, region=None, town=None) -> dict:
    """One proposal's texts, place, stage, licence and categories, drawn from the fragments.

    About PERU_SHARE of them in Peru's regions, the rest in the `abroad` countries (codes).
    """
    topic = topic or rng.choice(TOPICS)
    if region or not abroad or rng.random() < PERU_SHARE:
        region = region or rng.choice(REGION_DRAW)
        country, area = "PE", PeruRegion(region).label
        towns = TOWNS[region]
    else:
        country = rng.choice(abroad)
        region = ""
        area, towns = ABROAD[country]
    for _attempt in range(10):
        audience, town = rng.choice(AUDIENCES), town or rng.choice(towns)
        title = f"{topic['title']} {audience['with']} en {town}"
        if title not in titles:
            break
    titles.add(title)
    families = rng.choice([40, 60, 80, 120, 150, 200, 300, 500])
    return {
        "title": title[:150],
        "summary": f"{topic['summary']} Un proyecto {audience['with']} de {town} ({area}).",
        "problem": f"{topic['problem']} Lo vemos cada día {audience['where']} de {town}.",
        "solution": f"{topic['solution']} {rng.choice(METHODS)}",
        "beneficiaries": f"{families} {audience['people']} de {town} y alrededores.",
        "territory": f"{town}, {area}",
        "expected_impact": topic["impact"],
        "stage": rng.choice(STAGES),
        "country": country,
        "region": region,
        "licence": rng.choice(LICENCES),
        "tags": topic["tags"][: rng.choice([2, 3])],
        "answers": True,
    }


def _write_related(proposals: list[Proposal], specs: list[dict], questions: list[Question], rng) -> None:
    """Team, categories, answers and the versions kept at submission (and at a later edit), in bulk."""
    members, tagged, answers, versions = [], [], [], []
    tags = _tags(sorted({name for spec in specs for name in spec["tags"]}))
    for proposal, spec in zip(proposals, specs, strict=True):
        members.append(ProposalMember(proposal=proposal, user=spec["lead"], role=MemberRole.LEAD))
        members += [ProposalMember(proposal=proposal, user=user, role=MemberRole.MEMBER) for user in spec["co_authors"]]
        tagged += [TaggedProposal(content_object=proposal, tag=tags[name]) for name in spec["tags"]]
        values = _answers(questions, spec, rng) if spec["answers"] else {}
        answers += [Answer(proposal=proposal, question_id=pk, value=value) for pk, value in values.items()]
        if proposal.status not in IN_THE_CALL:
            continue
        snapshot = {name: str(spec[name]) for name in TEXT_FIELDS}
        snapshot["answers"] = {str(pk): value for pk, value in values.items()}
        if spec.get("edited"):
            first = {**snapshot, "summary": spec["summary"].split(" Un proyecto ")[0], "stage": Stage.IDEA}
            first["answers"] = {**snapshot["answers"]}
            for question in questions:
                if question.kind == QuestionKind.NUMBER and str(question.pk) in first["answers"]:
                    first["answers"][str(question.pk)] = 3000
            versions.append(ProposalVersion(proposal=proposal, version=1, snapshot=first, author=spec["lead"]))
            versions.append(ProposalVersion(proposal=proposal, version=2, snapshot=snapshot, author=spec["lead"]))
        else:
            versions.append(ProposalVersion(proposal=proposal, version=1, snapshot=snapshot, author=spec["lead"]))
    ProposalMember.objects.bulk_create(members)
    TaggedProposal.objects.bulk_create(tagged)
    Answer.objects.bulk_create(answers)
    ProposalVersion.objects.bulk_create(versions)


def _answers(questions: list[Question], spec: dict, rng: random.Random) -> dict:
    """An answer to every question, of the kind it asks for (files are left unanswered)."""
    values = {}
    for question in questions:
        if not question.required and rng.random() < 0.15:
            continue
        match question.kind:
            case QuestionKind.LONG_TEXT:
                value = spec["problem"]
            case QuestionKind.SHORT_TEXT:
                value = spec["territory"]
            case QuestionKind.NUMBER:
                value = rng.randrange(800, 3001, 50)
            case QuestionKind.SINGLE_CHOICE:
                value = _zone(spec["region"], question.choices, rng)
            case QuestionKind.MULTIPLE_CHOICE:
                value = rng.sample(question.choices, min(len(question.choices), rng.choice([1, 2])))
            case QuestionKind.YES_NO:
                value = rng.random() < 0.55
            case QuestionKind.URL:
                value = f"https://example.org/propuestas/{spec.get('number') or 'borrador'}"
            case _:
                continue
        if value not in (None, "", []):
            values[question.pk] = value
    return values


def _zone(region: str, choices: list, rng: random.Random):
    """Costa, sierra or selva from the region when the question offers them (several regions
    from abroad); otherwise any choice."""
    if not choices:
        return None
    zone = next((name for name, regions in ZONES.items() if region in regions), "Sierra" if region else None)
    zone = zone or "Varias regiones"
    if zone in choices and rng.random() < 0.9:
        return zone
    return rng.choice(choices)


def _lead_picker(innovators: list[User]):
    """Leads from the same country as the proposal while there are any; each person leads one
    proposal until everyone leads one."""
    pools: dict[str, list[User]] = {}
    for user in innovators:
        profile = getattr(user, "profile", None)
        pools.setdefault(profile.country.code if profile else "", []).append(user)
    free = {user.pk: user for user in innovators}
    turn = itertools.count()

    def pick(country: str) -> User:
        pool = pools.get(country, [])
        while pool and pool[0].pk not in free:
            pool.pop(0)
        if pool:
            user = pool.pop(0)
        elif free:
            user = next(iter(free.values()))
        else:
            user = innovators[next(turn) % len(innovators)]
        free.pop(user.pk, None)
        return user

    return pick


def _call_opened(challenge: Challenge, now):
    phase = challenge.phases.filter(kind=PhaseKind.PROPOSALS).first()
    return phase.starts_at if phase and phase.starts_at < now else now - timedelta(days=10)


def _tags(names: list[str]) -> dict[str, Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name] = Tag.objects.create(name=name)
    return existing


# --- Team formation and public support in the open call -----------------------------------

INVITED_EMAILS = ["amaru.ccori@correo.example", "killa.mamani@correo.example", "renzo.apaza@correo.example"]
SEEKERS = 12
SEEKER_MESSAGES = [
    "Vivo en {town} y quiero sumarme a un equipo que trabaje con familias productoras.",
    "Tengo experiencia en proyectos comunitarios y busco un equipo con una idea ya encaminada.",
    "Puedo dedicar diez horas por semana; me interesan los proyectos de nutrición y agricultura familiar.",
    "Busco equipo para el laboratorio: me gustaría aportar desde lo que sé hacer y aprender de otras regiones.",
]
SUPPORTS_PER_PERSON = 5


def _seed_open_call_teams(challenge: Challenge, accounts: dict[str, User], now) -> None:
    """Pending invitations (one to the demo citizen), people looking for a team and supports.

    Each part is written once: loading again finds it and adds nothing.
    """
    invite = not Invitation.objects.filter(proposal__challenge=challenge).exists()
    seek = not TeamSeeker.objects.filter(challenge=challenge).exists()
    support = not Support.objects.filter(challenge=challenge).exists()
    if not (invite or seek or support):
        return
    rng = random.Random(SEED + 1)
    innovators = list(_innovators().select_related("profile").prefetch_related("profile__skills"))
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
        _seed_supports(challenge, [*innovators, *filter(None, [accounts.get("citizen")])], teams, rng)


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


def _seed_supports(challenge: Challenge, people: list[User], teams: dict[int, set[int]], rng) -> None:
    """A few popular proposals and a long tail: each person supports up to the limit, never their own."""
    in_the_call = list(
        challenge.proposals.filter(status__in=IN_THE_CALL).order_by("number").values_list("pk", flat=True)
    )
    if not in_the_call:
        return
    popularity = [rng.paretovariate(1.5) for _ in in_the_call]
    supports = []
    for person in people:
        wanted = rng.choice([0, 1, 1, 2, 3, SUPPORTS_PER_PERSON])
        chosen = set()
        for proposal_id in rng.choices(in_the_call, weights=popularity, k=wanted * 2):
            if len(chosen) < wanted and person.pk not in teams.get(proposal_id, ()):
                chosen.add(proposal_id)
        supports += [Support(proposal_id=pk, challenge=challenge, user=person) for pk in sorted(chosen)]
    Support.objects.bulk_create(supports)


# --- The finished hackathon: its proposals, and the collaborator call after the selection

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


def _seed_finished_hackathon(now) -> int:
    """The finished hackathon's proposals, once, all submitted: its jury's round (`judging.demo`) selects them,
    and `seed_finished_collaborators` then completes the selected teams. Returns how many proposals were new."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    if challenge is None or challenge.proposals.exists():
        return 0
    innovators = list(_innovators().select_related("profile"))
    if len(innovators) < 10:
        return 0
    rng = random.Random(SEED + 2)
    phases = {phase.kind: phase for phase in challenge.phases.all()}
    _collaborator_call(challenge, phases)
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
    _write_related(proposals, specs, questions, rng)
    challenge.proposals.update(created_at=F("submitted_at") - timedelta(days=1), updated_at=F("submitted_at"))
    ProposalVersion.objects.filter(proposal__challenge=challenge).update(
        created_at=Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("submitted_at")[:1])
    )
    questions_lock(challenge)
    proposal_terms_rebuild(proposals=challenge.proposals.all())
    return len(proposals)


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
    innovators = list(_innovators().select_related("profile"))
    return _seed_roles(challenge, selected, innovators, _collaborator_call(challenge, phases), random.Random(SEED + 3))


def _collaborator_call(challenge: Challenge, phases: dict) -> Phase:
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
    """A reference code and a waitlist, which the selection below uses."""
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


def _innovators():
    return User.objects.filter(email__startswith="innovador", email__endswith=f"@{DEMO_DOMAIN}").order_by("email")
