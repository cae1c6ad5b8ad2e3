"""Jurors download the documents of the proposal they review: in a blind round as copies without the metadata
naming the authors and under neutral names, in an open round as uploaded; answers to private questions never."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from challenges.models import Question
from judging.models import Round
from proposals.models import Answer, Attachment
from tests.conftest import make_user
from tests.core.test_anonymize import (
    BODY,
    COMPANY,
    EMAIL,
    NAME,
    docx_with_authors,
    odt_with_authors,
    pdf_with_metadata,
)
from tests.core.test_documents import ole2_bytes
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign, make_juror

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def attach(proposal, data: bytes, name: str, content_type: str) -> Attachment:
    attachment = Attachment(proposal=proposal, name=name, size=len(data), content_type=content_type)
    attachment.file.save(f"stored.{name.rsplit('.', 1)[-1]}", ContentFile(data), save=True)
    return attachment


def file_answer(proposal, data: bytes, extension: str, *, private: bool = False, label: str = "Budget") -> Answer:
    question, _created = Question.objects.get_or_create(
        challenge=proposal.challenge, label=label, defaults={"kind": "file", "is_private": private, "position": 9}
    )
    answer = Answer(proposal=proposal, question=question)
    answer.file.save(f"stored.{extension}", ContentFile(data), save=True)
    return answer


@pytest.fixture
def documents(world):
    """The reviewed proposal's documents, each naming its author; and an attachment of another proposal."""
    proposal = world["proposals"][0]
    return {
        "pdf": attach(proposal, pdf_with_metadata(), f"{NAME} plan.pdf", PDF_MIME),
        "docx": attach(proposal, docx_with_authors(), f"Budget {NAME}.docx", DOCX_MIME),
        "odt": file_answer(proposal, odt_with_authors(), "odt"),
        "private": file_answer(proposal, pdf_with_metadata(), "pdf", private=True, label="ID card"),
        "elsewhere": attach(world["proposals"][1], pdf_with_metadata(), "other.pdf", PDF_MIME),
    }


@pytest.fixture
def review(world):
    return assign(world, world["jurors"][0], world["proposals"][0])


def get(client, assignment, kind, item, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("judging:assignment_document", args=[assignment.pk, kind, item]))


