"""Demo labs: a network across Peru's regions and a few abroad, of every kind."""

import random

from django.db import transaction
from django.utils import timezone

from innovation_platform.accounts.models import User
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab, LabKind, LabMembership, LabRole
from innovation_platform.labs.services import lab_terms_index

NAMED_LABS = [
    (
        "Laboratorio de Innovación Ciudadana del Perú",
        "labic-peru",
        LabKind.PUBLIC,
        PeruRegion.LIMA_METROPOLITANA,
        "Lima",
    ),
    ("InnovaLab Arequipa", "innovalab-arequipa", LabKind.ACADEMIA, PeruRegion.AREQUIPA, "Arequipa"),
    (
        "Laboratorio Regional de Innovación Cusco",
        "lab-regional-cusco",
        LabKind.REGIONAL_GOVERNMENT,
        PeruRegion.CUSCO,
        "Cusco",
    ),
    ("Amazonía Lab", "amazonia-lab", LabKind.CIVIL_SOCIETY, PeruRegion.LORETO, "Iquitos"),
    ("AgroTech Hub Piura", "agrotech-hub-piura", LabKind.PRIVATE, PeruRegion.PIURA, "Piura"),
    ("Puno Innova", "puno-innova", LabKind.REGIONAL_GOVERNMENT, PeruRegion.PUNO, "Puno"),
]
KIND_PREFIXES = {
    LabKind.ACADEMIA: "Laboratorio Universitario",
    LabKind.PRIVATE: "Hub de Innovación",
    LabKind.PUBLIC: "Laboratorio de Gobierno",
    LabKind.CIVIL_SOCIETY: "Colectivo de Innovación",
    LabKind.REGIONAL_GOVERNMENT: "Laboratorio Regional",
}
FOREIGN = [("CO", "Bogotá"), ("MX", "Ciudad de México"), ("AR", "Rosario"), ("ES", "Madrid"), ("CL", "Valparaíso")]
DESCRIPTION = (
    "Somos parte de la **red nacional de laboratorios de innovación**. Acompañamos retos ciudadanos, "
    "prototipos y pilotos con comunidades.\n\n- Convocatorias abiertas\n- Mentoría\n- Datos abiertos"
)


@transaction.atomic
def seed_labs(count: int, rng: random.Random, accounts: dict[str, User]) -> int:
    """The named labs (verified, with the organizer as admin) and synthetic ones up to `count`."""
    existing = set(Lab.objects.values_list("slug", flat=True))
    new = []
    for name, slug, kind, region, city in NAMED_LABS:
        if slug not in existing:
            new.append(
                Lab(
                    name=name,
                    slug=slug,
                    kind=kind,
                    country="PE",
                    region=region,
                    city=city,
                    description=DESCRIPTION,
                    is_verified=True,
                    website="https://example.org/",
                )
            )
    regions = PeruRegion.values
    kinds = LabKind.values
    for i in range(max(0, count - len(NAMED_LABS))):
        slug = f"lab-{i:05d}"
        if slug in existing:
            continue
        kind = kinds[i % len(kinds)]
        if rng.random() < 0.9:
            region = rng.choice(regions)
            country, place = "PE", PeruRegion(region).label
        else:
            region = ""
            country, place = rng.choice(FOREIGN)
        new.append(
            Lab(
                name=f"{KIND_PREFIXES[kind]} {place} {i + 1}",
                slug=slug,
                kind=kind,
                country=country,
                region=region,
                city=place,
                description=DESCRIPTION,
                is_verified=rng.random() < 0.7,
            )
        )
    now = timezone.now()
    for lab in new:
        lab.verified_at = now if lab.is_verified else None
    Lab.objects.bulk_create(new)
    lab_terms_index(labs=Lab.objects.filter(slug__in=[lab.slug for lab in new]))  # bulk_create sends no signal
    flagship = Lab.objects.get(slug="labic-peru")
    LabMembership.objects.get_or_create(lab=flagship, user=accounts["organizer"], defaults={"role": LabRole.ADMIN})
    LabMembership.objects.get_or_create(lab=flagship, user=accounts["juror"], defaults={"role": LabRole.MEMBER})
    return len(new)
