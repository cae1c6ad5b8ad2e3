"""Seed one call with N proposals for bench/organizers.py, and print a signed-in session of its organizer.

Each proposal has its own lead (a third also a co-author), a Peruvian region or another country, a stage
and a title from a small vocabulary, so the list's filters and searches find realistic shares; 5 jurors
review every proposal 3 times over, two thirds of those reviews submitted, as in a round in progress.
Run by bench/organizers.py with the server's environment (DATABASE_URL, SECRET_KEY, settings):

    python bench/seed_call.py N

With `--judged` (bench/judging_pages.py) the call is judged instead: 40% of the proposals selected, 20% not
selected, 40% still submitted (the selection's decisions confirmed), and a rubric round on the 5 demo criteria
whose 5 jurors (people who can sign in) each scored the same two thirds of the proposals. It then prints the
organizer's session, the first juror's session and the round's id on the last line.

With `--public` too (bench/public_pages.py) the directories grow with the call: every lead has a public innovator
profile and there are N labs; the last line then also gives a lead's session and the id of the first proposal that
lead is not on the team of.
"""

import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
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
from innovation_platform.accounts.models import Profile, User  # noqa: E402
from innovation_platform.core.regions import PeruRegion  # noqa: E402
from innovation_platform.labs.models import Lab, LabMembership  # noqa: E402
from judging.demo import CRITERIA  # noqa: E402
from judging.models import Assignment, Criterion, Juror, Round, Score, SelectionDecision  # noqa: E402
from proposals.models import Proposal, ProposalMember, ProposalStatus  # noqa: E402
from proposals.services.similar import proposal_terms_rebuild  # noqa: E402

SLUG = "bench-call"
TOPICS = ["Biohuertos familiares", "Ferias agroecológicas", "Cosecha de agua", "Ollas comunes", "Semillas nativas"]
PLACES = ["San Jerónimo", "Villa El Salvador", "Juliaca", "Tingo María", "Cajamarca", "Iquitos", "Chiclayo"]
COUNTRIES = ["CO", "BO", "EC", "AR", "MX"]
BATCH = 2000


@transaction.atomic
def seed(size: int, *, judged: bool = False) -> tuple[User, Round]:
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
                status=_status(i, size) if judged else "submitted",
                submitted_at=now - timedelta(minutes=size - i),
                eligibility="eligible" if judged else rng.choice(["pending", "pending", "eligible", "ineligible"]),
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
    if judged:
        return organizer, seed_scored_round(challenge, proposals, now, rng)
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
    return organizer, round_


def _status(index: int, size: int) -> str:
    """40% selected, 20% not selected, 40% still submitted, spread through the call."""
    share = (index * 10 // size) if size >= 10 else index % 10
    return ProposalStatus.SELECTED if share < 4 else ProposalStatus.NOT_SELECTED if share < 6 else "submitted"


def seed_scored_round(challenge: Challenge, proposals: list[Proposal], now, rng: random.Random) -> Round:
    """A rubric round open until next week on the demo's 5 criteria (1 to 10): 5 jurors each submitted a review of
    the same two thirds of the proposals; the decisions on the selected and not selected ones are confirmed."""
    round_ = Round.objects.create(
        challenge=challenge, name="Preselection", starts_at=now - timedelta(days=5), ends_at=now + timedelta(days=9)
    )
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(round=round_, name=name, description=text, weight=weight, scale_max=10, position=position)
            for position, (name, text, weight) in enumerate(CRITERIA)
        ]
    )
    round_.tie_break = criteria[0]
    round_.save(update_fields=["tie_break"])
    people = User.objects.bulk_create(
        [User(email=f"juror{j}@bench.example", full_name=f"Jurado {j}") for j in range(5)]
    )
    jurors = Juror.objects.bulk_create(
        [
            Juror(
                round=round_,
                user=person,
                email=person.email,
                status="active",
                token=f"bench-{j}",
                max_load=len(proposals),
                expires_at=now + timedelta(days=9),
                accepted_at=now,
            )
            for j, person in enumerate(people)
        ]
    )
    reviewed = [p for i, p in enumerate(proposals) if i % 3 != 2]
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(round=round_, juror=juror, proposal=p, status="submitted", submitted_at=now, revision=1)
            for p in reviewed
            for juror in jurors
        ],
        batch_size=BATCH,
    )
    Score.objects.bulk_create(
        [Score(assignment=a, criterion=c, value=Decimal(rng.randint(1, 10))) for a in assignments for c in criteria],
        batch_size=5 * BATCH,
    )
    decisions = [p for p in proposals if p.status in (ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)]
    SelectionDecision.objects.bulk_create(
        [
            SelectionDecision(round=round_, proposal=p, decision=p.status, rank=rank, decided_at=now, confirmed_at=now)
            for rank, p in enumerate(decisions, start=1)
        ],
        batch_size=BATCH,
    )
    Round.objects.filter(pk=round_.pk).update(criteria_locked_at=now)
    return round_


@transaction.atomic
def seed_directories(size: int) -> None:
    """A public innovator profile for each of the call's leads, and `size` labs (the bench lab is one)."""
    rng = random.Random(-size)
    regions = [code for code, _ in PeruRegion.choices]
    leads = User.objects.filter(email__startswith="lead", email__endswith="@bench.example").order_by("pk")
    Profile.objects.bulk_create(
        [
            Profile(user=user, slug=f"persona-{user.pk}", region=rng.choice(regions), is_public=True, bio="Innovadora.")
            for user in leads.iterator()
        ],
        batch_size=BATCH,
    )
    Lab.objects.bulk_create(
        [
            Lab(
                slug=f"lab-{i}",
                name=f"Laboratorio {rng.choice(PLACES)} {i}",
                kind=rng.choice(["public", "academia", "civil_society"]),
                country="PE",
                region=rng.choice(regions),
                is_verified=i % 3 == 0,
            )
            for i in range(1, size)
        ],
        batch_size=BATCH,
    )


def signed_in_session(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    judged = "--judged" in sys.argv[2:]
    organizer, round_ = seed(int(sys.argv[1]), judged=judged)
    proposal_terms_rebuild(proposals=Proposal.objects.filter(challenge__slug=SLUG))
    if judged:
        juror = round_.jurors.select_related("user").order_by("pk").first().user
        line = [signed_in_session(organizer), signed_in_session(juror), round_.pk]
        if "--public" in sys.argv[2:]:
            seed_directories(int(sys.argv[1]))
            first = Proposal.objects.filter(challenge__slug=SLUG).order_by("number").first()
            citizen = first.members.get(role="lead").user
            # The page a citizen reads signed in is someone else's proposal: their own shows them its private side.
            other = Proposal.objects.filter(challenge__slug=SLUG).exclude(members__user=citizen).order_by("number")
            line += [signed_in_session(citizen), other.first().pk]
        print(*line)
    else:
        print(signed_in_session(organizer))
