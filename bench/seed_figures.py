"""Seed a network for bench/figures.py: N labs and N innovators who joined over two years, and P proposals to 25
public calls (a fifth from abroad); then time one computation of the figures page's aggregates (what a request
pays once every FIGURES_CACHE_SECONDS). Run with the server's environment (DATABASE_URL, SECRET_KEY, settings):

    python bench/seed_figures.py N P
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.production")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from challenges.models import Challenge  # noqa: E402
from figures.selectors import _network_figures  # noqa: E402
from innovation_platform.accounts.models import Profile, User  # noqa: E402
from innovation_platform.core.regions import PeruRegion  # noqa: E402
from innovation_platform.labs.models import Lab, LabKind  # noqa: E402
from proposals.models import Proposal  # noqa: E402

CALLS = 25
BATCH = 2000
FOREIGN = ["CL", "CO", "AR", "MX", "EC", "BO", "ES"]


@transaction.atomic
def seed(size: int, proposals: int) -> None:
    rng = random.Random(size)
    now = timezone.now()
    regions = PeruRegion.values
    labs = Lab.objects.bulk_create(
        (
            Lab(
                slug=f"bench-lab-{i}",
                name=f"Lab {i}",
                kind=rng.choice(LabKind.values),
                country="PE",
                region=rng.choice(regions),
            )
            for i in range(size)
        ),
        batch_size=BATCH,
    )
    Lab.objects.bulk_update(
        [setattr(lab, "created_at", now - timedelta(days=rng.randrange(730))) or lab for lab in labs],
        ["created_at"],
        batch_size=BATCH,
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                email=f"bench{i}@example.org",
                full_name=f"Persona {i}",
                password=password,
                date_joined=now - timedelta(days=rng.randrange(730)),
            )
            for i in range(size)
        ),
        batch_size=BATCH,
    )
    Profile.objects.bulk_create(
        (
            Profile(user=user, slug=f"bench-{i}", country="PE", region=rng.choice(regions))
            if i % 5
            else Profile(user=user, slug=f"bench-{i}", country=rng.choice(FOREIGN), region="")
            for i, user in enumerate(users)
        ),
        batch_size=BATCH,
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
        for i in range(CALLS)
    )
    Proposal.objects.bulk_create(
        (
            Proposal(
                challenge=calls[i % CALLS],
                number=i // CALLS + 1,
                title=f"Propuesta {i}",
                summary="Un prototipo.",
                status="submitted",
                country="PE" if i % 5 else rng.choice(FOREIGN),
                region=rng.choice(regions) if i % 5 else "",
                submitted_at=now - timedelta(hours=i),
            )
            for i in range(proposals)
        ),
        batch_size=BATCH,
    )


if __name__ == "__main__":
    seed(int(sys.argv[1]), int(sys.argv[2]))
    started = time.perf_counter()
    _network_figures()
    print(f"compute_ms={1000 * (time.perf_counter() - started):.1f}")
