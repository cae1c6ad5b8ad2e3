"""Seed one call with N proposals for bench/organizers.py, and print a signed-in session of its organizer.

Each proposal has its own lead (a third also a co-author), a Peruvian region or another country, a stage
and a title from a small vocabulary, so the list's filters and searches find realistic shares; 5 jurors
review every proposal 3 times over, two thirds of those reviews submitted, as in a round in progress.
Run by bench/organizers.py with the server's environment (DATABASE_URL, SECRET_KEY, settings):

    python bench/seed_call.py N
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

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from challenges.models import Challenge, Phase  # noqa: E402
from innovation_platform.accounts.models import User  # noqa: E402
from innovation_platform.core.regions import PeruRegion  # noqa: E402
from innovation_platform.labs.models import Lab, LabMembership  # noqa: E402
from judging.models import Assignment, Juror, Round  # noqa: E402
from proposals.models import Proposal, ProposalMember  # noqa: E402
from proposals.services.similar import proposal_terms_rebuild  # noqa: E402

SLUG = "bench-call"
TOPICS = ["Biohuertos familiares", "Ferias agroecológicas", "Cosecha de agua", "Ollas comunes", "Semillas nativas"]
PLACES = ["San Jerónimo", "Villa El Salvador", "Juliaca", "Tingo María", "Cajamarca", "Iquitos", "Chiclayo"]
COUNTRIES = ["CO", "BO", "EC", "AR", "MX"]
BATCH = 2000


@transaction.atomic
def seed(size: int) -> User:
    rng = random.Random(size)
    now = timezone.now()
    lab = Lab.objects.create(slug="bench-lab", name="Bench Lab", kind="public", country="PE", region="PE-LIM")
    organizer = User.objects.create_user(email="org@bench.example", password=None, full_name="Olga Organiza")
    EmailAddress.objects.create(user=organizer, email=organizer.email, verified=True, primary=True)
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = Challenge.objects.create(
        lab=lab,
        slug=SLUG,
        code="BENCH",
        title="Bench call",
        theme="food",
        kind="public_challenge",
        visibility="published",
        team_min=2,
        ineligibility_reasons=["Out of scope"],
    )
    Phase.objects.create(challenge=challenge, kind="proposals", starts_at=now - timedelta(days=30), ends_at=now)
    regions = [code for code, _ in PeruRegion.choices]
    users = User.objects.bulk_create(
        [User(email=f"lead{i}@bench.example", full_name=f"Persona {i} {rng.choice(PLACES)}") for i in range(size)],
        batch_size=BATCH,
    )
    proposals = []
    for i in range(size):
        abroad = rng.random() < 0.2
        proposals.append(
            Proposal(
                challenge=challenge,
                number=i + 1,
                title=f"{rng.choice(TOPICS)} en {rng.choice(PLACES)} {i}",
                summary="Una propuesta para mejorar el acceso a alimentos sanos.",
                country=rng.choice(COUNTRIES) if abroad else "PE",
                region="" if abroad else rng.choice(regions),
                stage=rng.choice(["idea", "prototype", "pilot"]),
                status="submitted",
                submitted_at=now - timedelta(minutes=size - i),
                eligibility=rng.choice(["pending", "pending", "eligible", "ineligible"]),
            )
        )
    proposals = Proposal.objects.bulk_create(proposals, batch_size=BATCH)
    members = [ProposalMember(proposal=p, user=u, role="lead") for p, u in zip(proposals, users, strict=True)]
    members += [
        ProposalMember(proposal=p, user=users[(i + 1) % size], role="member")
        for i, p in enumerate(proposals)
        if i % 3 == 0 and size > 1
    ]
    ProposalMember.objects.bulk_create(members, batch_size=BATCH)
    round_ = Round.objects.create(
        challenge=challenge, name="Preselection", starts_at=now, ends_at=now + timedelta(days=9)
    )
    jurors = [
        Juror.objects.create(
            round=round_,
            email=f"juror{j}@bench.example",
            status="active",
            token=f"bench-{j}",
            expires_at=now + timedelta(days=9),
        )
        for j in range(5)
    ]
    Assignment.objects.bulk_create(
        [
            Assignment(round=round_, juror=jurors[(i + k) % 5], proposal=p, status="submitted" if k < 2 else "assigned")
            for i, p in enumerate(proposals)
            for k in range(3)
        ],
        batch_size=BATCH,
    )
    return organizer


def signed_in_session(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    organizer = seed(int(sys.argv[1]))
    proposal_terms_rebuild(proposals=Proposal.objects.filter(challenge__slug=SLUG))
    print(signed_in_session(organizer))
