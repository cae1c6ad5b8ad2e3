"""Demo people: one account per role, and a crowd of innovators for the directory."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from taggit.models import Tag

from innovation_platform.accounts.models import (
    PolicyAcceptance,
    PolicyKind,
    PolicyVersion,
    Profile,
    TaggedInterest,
    TaggedSkill,
    User,
)
from innovation_platform.accounts.services import profile_slug_for, profile_terms_index
from innovation_platform.core.regions import PeruRegion

DEMO_PASSWORD = "cocrea-demo-2026"
DEMO_DOMAIN = "demo.cocrea.pe"

# (role shown at start, e-mail, full name, staff?)
DEMO_ACCOUNTS = [
    ("citizen", f"ciudadana@{DEMO_DOMAIN}", "Rosa Quispe Mamani", False),
    ("team lead", f"lider@{DEMO_DOMAIN}", "Jorge Huamán Ccori", False),
    ("juror", f"jurado@{DEMO_DOMAIN}", "María Fernanda Salazar", False),
    ("organizer", f"organizadora@{DEMO_DOMAIN}", "Lucía Paredes Rojas", False),
    ("mentor", f"mentora@{DEMO_DOMAIN}", "Carmen Villanueva Torres", False),
    # Accepts invitations to the citizen's team: the call asks for teams of at least two.
    ("teammate", f"equipo@{DEMO_DOMAIN}", "Pedro Condori Flores", False),
    ("staff", f"staff@{DEMO_DOMAIN}", "Equipo Cocrea", True),
]

FIRST_NAMES = [
    "Ana",
    "Luis",
    "Carmen",
    "José",
    "Milagros",
    "Diego",
    "Rocío",
    "Walter",
    "Yesenia",
    "Óscar",
    "Flor",
    "Renzo",
    "Kusi",
    "Amaru",
    "Daniela",
    "Julio",
    "Nayeli",
    "Percy",
    "Sofía",
    "Wilmer",
]
LAST_NAMES = [
    "Quispe",
    "Mamani",
    "Flores",
    "Rodríguez",
    "Huamán",
    "Chávez",
    "Torres",
    "Ramos",
    "Vargas",
    "Condori",
    "Castillo",
    "Ccahuana",
    "Sánchez",
    "Gutiérrez",
    "Apaza",
    "Rojas",
    "Cárdenas",
    "Yupanqui",
]
ORGANIZATIONS = [
    "Universidad Nacional de San Agustín",
    "PUCP",
    "UNI",
    "Gobierno Regional de Cusco",
    "Cooperativa Agraria Andina",
    "Startup AgroData",
    "ONG Agua Viva",
    "Municipalidad de Piura",
    "Colectivo Maker Lima",
    "Universidad Nacional de la Amazonía Peruana",
    "",
]
SKILLS = [
    "diseño",
    "desarrollo web",
    "análisis de datos",
    "agronomía",
    "nutrición",
    "electrónica",
    "comunicación",
    "gestión de proyectos",
    "diseño industrial",
    "inocuidad alimentaria",
    "facilitación",
    "programación",
    "sociología",
    "economía",
    "fotografía",
]
INTERESTS = [
    "seguridad alimentaria",
    "agua",
    "educación",
    "salud",
    "cambio climático",
    "gobierno abierto",
    "movilidad",
    "cultura",
    "inclusión digital",
    "economía circular",
]
FOREIGN_COUNTRIES = ["CO", "MX", "AR", "CL", "EC", "BO", "ES", "BR", "UY", "CR"]


@transaction.atomic
def seed_accounts() -> dict[str, User]:
    """The named demo accounts, with verified e-mails and public profiles. Idempotent."""
    accounts = {}
    for role, email, name, staff in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=name, is_staff=staff, is_superuser=staff
            )
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile, created = Profile.objects.get_or_create(
            user=user,
            defaults={
                "slug": profile_slug_for(name),
                "region": PeruRegion.LIMA_METROPOLITANA,
                "is_public": True,
                # The team lead lets organizers write to her; the citizen does not (both cases on the console).
                "contact_consent": role == "team lead",
                "contact_consent_at": user.date_joined if role == "team lead" else None,
            },
        )
        if created:
            profile.skills.set(["facilitación", "gestión de proyectos"])
            profile.interests.set(["seguridad alimentaria"])
        accounts[role] = user
    return accounts


@transaction.atomic
def seed_innovators(count: int, rng: random.Random) -> int:
    """Synthetic innovators up to `count` (80% Peru, the rest abroad; most public). Bulk, idempotent."""
    emails = [f"innovador{i:05d}@{DEMO_DOMAIN}" for i in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [email for email in emails if email not in existing]
    if not missing:
        return 0
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=email,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
                password=unusable,
            )
            for email in missing
        ]
    )
    regions = PeruRegion.values
    profiles = []
    for index, user in enumerate(users):
        in_peru = rng.random() < 0.8
        agrees = index % 3 == 0  # one in three lets organizers write (not drawn: the demo's draws stay as they were)
        profiles.append(
            Profile(
                user=user,
                contact_consent=agrees,
                contact_consent_at=user.date_joined if agrees else None,
                slug=profile_slug_for(user.full_name),
                country="PE" if in_peru else rng.choice(FOREIGN_COUNTRIES),
                region=rng.choice(regions) if in_peru else "",
                organization=rng.choice(ORGANIZATIONS),
                bio="Innovadora e innovador del registro nacional; trabajo en proyectos de impacto local.",
                is_public=rng.random() < 0.85,
            )
        )
    profiles = Profile.objects.bulk_create(profiles)
    profile_terms_index(profiles=Profile.objects.filter(user__email__in=missing))  # bulk_create sends no signal
    skill_tags = _tags(SKILLS)
    interest_tags = _tags(INTERESTS)
    TaggedSkill.objects.bulk_create(
        [TaggedSkill(content_object=profile, tag=tag) for profile in profiles for tag in rng.sample(skill_tags, 3)]
    )
    TaggedInterest.objects.bulk_create(
        [
            TaggedInterest(content_object=profile, tag=tag)
            for profile in profiles
            for tag in rng.sample(interest_tags, 2)
        ]
    )
    return len(users)


def _tags(names):
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name] = Tag.objects.create(name=name)
    return [existing[name] for name in names]


DEMO_POLICIES_PUBLISHED = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("America/Lima"))
DEMO_PRIVACY = """## Quién es responsable de tus datos

