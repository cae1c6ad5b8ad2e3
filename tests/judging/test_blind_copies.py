"""Blind copies are built once per original (keyed by its SHA-256 and the anonymiser's version) and kept in the
original's storage; an archive that would inflate beyond the configured cap is refused quickly, without
inflating it, with a clear message to the juror and to the organizers."""

import hashlib
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from innovation_platform.core import anonymize
from innovation_platform.core.storage import COPIES_SUFFIX
from proposals.files import attachment_remove
from tests.core.test_documents import ole2_bytes
from tests.judging import scoring_world
from tests.judging.hostile_corpus import hostile_docx, traces
from tests.judging.scoring_world import assign
from tests.judging.test_blind_documents import DOCX_MIME, attach, body, folders  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db
world = scoring_world.world
MB = 1024 * 1024


@pytest.fixture
def review(world):
    return assign(world, world["jurors"][0], world["proposals"][0])


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Counts the copies built, through the real anonymiser."""
    calls = []
    build = anonymize.anonymize_document

    def counted(data, *, embedded=False):
        if not embedded:  # the documents inside are built with it
            calls.append(len(data))
        return build(data, embedded=embedded)

    monkeypatch.setattr(anonymize, "anonymize_document", counted)
    return calls


def stored_copies(attachment) -> list[str]:
    storage, folder = attachment.file.storage, attachment.file.name + COPIES_SUFFIX
    if not storage.exists(folder):
        return []
    return sorted(f"{folder}/{name}" for name in storage.listdir(folder)[1])


def download(client, review, attachment) -> bytes:
    client.force_login(review.juror.user)
    response = client.get(reverse("judging:assignment_document", args=[review.pk, "attachment", attachment.pk]))
    assert response.status_code == 200
    return body(response)


def test_a_second_download_serves_the_kept_copy_without_building_it_again(client, review, builds):
    attachment = attach(review.proposal, hostile_docx(), "plan.docx", DOCX_MIME)

    first = download(client, review, attachment)
    [kept] = stored_copies(attachment)
    storage = attachment.file.storage
    built_at = storage.get_modified_time(kept)
    second = download(client, review, attachment)

    assert len(builds) == 1
    assert first == second
    with storage.open(kept) as copy:
        assert copy.read() == first
    assert storage.get_modified_time(kept) == built_at
    assert stored_copies(attachment) == [kept]
    assert kept.endswith(f"-v{anonymize.VERSION}.docx")
    assert traces(first) == []


def test_a_changed_original_gets_a_new_copy(client, review, builds):
    attachment = attach(review.proposal, hostile_docx(), "plan.docx", DOCX_MIME)
    download(client, review, attachment)
    [first] = stored_copies(attachment)

    buffer = io.BytesIO(hostile_docx())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/footer1.xml", "<ftr>Second version</ftr>")
    attachment.file.save("stored.docx", ContentFile(buffer.getvalue()), save=True)
    copy = download(client, review, attachment)

    assert len(builds) == 2
    [second] = stored_copies(attachment)
    assert second != first
    assert second.rsplit("/", 1)[1] == f"{hashlib.sha256(buffer.getvalue()).hexdigest()}-v{anonymize.VERSION}.docx"
    with zipfile.ZipFile(io.BytesIO(copy)) as archive:
        assert archive.read("word/footer1.xml") == b"<ftr>Second version</ftr>"


def test_removing_the_original_removes_its_copies(client, world, review, django_capture_on_commit_callbacks):
    attachment = attach(review.proposal, hostile_docx(), "plan.docx", DOCX_MIME)
    review.proposal.status = "draft"
    review.proposal.save()
    download(client, review, attachment)
    [kept] = stored_copies(attachment)

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, actor=world["leads"][0])

    storage = attachment.file.storage
    assert not storage.exists(kept)
    assert not storage.exists(attachment.file.name)


def test_a_new_anonymiser_version_builds_the_copy_again(client, review, builds, monkeypatch):
    attachment = attach(review.proposal, hostile_docx(), "plan.docx", DOCX_MIME)
    download(client, review, attachment)

    monkeypatch.setattr(anonymize, "VERSION", anonymize.VERSION + 1)
    download(client, review, attachment)

    assert len(builds) == 2
    assert sorted(name.rsplit("-", 1)[1] for name in stored_copies(attachment)) == [
        f"v{anonymize.VERSION - 1}.docx",
        f"v{anonymize.VERSION}.docx",
    ]


# Zip bombs --------------------------------------------------------------------------------------


def padded_docx(inflated: int) -> bytes:
    """A small DOCX whose first entry is `inflated` bytes of zeros, deflated to a few hundred kilobytes."""
    buffer = io.BytesIO()
    zeros = bytes(MB)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/media/padding.bin", "w") as entry:
            for _ in range(inflated // MB):
                entry.write(zeros)
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return padded_docx(300 * MB)


def lying(data: bytes, declared: int) -> bytes:
    """The archive with its first entry's inflated size declared as `declared`, in both of its headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
    patched = bytearray(data)
    patched[22:26] = declared.to_bytes(4, "little")  # the local header's uncompressed size
    directory = data.index(b"PK\x01\x02", 30 + len(first.filename) + first.compress_size)
    patched[directory + 24 : directory + 28] = declared.to_bytes(4, "little")
    return bytes(patched)