def body(response) -> bytes:
    """Read a download to its end (the test client then keeps the database connection open)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_download(response, filename: str, content_type: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "private, no-store")
    assert response["Content-Type"] == content_type
    return body(response)


def inflated(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def assert_no_trace(data: bytes) -> None:
    for text in [data] + (inflated(data) if data.startswith(b"PK") else []):
        for secret in (NAME, EMAIL, COMPANY):
            assert secret.encode() not in text


def test_blind_pdf_is_an_anonymised_copy_under_a_neutral_name(client, world, documents, review):
    data = assert_download(
        get(client, review, "attachment", documents["pdf"].pk, review.juror.user), "document-1.pdf", PDF_MIME
    )

    assert_no_trace(data)
    reader = PdfReader(io.BytesIO(data))
    assert (reader.metadata, reader.xmp_metadata) == (None, None)
    assert [page.extract_text() for page in reader.pages] == [BODY]


def test_blind_docx_is_an_anonymised_copy_with_its_text(client, world, documents, review):
    response = get(client, review, "attachment", documents["docx"].pk, review.juror.user)
    data = assert_download(response, "document-2.docx", DOCX_MIME)

    assert_no_trace(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "docProps/custom.xml" not in archive.namelist()
        assert BODY.encode() in archive.read("word/document.xml")


def test_blind_odt_answer_is_an_anonymised_copy(client, world, documents, review):
    answer = documents["odt"]
    response = get(client, review, "answer", answer.pk, review.juror.user)
    data = assert_download(response, f"answer-{answer.question_id}.odt", "application/vnd.oasis.opendocument.text")

    assert_no_trace(data)
    assert data[30:38] == b"mimetype"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert BODY.encode() in archive.read("content.xml")


def test_open_round_serves_the_original_under_its_uploaded_name(client, world, documents, review):
    world["round"].is_blind = False
    world["round"].save()

    response = get(client, review, "attachment", documents["docx"].pk, review.juror.user)

    assert response.status_code == 200
    assert NAME.replace(" ", "") in response["Content-Disposition"].replace(" ", "").replace("%20", "")
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "private, no-store")
    with documents["docx"].file.open("rb") as stored:
        assert body(response) == stored.read()  # not a fresh docx_with_authors(): its entries carry the time


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("assigned juror", 200),
        ("organizer", 200),
        ("juror of the round, not assigned", 403),
        ("juror of another round", 403),
        ("the team's lead", 403),
        ("citizen", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_download(client, world, documents, review, who, expected):
    other_round = Round.objects.create(
        challenge=world["challenge"], name="Final", starts_at=world["now"] - DAY, ends_at=world["now"] + DAY
    )
    outsider = make_juror(other_round, make_user("final@example.org", full_name="Fina Final"))
    assign({"round": other_round}, outsider, world["proposals"][0])
    user = {
        "assigned juror": review.juror.user,
        "organizer": world["organizer"],
        "juror of the round, not assigned": world["jurors"][1].user,
        "juror of another round": outsider.user,
        "the team's lead": world["leads"][0],
        "citizen": make_user("citizen@example.org"),
        "anonymous": None,
    }[who]

    for kind, item in (("attachment", documents["pdf"].pk), ("answer", documents["odt"].pk)):
        response = get(client, review, kind, item, user)
        body(response)
        assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_revoked_juror_may_no_longer_download(client, world, documents, review):
    review.juror.status = "revoked"
    review.juror.save()

    assert get(client, review, "attachment", documents["pdf"].pk, review.juror.user).status_code == 403


@pytest.mark.parametrize("blind", [True, False])
def test_answers_to_private_questions_and_other_proposals_documents_are_not_found(
    client, world, documents, review, blind
):
    world["round"].is_blind = blind
    world["round"].save()
    client.force_login(review.juror.user)
    text_answer = Answer.objects.get(proposal=world["proposals"][0], question__label="Which district?")

    assert get(client, review, "answer", documents["private"].pk).status_code == 404
    assert get(client, review, "attachment", documents["elsewhere"].pk).status_code == 404
    assert get(client, review, "answer", text_answer.pk).status_code == 404  # no file
    assert get(client, review, "image", documents["pdf"].pk).status_code == 404
    assert get(client, review, "answer", documents["pdf"].pk).status_code == 404  # an attachment's id


def test_legacy_format_is_listed_but_not_served_in_blind_rounds(client, world, review):
    legacy = attach(world["proposals"][0], ole2_bytes("WordDocument"), f"{NAME}.doc", "application/msword")
    client.force_login(review.juror.user)

    response = get(client, review, "attachment", legacy.pk)

    assert (response.status_code, response["Location"]) == (302, reverse("judging:review", args=[review.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "legacy format (Word or Excel 97–2003)" in page
    assert "not available in blind review (legacy format)" in page
    assert reverse("judging:assignment_document", args=[review.pk, "attachment", legacy.pk]) not in page
    assert NAME not in page


def test_legacy_file_answer_is_listed_but_not_linked_in_blind_rounds(client, world, review):
    legacy = file_answer(world["proposals"][0], ole2_bytes("Workbook"), "xls")
    client.force_login(review.juror.user)

    page = client.get(reverse("judging:review", args=[review.pk])).content.decode()

    assert "Not available in blind review (legacy format)" in page
    assert reverse("judging:assignment_document", args=[review.pk, "answer", legacy.pk]) not in page
    assert get(client, review, "answer", legacy.pk).status_code == 302


def test_legacy_format_is_served_as_uploaded_in_open_rounds(client, world, review):
    world["round"].is_blind = False
    world["round"].save()
    legacy = attach(world["proposals"][0], ole2_bytes("WordDocument"), "plan.doc", "application/msword")

    response = get(client, review, "attachment", legacy.pk, review.juror.user)

    assert (response.status_code, body(response)) == (200, ole2_bytes("WordDocument"))


def test_a_document_that_fails_to_parse_is_refused_with_a_message_not_an_error(client, world, review):
    broken = attach(world["proposals"][0], b"%PDF-1.7\n this is not really a PDF", "broken.pdf", PDF_MIME)
    client.force_login(review.juror.user)

    response = get(client, review, "attachment", broken.pk)

    assert (response.status_code, response["Location"]) == (302, reverse("judging:review", args=[review.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "could not be read to remove its authors' details" in page.replace("&#x27;", "'")


def test_blind_review_page_links_the_documents_without_their_uploaded_names(client, world, documents, review):
    client.force_login(review.juror.user)

    page = client.get(reverse("judging:review", args=[review.pk])).content.decode()

    for kind, key in (("attachment", "pdf"), ("attachment", "docx"), ("answer", "odt")):
        assert reverse("judging:assignment_document", args=[review.pk, kind, documents[key].pk]) in page
    assert "Document 1" in page and "Document 2" in page
    assert "Budget" in page  # the file question's label
    assert NAME not in page
    assert "ID card" not in page  # the private question
    assert reverse("proposals:document", args=[world["proposals"][0].pk, "attachment", documents["pdf"].pk]) not in page


@pytest.mark.parametrize("count", [1, 3])
def test_blind_review_page_queries_do_not_grow_with_documents(
    client, world, review, django_assert_max_num_queries, count
):
    proposal = world["proposals"][0]
    for i in range(count):
        attach(proposal, pdf_with_metadata(), f"plan-{i}.pdf", PDF_MIME)
        file_answer(proposal, odt_with_authors(), "odt", label=f"Annex {i}")
    client.force_login(review.juror.user)

    with django_assert_max_num_queries(13):
        page = client.get(reverse("judging:review", args=[review.pk])).content.decode()
    assert page.count("Download an anonymised copy") == count
