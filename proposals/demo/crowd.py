"""Demo proposals of the LABIC food-security call: about 130 submitted proposals from Peru's regions
and Ibero-America, and two of the demo team lead's own (one submitted, one draft).

Texts are combined from Spanish fragments with a fixed seed, so every load writes the same
proposals. Loading the demo again adds nothing: the crowd is written once, in bulk, and the
team lead's proposals only when that person has none in the challenge.
"""

import itertools
import random
from datetime import timedelta

from django.db.models import F, Max, OuterRef, Subquery

from challenges.models import Challenge, PhaseKind, Question
from challenges.services import questions_lock
from innovation_platform.accounts.models import User
from innovation_platform.core.regions import PeruRegion
from proposals.demo.common import SEED, STAGES, demo_innovators, write_related
from proposals.models import Licence, Proposal, ProposalMember, ProposalStatus, ProposalVersion, Stage
from proposals.services.submission import TEXT_FIELDS

CROWD = 130
CODE = "LABICPE26"
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
LICENCES = [Licence.CC_BY] * 9 + [Licence.CC_BY_SA] * 6 + [Licence.CC0] * 2 + [Licence.OPEN_SOURCE] * 3
# Co-authors beside the lead: the call asks for teams of at least two.
CO_AUTHORS = [1, 1, 1, 1, 1, 2, 2, 3]


def seed_crowd_proposals(challenge: Challenge, accounts: dict[str, User], *, now) -> int:
    """The call's crowd and the team lead's proposals, each written once. Returns how many were new."""
    if not challenge.code:
        challenge.code = CODE
        challenge.save(update_fields=["code", "updated_at"])
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
    return created


def _seed_crowd(challenge: Challenge, questions: list[Question], rng: random.Random, now) -> int:
    innovators = list(demo_innovators().select_related("profile"))
    if not innovators:
        return 0
    pick_lead = _lead_picker(innovators)
    opened = _call_opened(challenge, now)
    eligible = set(challenge.eligible_countries)
    abroad = [code for code in ABROAD if not eligible or code in eligible]
    specs, titles = [], set()
    for number in range(1, CROWD + 1):
        spec = proposal_spec(rng, titles, abroad=abroad)
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
    write_related(proposals, specs, questions, rng)
    # Timestamps as if each proposal had been written in the two days before its submission.
    challenge.proposals.filter(number__lte=CROWD).update(
        created_at=F("submitted_at") - timedelta(days=2), updated_at=F("submitted_at")
    )
    ProposalVersion.objects.filter(proposal__challenge=challenge, version=1).update(
        created_at=Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("submitted_at")[:1])
    )
    return len(proposals)


def _seed_team_lead(challenge: Challenge, questions: list[Question], lead: User, rng: random.Random, now) -> int:
    """One submitted proposal and one draft still being written (two items missing), both in Cusco."""
    innovators = demo_innovators()
    number = (challenge.proposals.aggregate(last=Max("number"))["last"] or 0) + 1
    submitted = proposal_spec(rng, set(), topic=TOPICS[0], region=PeruRegion.CUSCO, town="San Jerónimo")
    submitted.update(
        title="Red de biohuertos familiares en San Jerónimo",
        number=number,
        lead=lead,
        co_authors=list(innovators[:2]),
        submitted_at=now - timedelta(days=3),
        edited=False,
    )
    # The draft has its co-author and answers; two items are left for the lead to write before he submits it.
    draft = {
        "title": "Mercado virtual de productores del Cusco",
        "summary": "Un catálogo en línea de las asociaciones de productores del Cusco, con pedidos y rutas de reparto.",
        "problem": "Las asociaciones venden solo en la feria del domingo y pierden lo que no venden.",
        "solution": "Un catálogo por mensajería y web donde cada asociación publica lo que cosecha cada semana, "
        "con pedidos agrupados por barrio y una ruta de reparto compartida.",
        "beneficiaries": "Doce asociaciones de productores del valle y unas 400 familias de la ciudad del Cusco.",
        "territory": "Cusco",
        "expected_impact": "",
        "stage": Stage.IDEA,
        "country": "PE",
        "region": PeruRegion.CUSCO,
        "licence": "",
        "tags": ["cadenas cortas"],
        "lead": lead,
        "co_authors": list(innovators[2:3]),
        "answers": True,
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
    write_related(proposals, [submitted, draft], questions, rng)
    Proposal.objects.filter(pk=proposals[0].pk).update(
        created_at=F("submitted_at") - timedelta(days=5), updated_at=F("submitted_at")
    )
    ProposalVersion.objects.filter(proposal=proposals[0]).update(created_at=submitted["submitted_at"])
    return len(proposals)


def proposal_spec(rng: random.Random, titles: set, *, abroad=(), topic=None, region=None, town=None) -> dict:
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
