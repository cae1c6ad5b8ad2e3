"""Demo juries: the finished Arequipa hackathon's complete preselection round, and the LABIC call's round still
to come.

The hackathon's round goes through the real services, at the moments of its evaluation phase (its audit trail and
stamped times are dated then): five jurors accept, the assignment gives each proposal three reviews, one juror
recuses (the proposal is reassigned), every review is submitted (most with feedback for the team), and the
selection (8 and a waitlist of 4) is proposed, confirmed and published, releasing the jurors' feedback and scores to
the teams: the proposals' statuses come from it. The LABIC call is still open, so its
round only waits, with its criteria and its jury.

Scores come from a seeded draw: each proposal has a hidden quality (the winner announced by the challenge the
highest), each juror a leniency, so the normalised ranking visibly differs from the raw one. Loading again adds
nothing: a challenge that already has its round is left alone. The services' after-commit work (invitations,
decisions e-mailed to teams) is dropped: that past never happened to real people.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from challenges.demo import EVALUATION_SLUG, LABIC_SLUG
from challenges.models import Challenge, ChallengeRole, ChallengeRoleKind, PhaseKind
from innovation_platform.accounts.demo import DEMO_DOMAIN
from innovation_platform.accounts.models import Profile, User
from innovation_platform.accounts.services import profile_slug_for
from innovation_platform.core.demo import happening_at, without_after_commit_work
from innovation_platform.core.regions import PeruRegion
from judging.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    ConflictKind,
    Criterion,
    Juror,
    Round,
    RoundMethod,
    RoundScope,
    Score,
    SelectionDecision,
    TeamFeedback,
)
from judging.services.assignment import assignment_recuse, round_assign
from judging.services.conflicts import conflicts_refresh
from judging.services.jury import jury_accept, jury_invite
from judging.services.results import results_publish
from judging.services.rounds import criterion_create, round_create, round_update
from judging.services.scoring import review_save
from judging.services.selection import selection_confirm, selection_propose
from proposals.demo.hackathon import FINISHED_SLUG, WINNER
from proposals.models import ProposalStatus

ROUND_NAME = "Preselección"
SEED = 2026
REVIEWS = 3
MAX_LOAD = 30
# (name, description, weight): the same five criteria in both challenges, scored from 1 to 10.
CRITERIA = [
    (
        "Impacto",
        "Cuánto mejora la vida de las personas beneficiarias y a cuántas alcanza en su territorio.",
        Decimal(3),
    ),
    (
        "Viabilidad",
        "Si el equipo puede construir y sostener el prototipo con el tiempo, las personas y los recursos previstos.",
        Decimal(2),
    ),
    (
        "Participación comunitaria",
        "Cómo participan las comunidades en el diseño, la prueba y el cuidado del proyecto.",
        Decimal(2),
    ),
    (
        "Innovación",
        "Qué aporta de nuevo frente a lo que ya existe en su territorio.",
        Decimal("1.5"),
    ),
    (
        "Carácter abierto y replicable",
        "Si publica código, diseños y datos con licencias libres para que otras regiones lo repliquen.",
        Decimal("1.5"),
    ),
]
SCALE = (Decimal(1), Decimal(10))
# The hackathon's other jurors: (e-mail, name, region, organization, leniency in points of the scale).
HACKATHON_JURORS = [
    (f"rzegarra@{DEMO_DOMAIN}", "Raúl Zegarra Medina", PeruRegion.AREQUIPA, "SEDAPAR", 1.6),
    (f"aticona@{DEMO_DOMAIN}", "Ana Ticona Flores", PeruRegion.TACNA, "Universidad Nacional Jorge Basadre", -1.7),
    (f"cvaldivia@{DEMO_DOMAIN}", "Carmen Valdivia Núñez", PeruRegion.AREQUIPA, "ONG Agua Viva", 0.3),
    (f"mcoaquira@{DEMO_DOMAIN}", "Miguel Coaquira Ramos", PeruRegion.MOQUEGUA, "Municipalidad de Ilo", -0.2),
]
DEMO_JUROR_LENIENCY = 0.0
RECUSING_JUROR = f"cvaldivia@{DEMO_DOMAIN}"
RECUSAL = "Asesoré a este equipo en la junta vecinal antes de la hackatón: no puedo evaluarlo con imparcialidad."
# The call judged now: two reviews per proposal, some done by the other jurors and a few by the demo juror; and its
# expo round, where jurors compare the projects in pairs.
NOW_REVIEWS = 2
NOW_DONE_BY_OTHERS = 6
NOW_DONE_BY_DEMO_JUROR = 3
EXPO_NAME = "Feria de proyectos"
# The LABIC round's invitations still waiting for an answer.
LABIC_INVITED = [f"pcondori@{DEMO_DOMAIN}", f"lcardenas@{DEMO_DOMAIN}"]
COMMENTS = {
    "high": [
        "Propuesta sólida: el equipo conoce el territorio y el prototipo es alcanzable en 48 horas.",
        "Muy buen trabajo con las juntas vecinales; recomiendo priorizarla.",
    ],
    "middle": [
        "Idea interesante, pero el plan de sostenibilidad es débil.",
        "Falta precisar quién mantendrá el prototipo después de la hackatón.",
    ],
    "low": [
        "La propuesta repite soluciones que ya existen en la ciudad.",
        "No queda claro cómo participan las personas beneficiarias.",
    ],
}
FEEDBACK = {
    "high": "Felicitaciones: el problema está bien delimitado y la solución es clara.",
    "middle": "Les sugerimos detallar el plan de mantenimiento y quién se hará cargo del prototipo.",
    "low": "Les recomendamos conversar más con las personas afectadas antes de diseñar la solución.",
}


@transaction.atomic
def seed_judging(accounts: dict[str, User], *, now: datetime | None = None) -> int:
    """The demo rounds, each created unless its challenge already has it. Returns how many were new."""
    now = now or timezone.now()
    with without_after_commit_work():
        return _seed_hackathon(accounts) + _seed_labic(accounts, now) + _seed_judged_now(accounts, now)


def _evaluation(challenge: Challenge):
    return challenge.phases.filter(kind=PhaseKind.EVALUATION).first()


def _setup_round(challenge: Challenge, organizer: User, phase) -> Round:
    """The round within the evaluation phase (from 9:00 on its first day to an hour before its end), its criteria
    and the first criterion as the tie-breaker."""
    round_ = round_create(
        challenge=challenge,
        actor=organizer,
        name=ROUND_NAME,
        position=1,
        method=RoundMethod.RUBRIC,
        scope=RoundScope.SUBMITTED,
        starts_at=phase.starts_at + timedelta(hours=9),
        ends_at=phase.ends_at - timedelta(hours=1),
        reviews_per_proposal=REVIEWS,
        is_blind=True,
        jurors_see_scores=False,
        same_lab_is_conflict=True,
        seed=SEED,
    )
    criteria = [
        criterion_create(
            round_=round_,
            actor=organizer,
            name=name,
            description=description,
            weight=weight,
            scale_min=SCALE[0],
            scale_max=SCALE[1],
        )
        for name, description, weight in CRITERIA
    ]
    return round_update(round_=round_, actor=organizer, tie_break=criteria[0])


def _invite(round_: Round, organizer: User, email: str, *, at: datetime) -> Juror:
    with happening_at(at):
        juror = jury_invite(round_=round_, actor=organizer, email=email, max_load=MAX_LOAD, now=at)
    Juror.objects.filter(pk=juror.pk).update(invited_at=at)
    return juror


def _seat(round_: Round, organizer: User, user: User, *, invited: datetime, accepted: datetime) -> Juror:
    juror = _invite(round_, organizer, user.email, at=invited)
    with happening_at(accepted):
        return jury_accept(token=juror.token, user=user, now=accepted)


def _seed_labic(accounts: dict[str, User], now: datetime) -> int:
    """The call is open: its round waits in the evaluation phase, with the demo juror on the jury and two
    invitations pending. No proposal is assigned yet (more may still arrive)."""
    challenge = Challenge.objects.filter(slug=LABIC_SLUG).first()
    phase = challenge and _evaluation(challenge)
    if phase is None or challenge.rounds.filter(name=ROUND_NAME).exists():
        return 0
    organizer = accounts["organizer"]
    with happening_at(now - timedelta(days=3)):
        round_ = _setup_round(challenge, organizer, phase)
    _seat(round_, organizer, accounts["juror"], invited=now - timedelta(days=2), accepted=now - timedelta(days=1))
    for email in LABIC_INVITED:
        _invite(round_, organizer, email, at=now - timedelta(hours=5))
    return 1


def _seed_judged_now(accounts: dict[str, User], now: datetime) -> int:
    """The call judged now: its preselection round is open, with the demo juror and two others seated and two
    reviews per proposal; the others have done about half of theirs, the demo juror three, so she has reviews to do
    today. Beside it, an expo round (pairwise) is open too, for her to walk from project to project."""
    challenge = Challenge.objects.filter(slug=EVALUATION_SLUG).first()
    phase = challenge and _evaluation(challenge)
    if phase is None or challenge.rounds.exists() or not challenge.proposals.exists():
        return 0
    organizer, juror = accounts["organizer"], accounts["juror"]
    rng = random.Random(SEED + 7)
    opened = phase.starts_at
    with happening_at(opened - timedelta(days=1)):
        round_ = _setup_round(challenge, organizer, phase)
        round_update(round_=round_, actor=organizer, reviews_per_proposal=NOW_REVIEWS)
    people = [juror, *(_juror_person(*person[:4]) for person in HACKATHON_JURORS[:2])]
    for number, person in enumerate(people):
        _seat(round_, organizer, person, invited=opened - timedelta(days=1), accepted=opened + timedelta(hours=number))
    with happening_at(round_.starts_at):
        conflicts_refresh(round_, actor=organizer)
        round_assign(round_=round_, actor=organizer)
    criteria = list(Criterion.objects.filter(round=round_))
    reviews = Assignment.objects.filter(round=round_).select_related("juror__user").order_by("juror_id", "proposal_id")
    done = {person.pk: 0 for person in people}
    for assignment in reviews:
        person = assignment.juror.user
        if done[person.pk] >= (NOW_DONE_BY_DEMO_JUROR if person == juror else NOW_DONE_BY_OTHERS):
            continue
        done[person.pk] += 1
        moment = round_.starts_at + (now - round_.starts_at) * rng.uniform(0.1, 0.9)
        base = rng.uniform(4, 9)
        level = "high" if base >= 7.5 else "low" if base < 4.5 else "middle"
        with happening_at(moment):
            review_save(
                assignment=assignment,
                actor=person,
                scores={criterion.pk: _score(base + rng.gauss(0, 0.9)) for criterion in criteria},
                comment=rng.choice(COMMENTS[level]),
                feedback=FEEDBACK[level],
                revision=assignment.revision,
                submit=True,
                now=moment,
            )
    with happening_at(opened):
        expo = round_create(
            challenge=challenge,
            actor=organizer,
            name=EXPO_NAME,
            position=2,
            method=RoundMethod.PAIRWISE,
            scope=RoundScope.SUBMITTED,
            starts_at=round_.starts_at,
            ends_at=round_.ends_at,
            reviews_per_proposal=1,
            is_blind=False,
            jurors_see_scores=False,
            same_lab_is_conflict=True,
            seed=SEED,
        )
    _seat(expo, organizer, juror, invited=opened - timedelta(days=1), accepted=opened)
    return 1


def _seed_hackathon(accounts: dict[str, User]) -> int:
    """The complete preselection round of the finished hackathon, when its proposals still await it. Each step
    happens at its moment of the evaluation phase, and the records say so."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).first()
    phase = challenge and _evaluation(challenge)
    if phase is None or challenge.rounds.filter(name=ROUND_NAME).exists():
        return 0
    proposals = challenge.proposals.filter(hidden_at=None)
    if not proposals.exists() or proposals.exclude(status=ProposalStatus.SUBMITTED).exists():
        return 0  # decided before juries existed: nothing for a round to judge
    organizer = accounts["organizer"]
    # The organizer of the LABIC lab also ran this hackathon's jury, so her account shows its results.
    ChallengeRole.objects.get_or_create(
        challenge=challenge, user=organizer, defaults={"role": ChallengeRoleKind.ORGANIZER}
    )
    rng = random.Random(SEED)
    invited = phase.starts_at - timedelta(days=5)
    with happening_at(invited - timedelta(days=1)):
        round_ = _setup_round(challenge, organizer, phase)
    leniency = {accounts["juror"].pk: DEMO_JUROR_LENIENCY}
    people = [accounts["juror"]]
    for email, name, region, organization, lenient in HACKATHON_JURORS:
        person = _juror_person(email, name, region, organization)
        leniency[person.pk] = lenient
        people.append(person)
    for number, person in enumerate(people):
        _seat(round_, organizer, person, invited=invited, accepted=invited + timedelta(hours=3 + 7 * number))
    assigned = round_.starts_at - timedelta(hours=2)
    with happening_at(assigned):
        conflicts_refresh(round_, actor=organizer)
        round_assign(round_=round_, actor=organizer)
    recused = round_.starts_at + timedelta(days=1)
    with happening_at(recused):
        _recuse(round_, now=recused)
    _score_every_review(round_, challenge, leniency, rng, after=recused)
    decided = round_.ends_at + timedelta(minutes=30)
    with happening_at(decided):
        selection_propose(round_=round_, actor=organizer)
        selection_confirm(round_=round_, actor=organizer, now=decided)
    with happening_at(decided + timedelta(minutes=5)):
        results_publish(
            round_=round_, actor=organizer, team_feedback=TeamFeedback.WITH_SCORES, now=decided + timedelta(minutes=5)
        )
    _date_records(round_, created=invited - timedelta(days=1), assigned=assigned, recused=recused, decided=decided)
    return 1


