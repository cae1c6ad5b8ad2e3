"""Proposal documents are kept out of the public media folder and served only to whoever
may see them: drafts to their team, private answers to the team and organizers."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from challenges.models import Question
from innovation_platform.labs.models import LabMembership
from judging.models import Assignment, Juror, Round
from proposals.models import Answer, Attachment, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.core.test_documents import pdf_bytes
from tests.proposals.test_public_gallery import make_proposal

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)})


@pytest.fixture
def lead(db):
    return make_user("lead@example.org")


def with_documents(proposal):
    """A PDF attachment and two file answers, one to a private question."""
    attachment = Attachment(proposal=proposal, name="Plan de trabajo.pdf", size=100, content_type="application/pdf")
    attachment.file.save("plan.pdf", ContentFile(pdf_bytes()), save=True)
    answers = {}
    for position, private in enumerate((False, True)):
        question = Question.objects.create(
            challenge=proposal.challenge,
            label=f"Archivo {position}",
            kind="file",
            is_private=private,
            position=position,
        )
        answer = Answer(proposal=proposal, question=question)
        answer.file.save(f"anexo-{position}.pdf", ContentFile(pdf_bytes()), save=True)
        answers[private] = answer
    return attachment, answers


def download(client, proposal, kind, item, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("proposals:document", args=[proposal.pk, kind, item]))


def status_of(client, proposal, kind, item, user=None) -> int:
    response = download(client, proposal, kind, item, user)
    release(response)
    return response.status_code


def release(response) -> None:
    """Read a download to its end: the test client then closes the file without closing the
    database connection, which `response.close()` would do in the middle of the test."""
    if response.streaming:
        b"".join(response.streaming_content)


def test_documents_are_stored_outside_the_public_media_folder(challenge, lead, folders):
    attachment, answers = with_documents(make_proposal(challenge, "Biohuertos", lead=lead))

    for file in (attachment.file, answers[False].file, answers[True].file):
        assert (folders / "private" / file.name).is_file()
    assert not (folders / "public").exists()


def test_a_public_proposals_attachment_is_downloaded_by_anyone_never_rendered(client, challenge, lead):
    proposal = make_proposal(challenge, "Biohuertos", lead=lead)
    attachment, _answers = with_documents(proposal)

    response = download(client, proposal, "attachment", attachment.pk)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "Plan de trabajo.pdf" in response["Content-Disposition"]
        or "Plan%20de%20trabajo.pdf" in (response["Content-Disposition"])
    )
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "private, no-store")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 404), ("citizen", 404), ("lead", 200), ("co_author", 200), ("organizer", 200), ("other", 404)],
)
def test_a_drafts_documents_are_for_its_team_and_organizers(client, challenge, lead, citizen, who, expected):
    proposal = make_proposal(challenge, "Borrador", status="draft", lead=lead)
    co_author = make_user("coautor@example.org")
    ProposalMember.objects.create(proposal=proposal, user=co_author, role="member")
    organizer = make_user("org@example.org")
    LabMembership.objects.create(lab=challenge.lab, user=organizer, role="organizer")
    other = make_user("other@example.org")
    LabMembership.objects.create(lab=make_lab("lab-otro"), user=other, role="organizer")
    attachment, answers = with_documents(proposal)
    user = {"anonymous": None, "citizen": citizen, "lead": lead, "co_author": co_author, "organizer": organizer}.get(
        who, other
    )

    for kind, item in (("attachment", attachment.pk), ("answer", answers[False].pk), ("answer", answers[True].pk)):
        assert status_of(client, proposal, kind, item, user) == expected


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 404), ("citizen", 404), ("lead", 200)])
def test_a_file_answer_to_a_private_question_stays_private_on_a_public_proposal(
    client, challenge, lead, citizen, who, expected
):
    proposal = make_proposal(challenge, "Biohuertos", lead=lead)
    _attachment, answers = with_documents(proposal)
    user = {"anonymous": None, "citizen": citizen, "lead": lead}[who]

    assert status_of(client, proposal, "answer", answers[False].pk, user) == 200
    assert status_of(client, proposal, "answer", answers[True].pk, user) == expected


def test_documents_of_another_proposal_or_unknown_kinds_are_not_found(client, challenge, lead):
    proposal = make_proposal(challenge, "Biohuertos", lead=lead)
    other = make_proposal(challenge, "Otra", lead=make_user("b@example.org"))
    attachment, _answers = with_documents(other)

    assert status_of(client, proposal, "attachment", attachment.pk) == 404
    assert status_of(client, other, "cover", attachment.pk) == 404
    assert status_of(client, other, "attachment", 999) == 404


def test_a_missing_file_on_disk_is_not_found_rather_than_an_error(client, challenge, lead, folders):
    proposal = make_proposal(challenge, "Biohuertos", lead=lead)
    attachment, _answers = with_documents(proposal)
    (folders / "private" / attachment.file.name).unlink()

    assert status_of(client, proposal, "attachment", attachment.pk) == 404


@pytest.mark.parametrize(("blind", "expected"), [(False, 200), (True, 404)])
def test_a_juror_of_an_open_round_reads_the_documents_of_a_proposal_not_shown_publicly(
    client, challenge, lead, blind, expected
):
    challenge.proposals_public = False
    challenge.save()
    proposal = make_proposal(challenge, "Biohuertos", lead=lead)
    attachment, _answers = with_documents(proposal)
    juror_user = make_user("jurado@example.org")
    round_ = Round.objects.create(
        challenge=challenge, name="Preselección", starts_at=NOW, ends_at=NOW + DAY, is_blind=blind
    )
    juror = Juror.objects.create(
        round=round_, email=juror_user.email, user=juror_user, status="active", token="t", expires_at=NOW + DAY
    )
    Assignment.objects.create(round=round_, juror=juror, proposal=proposal)

    assert status_of(client, proposal, "attachment", attachment.pk, juror_user) == expected