def refusal(client, review, user, data: bytes) -> tuple:
    """Ask for the blind copy; return the response, the seconds it took and the peak of memory allocated."""
    attachment = attach(review.proposal, data, "plan.docx", DOCX_MIME)
    client.force_login(user)
    url = reverse("judging:assignment_document", args=[review.pk, "attachment", attachment.pk])
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = client.get(url)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, seconds, peak


def test_a_docx_inflating_to_hundreds_of_megabytes_is_refused_quickly_without_inflating_it(
    client, review, builds, bomb
):
    assert len(bomb) < 2 * MB

    response, seconds, peak = refusal(client, review, review.juror.user, bomb)

    assert (response.status_code, response["Location"]) == (302, reverse("judging:review", args=[review.pk]))
    assert seconds < 2
    assert peak < 20 * MB
    page = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "too large once uncompressed to remove its authors' details" in page
    assert stored_copies(review.proposal.attachments.get()) == []


def test_organizers_are_told_what_the_cap_is_and_what_to_ask_of_the_team(client, world, review, bomb):
    response, _seconds, _peak = refusal(client, review, world["organizer"], bomb)

    page = client.get(response["Location"]).content.decode()
    assert "holds more than 50.0\xa0MB or 2000 files once uncompressed" in page
    assert "Ask the team for a lighter version" in page


def test_the_cap_on_entries_is_configured(client, review, settings):
    settings.BLIND_COPY_MAX_ENTRIES = 10
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(11):
            archive.writestr(f"word/part{number}.xml", "<p/>")

    response, _seconds, _peak = refusal(client, review, review.juror.user, many.getvalue())

    assert response.status_code == 302


def test_an_entry_lying_about_its_size_is_never_inflated_beyond_what_it_declares(client, review):
    liar = lying(padded_docx(200 * MB), declared=1000)

    response, seconds, peak = refusal(client, review, review.juror.user, liar)

    assert response.status_code == 302  # its checksum fails once read to its declared end: unreadable
    assert peak < 20 * MB
    page = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "could not be read to remove its authors' details" in page


# Embedded objects -------------------------------------------------------------------------------


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "embedded",
    [ole2_bytes("Workbook"), hostile_docx()],  # the inner docx embeds a workbook: nested twice
    ids=["ole-object", "nested-twice"],
)
def test_a_document_embedding_what_cannot_be_cleaned_is_refused_with_a_message(client, review, embedded):
    data = with_entry(hostile_docx(), "word/embeddings/oleObject1.bin", embedded)

    response, _seconds, _peak = refusal(client, review, review.juror.user, data)

    assert (response.status_code, response["Location"]) == (302, reverse("judging:review", args=[review.pk]))
    page = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "embeds an object (such as an old-format spreadsheet or an equation)" in page