def _date_records(round_: Round, *, created: datetime, assigned: datetime, recused: datetime, decided: datetime):
    """The times the models stamp themselves, set to the moments the round replayed."""
    Round.objects.filter(pk=round_.pk).update(created_at=created)
    reviews = Assignment.objects.filter(round=round_)
    reviews.update(created_at=assigned)
    recusal = reviews.get(status=AssignmentStatus.RECUSED)
    # The review given to the juror who took the proposal over: the last one created for it.
    taken_over = reviews.filter(proposal_id=recusal.proposal_id).order_by("-pk").values_list("pk", flat=True)[0]
    reviews.filter(pk=taken_over).update(created_at=recused)
    Conflict.objects.filter(juror__round=round_, kind=ConflictKind.DECLARED).update(created_at=recused)
    Score.objects.filter(assignment__round=round_).update(
        updated_at=Subquery(Assignment.objects.filter(pk=OuterRef("assignment_id")).values("submitted_at")[:1])
    )
    SelectionDecision.objects.filter(round=round_).update(decided_at=decided)


def _juror_person(email: str, name: str, region: str, organization: str) -> User:
    """A demo juror's account (no password: nobody signs in as them) with the verified address the invitation
    needs."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "password": make_password(None)}
    )
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Profile.objects.create(user=user, slug=profile_slug_for(name), region=region, organization=organization)
    return user


def _recuse(round_: Round, *, now: datetime) -> None:
    """One juror steps back from their first review on the first day; the proposal goes to another juror."""
    assignment = (
        Assignment.objects.filter(round=round_, juror__email=RECUSING_JUROR)
        .select_related("juror__user")
        .order_by("proposal__number")
        .first()
    )
    assignment_recuse(
        assignment=assignment,
        juror_user=assignment.juror.user,
        reason=RECUSAL,
        now=now,
    )


def _score_every_review(
    round_: Round, challenge: Challenge, leniency: dict[int, float], rng: random.Random, *, after: datetime
) -> None:
    """Every review submitted during the round (`after` the recusal, before its last hour): the proposal's quality,
    the juror's leniency and some noise."""
    criteria = list(Criterion.objects.filter(round=round_))
    proposals = list(challenge.proposals.order_by("number").values_list("pk", "title"))
    quality = {pk: rng.gauss(0, 1) for pk, _title in proposals}
    quality.update({pk: max(quality.values()) + 0.8 for pk, title in proposals if title == WINNER})
    span = (round_.ends_at - after).total_seconds() - 3600
    reviews = (
        Assignment.objects.filter(round=round_)
        .exclude(status=AssignmentStatus.RECUSED)
        .select_related("juror__user")
        .order_by("juror_id", "proposal__number")
    )
    for assignment in reviews:
        base = 6 + 1.6 * quality[assignment.proposal_id] + leniency[assignment.juror.user_id]
        scores = {criterion.pk: _score(base + rng.gauss(0, 0.9)) for criterion in criteria}
        level = "high" if base >= 7.5 else "low" if base < 4.5 else "middle"
        moment = after + timedelta(seconds=rng.uniform(0, span))
        with happening_at(moment):
            review_save(
                assignment=assignment,
                actor=assignment.juror.user,
                scores=scores,
                comment=rng.choice(COMMENTS[level]) if rng.random() < 0.5 else "",
                feedback=FEEDBACK[level] if rng.random() < 0.6 else "",
                revision=assignment.revision,
                submit=True,
                now=moment,
            )


def _score(value: float) -> Decimal:
    return Decimal(min(max(round(value), int(SCALE[0])), int(SCALE[1])))