La red de laboratorios de innovación ciudadana que opera este sitio (datos de contacto: privacidad@demo.cocrea.pe).
Tratamos tus datos según la Ley N.º 29733, Ley de Protección de Datos Personales, y su reglamento.

## Qué guardamos y para qué

- **Tu cuenta** (correo, nombre, idioma, zona horaria): para que inicies sesión y escribirte en tu idioma.
- **Tu perfil de innovador**: para el directorio (solo si lo haces público) y para formar equipos.
- **Tus propuestas, equipos, postulaciones y apoyos**: para las convocatorias en las que participas.
- **Como jurado, tus evaluaciones**: para una selección que se pueda explicar.
- **Tus consentimientos**, con la fecha en que los diste.

## Por cuánto tiempo

Mientras tu cuenta exista. Si la eliminas, borramos tus datos personales; lo que otras personas necesitan (el equipo
de una propuesta enviada, las evaluaciones de un jurado) queda sin tu nombre.

## Tus derechos

Puedes **descargar tus datos** y **eliminar tu cuenta** desde *Mi perfil*, corregir tu perfil cuando quieras y
retirar tus consentimientos. Para cualquier otra solicitud, escribe a privacidad@demo.cocrea.pe.
"""
DEMO_TERMS = """## Uso de Cocrea

- Participa con respeto: el equipo organizador puede ocultar contenido que incumpla las bases de una convocatoria.
- Lo que publicas en una propuesta lo ven tu equipo y quienes organizan la convocatoria; lo público se indica en
  cada página.
- Cada convocatoria tiene sus propias bases, que prevalecen para esa convocatoria.
"""


@transaction.atomic
def seed_policies() -> None:
    """The privacy policy and terms in force, accepted by every demo account at sign-up (so that signing in goes
    straight to the page asked for). Idempotent; call it once every account exists."""
    policies = [
        PolicyVersion.objects.get_or_create(
            kind=kind,
            version="2026-01",
            defaults={"published_at": DEMO_POLICIES_PUBLISHED, "text_es": text, "summary": "Primera versión."},
        )[0]
        for kind, text in ((PolicyKind.PRIVACY, DEMO_PRIVACY), (PolicyKind.TERMS, DEMO_TERMS))
    ]
    PolicyAcceptance.objects.bulk_create(
        [
            PolicyAcceptance(user=user, policy=policy, accepted_at=max(user.date_joined, policy.published_at))
            for user in User.objects.filter(deleted_at=None).only("pk", "date_joined")
            for policy in policies
        ],
        ignore_conflicts=True,
    )
