"""A small network with everything the open datasets must publish and everything they must never publish.

Published: two labs; a public call whose call for proposals closed, with two proposals in it (one selected, with a
project, and a licence), a published judging round with three jurors; six innovators in Cusco who know Python.
Never published: a draft call, a call still open and a closed call whose gallery is off (their proposals), a draft
and a hidden proposal, a private answer, every e-mail and name of a person, and the one innovator in Puno with a
rare skill (a cell of one).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import Question
from innovation_platform.accounts.models import Profile
from judging.models import Assignment, Criterion, Round, Score
from projects.models import Project
from proposals.models import Answer, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging.scoring_world import make_juror

DAY = timedelta(days=1)
# Text that must appear in no dataset.
SECRETS = [
    "secret-lead@example.org",
    "Lucrecia Secreta",
    "RESPUESTA-PRIVADA",
    "Borrador secreto",
    "Propuesta oculta",
    "Propuesta en curso",
    "Propuesta reservada",
    "Reto borrador",
    "Jurado Verdadero",
    "jurado@example.org",
    "ceramica-rara",
    "PE-PUN",
]


@pytest.fixture
def network(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the published files
    now = timezone.now()
    closed = {"proposals": (now - 30 * DAY, now - 10 * DAY), "evaluation": (now - 10 * DAY, now - 2 * DAY)}
    lab = make_lab("lab-cusco", is_verified=True, verified_at=now - 40 * DAY)
    make_lab("lab-lima", region="PE-LIM", kind="academia")
    call = make_challenge(lab, "reto-agua", code="AGUA", visibility="published", phases=closed, published_at=now)
    make_challenge(lab, "reto-borrador", title="Reto borrador", phases=closed)
    still_open = make_challenge(
        lab, "reto-abierto", visibility="published", phases={"proposals": (now - DAY, now + 9 * DAY)}
    )
    reserved = make_challenge(lab, "reto-reservado", visibility="published", phases=closed, proposals_public=False)

    lead = make_user("secret-lead@example.org", full_name="Lucrecia Secreta")
    question = Question.objects.create(challenge=call, label="Presupuesto", kind="text", is_private=True)

    def proposal(challenge, number, title, **fields):
        made = Proposal.objects.create(
            challenge=challenge, number=number, title=title, **{"submitted_at": now - 20 * DAY, **fields}
        )
        ProposalMember.objects.create(proposal=made, user=lead, role="lead")
        return made

    selected = proposal(call, 1, "Agua limpia", status="selected", region="PE-CUS", licence="cc-by")
    selected.tags.add("agua")
    Answer.objects.create(proposal=selected, question=question, value="RESPUESTA-PRIVADA")
    other = proposal(call, 2, "Riego por goteo", status="not_selected", region="PE-CUS")
    proposal(call, 3, "Propuesta oculta", status="submitted", hidden_at=now, hidden_reason="spam")
    proposal(call, None, "Borrador secreto", status="draft", submitted_at=None)
    proposal(still_open, 1, "Propuesta en curso", status="submitted")
    proposal(reserved, 1, "Propuesta reservada", status="submitted")
    project = Project.objects.create(proposal=selected, challenge=call, title="Agua limpia", outcome="built")

    round_ = Round.objects.create(
        challenge=call, name="Preselección", starts_at=now - 10 * DAY, ends_at=now - 2 * DAY, results_published_at=now
    )
    criterion = Criterion.objects.create(round=round_, name="Impacto", position=1)
    jurors = [
        make_juror(round_, make_user(email, full_name=name))
        for email, name in (
            ("jurado@example.org", "Jurado Verdadero"),
            ("jurada@example.org", "Jurada Segunda"),
            ("jurade@example.org", "Jurade Tercere"),
        )
    ]
    for juror, values in zip(jurors, ((5, 3), (4, 2), (5, 1)), strict=True):
        for target, value in zip((selected, other), values, strict=True):
            assignment = Assignment.objects.create(round=round_, juror=juror, proposal=target, status="submitted")
            Score.objects.create(assignment=assignment, criterion=criterion, value=value)

    for i in range(6):
        person = make_user(f"innovadora{i}@example.org", full_name=f"Innovadora {i}")
        Profile.objects.filter(user=person).update(region="PE-CUS", is_public=i % 2 == 0)
        person.profile.skills.add("python")
    for i in range(3):
        person = make_user(f"limena{i}@example.org", full_name=f"Limeña {i}")
        Profile.objects.filter(user=person).update(region="PE-LIM")
        person.profile.skills.add("diseño")
    rare = make_user("rara@example.org", full_name="Única Persona")
    Profile.objects.filter(user=rare).update(region="PE-PUN", bio="Lucrecia Secreta")
    rare.profile.skills.add("ceramica-rara")
    return {
        "now": now,
        "lab": lab,
        "call": call,
        "selected": selected,
        "other": other,
        "project": project,
        "round": round_,
        "lead": lead,
    }
