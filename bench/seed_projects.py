"""Seed a network with N public projects for bench/projects.py.

One lab per 200 projects, one call per 40 (the size of a lab's edition), each project opened from a selected
proposal with a Peruvian region, an outcome and a creation date of its own, so the gallery's filters find
realistic shares. Run by bench/projects.py with the server's environment (DATABASE_URL, SECRET_KEY, settings):

    python bench/seed_projects.py N
"""

import os
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.production")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from challenges.models import Challenge  # noqa: E402
from innovation_platform.core.regions import PeruRegion  # noqa: E402
from innovation_platform.labs.models import Lab  # noqa: E402
from projects.models import Outcome, Project  # noqa: E402
from proposals.models import Proposal  # noqa: E402

PER_CALL = 40
PER_LAB = 200
TOPICS = ["Medidor de agua", "Biohuerto escolar", "Mapa de fugas", "Atrapanieblas", "Alerta de huaicos"]
OUTCOMES = [Outcome.BUILT] * 4 + [Outcome.NOT_BUILT, Outcome.PILOTING, Outcome.ADOPTED, Outcome.IN_LAB]
BATCH = 2000


@transaction.atomic
def seed(size: int) -> None:
    rng = random.Random(size)
    now = timezone.now()
    regions = [code for code, _ in PeruRegion.choices]
    labs = Lab.objects.bulk_create(
        Lab(slug=f"bench-lab-{i}", name=f"Lab {i}", kind="public", country="PE", region=rng.choice(regions))
        for i in range(max(1, size // PER_LAB))
    )
    calls = Challenge.objects.bulk_create(
        Challenge(
            lab=labs[i % len(labs)],
            slug=f"bench-call-{i}",
            code=f"B{i}",
            title=f"Convocatoria {i}",
            theme="agua",
            kind="public_challenge",
            visibility="published",
        )
        for i in range(max(1, size // PER_CALL))
    )
    proposals = Proposal.objects.bulk_create(
        (
            Proposal(
                challenge=calls[i % len(calls)],
                number=i // len(calls) + 1,
                title=f"{rng.choice(TOPICS)} {i}",
                summary="Un prototipo para cuidar el agua del barrio.",
                region=rng.choice(regions),
                status="selected",
            )
            for i in range(size)
        ),
        batch_size=BATCH,
    )
    Project.objects.bulk_create(
        (
            Project(
                proposal=proposal,
                challenge=proposal.challenge,
                title=proposal.title,
                summary=proposal.summary,
                outcome=rng.choice(OUTCOMES),
                created_at=now - timedelta(hours=size - i),
            )
            for i, proposal in enumerate(proposals)
        ),
        batch_size=BATCH,
    )


if __name__ == "__main__":
    seed(int(sys.argv[1]))
    print(Project.objects.count())
