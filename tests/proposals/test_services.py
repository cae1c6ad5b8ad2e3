from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import Question
from innovation_platform.core.errors import ApplicationError
from proposals.models import Proposal, ProposalMember, ProposalVersion
from proposals.selectors.proposals import proposal_completeness, proposal_for_editing
from proposals.services.submission import (
    EditConflict,
    proposal_save,
    proposal_start,
    proposal_submit,
    proposal_withdraw,
)
from tests.conftest import make_challenge, make_user

NOW = timezone.now()
DAY = timedelta(days=1)
COMPLETE = {
    "title": "Biohuertos escolares",
    "summary": "Huertos en colegios rurales.",
    "problem": "Anemia infantil.",
    "solution": "Huertos con riego por goteo.",
    "beneficiaries": "300 escolares de Puno.",
    "expected_impact": "Menos anemia.",
    "stage": "prototype",
    "country": "PE",
    "region": "PE-PUN",
    "licence": "cc-by",
}


@pytest.fixture
def challenge(lab):
    challenge = make_challenge(
        lab, code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 10 * DAY)}
    )
    Question.objects.create(challenge=challenge, label="¿Cuántas familias?", kind="number", required=True)
    return challenge


@pytest.fixture
def draft(challenge, citizen):
    return proposal_start(challenge=challenge, actor=citizen, title="Borrador")


def fill(proposal, actor, **data):
    question = proposal.challenge.questions.get()
    return proposal_save(
        proposal=proposal,
        actor=actor,
        expected_version=proposal.version,
        data={**COMPLETE, **data},
        tags=["agua"],
        answers={question.pk: 40},
    )


def test_each_member_gets_a_receipt_of_their_own_in_their_language(
    draft, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    ProposalMember.objects.create(proposal=draft, user=make_user("en@example.org", language="en"))
    fill(draft, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=draft, actor=citizen)

    subjects = {tuple(message.to): message.subject for message in mailoutbox}
    assert subjects == {
        ("citizen@example.org",): "Propuesta recibida: AGUA26-0001",
        ("en@example.org",): "Proposal received: AGUA26-0001",
    }


def test_completeness_lists_what_is_missing(draft):
    meter = proposal_completeness(proposal_for_editing(draft.pk))

    assert (meter["done"], meter["total"]) == (1, 10)
    assert "¿Cuántas familias?" in meter["missing"]


def test_a_complete_draft_is_submitted_once_with_a_reference_and_a_receipt(
    draft, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    fill(draft, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        first = proposal_submit(proposal=draft, actor=citizen)
        again = proposal_submit(proposal=draft, actor=citizen)  # double click

    assert (first.reference, again.reference) == ("AGUA26-0001", "AGUA26-0001")
    assert Proposal.objects.get().status == "submitted"
    assert len(mailoutbox) == 1 and "AGUA26-0001" in mailoutbox[0].subject
    assert ProposalVersion.objects.count() == 1
    draft.challenge.refresh_from_db()
    assert draft.challenge.questions_locked_at is not None


def test_incomplete_draft_is_refused_and_stays_a_draft(draft, citizen):
    with pytest.raises(ApplicationError, match="¿Cuántas familias?"):
        proposal_submit(proposal=draft, actor=citizen)

    assert Proposal.objects.get().status == "draft"


def test_second_save_from_a_stale_version_is_refused(draft, citizen):
    stale = draft.version
    fill(draft, citizen, title="Versión de Ana")

    with pytest.raises(EditConflict):
        proposal_save(
            proposal=Proposal.objects.get(),
            actor=citizen,
            expected_version=stale,
            data={"title": "Versión de Beto"},
            tags=[],
            answers={},
        )

    assert Proposal.objects.get().title == "Versión de Ana"


def test_after_the_deadline_a_draft_is_still_saved_but_not_submitted(draft, citizen):
    later = NOW + 11 * DAY
    fill(draft, citizen)
    proposal_save(
        proposal=Proposal.objects.get(),
        actor=citizen,
        expected_version=draft.version,
        data={"title": "Guardado tarde"},
        tags=[],
        answers={},
        now=later,
    )

    with pytest.raises(ApplicationError, match="cerró"):
        proposal_submit(proposal=draft, actor=citizen, now=later)
    assert Proposal.objects.get().title == "Guardado tarde"


def test_editing_a_submitted_proposal_keeps_a_version_history(draft, citizen):
    fill(draft, citizen)
    proposal_submit(proposal=draft, actor=citizen)
    proposal = Proposal.objects.get()

    proposal_save(
        proposal=proposal,
        actor=citizen,
        expected_version=proposal.version,
        data={"title": "Título mejorado"},
        tags=[],
        answers={},
    )

    assert [v.snapshot["title"] for v in ProposalVersion.objects.all()] == ["Título mejorado", "Biohuertos escolares"]


def test_the_per_person_limit_counts_submitted_proposals(challenge, citizen):
    for title in ("Uno", "Dos"):
        proposal = proposal_start(challenge=challenge, actor=citizen, title=title)
        fill(proposal, citizen, title=title)
        if title == "Uno":
            proposal_submit(proposal=proposal, actor=citizen)

    with pytest.raises(ApplicationError):
        proposal_submit(proposal=proposal, actor=citizen)

    assert sorted(Proposal.objects.values_list("title", "status")) == [("Dos", "draft"), ("Uno", "submitted")]


def test_withdraw_needs_a_reason(draft, citizen):
    with pytest.raises(ApplicationError):
        proposal_withdraw(proposal=draft, actor=citizen, reason="  ")

    proposal_withdraw(proposal=draft, actor=citizen, reason="Nos unimos a otro equipo")

    assert Proposal.objects.get().status == "withdrawn"


def test_no_new_drafts_once_the_call_closed(challenge, citizen):
    with pytest.raises(ApplicationError):
        proposal_start(challenge=challenge, actor=citizen, title="Tarde", now=NOW + 11 * DAY)


@pytest.mark.parametrize(("late", "accepted"), [(timedelta(seconds=59), True), (timedelta(seconds=61), False)])
def test_a_submission_queued_past_the_deadline_is_accepted_within_the_grace(draft, citizen, settings, late, accepted):
    settings.SUBMISSION_GRACE_SECONDS = 60
    deadline = draft.challenge.phases.get(kind="proposals").ends_at
    fill(draft, citizen)

    if accepted:
        assert proposal_submit(proposal=draft, actor=citizen, now=deadline + late).status == "submitted"
    else:
        with pytest.raises(ApplicationError, match="cerró"):
            proposal_submit(proposal=draft, actor=citizen, now=deadline + late)
        assert Proposal.objects.get().status == "draft"


def test_the_grace_does_not_open_a_call_early(draft, citizen, settings):
    settings.SUBMISSION_GRACE_SECONDS = 60
    opens = draft.challenge.phases.get(kind="proposals").starts_at
    fill(draft, citizen)

    with pytest.raises(ApplicationError):
        proposal_submit(proposal=draft, actor=citizen, now=opens - timedelta(seconds=1))
