"""Every copy a juror can download in a blind round, of every accepted format, as an attachment or a file answer,
carries none of its authors' names or initials, in its bytes, its inflated entries or its PDF streams, and no
photo in it keeps EXIF, GPS, XMP or comments; the copy still opens with its text."""

import io
import zipfile

import pytest
from defusedxml.minidom import parseString
from django.urls import reverse
from pypdf import PdfReader

from innovation_platform.core.documents import DOCUMENT_TYPES
from tests.judging import scoring_world
from tests.judging.hostile_corpus import BODY, CORPUS, NAME, image_metadata, readable_parts, traces
from tests.judging.scoring_world import assign
from tests.judging.test_blind_documents import attach, body, file_answer, folders  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db
world = scoring_world.world


@pytest.fixture
def review(world):
    return assign(world, world["jurors"][0], world["proposals"][0])


def downloaded(client, review, extension: str, how: str) -> bytes:
    original = CORPUS[extension]()
    proposal = review.proposal
    if how == "attachment":
        item = attach(proposal, original, f"{NAME}.{extension}", DOCUMENT_TYPES[extension].mime)
    else:
        item = file_answer(proposal, original, extension, label=f"Annex {extension}")
    client.force_login(review.juror.user)
    response = client.get(reverse("judging:assignment_document", args=[review.pk, how, item.pk]))
    assert response.status_code == 200, response.get("Location")
    assert response["Content-Type"] == DOCUMENT_TYPES[extension].mime
    return body(response)


@pytest.mark.parametrize("how", ["attachment", "answer"])
@pytest.mark.parametrize("extension", list(CORPUS))
def test_the_hostile_original_names_its_author_everywhere(extension, how):
    original = CORPUS[extension]()

    assert len(traces(original)) >= 5
    assert image_metadata(original)


@pytest.mark.parametrize("how", ["attachment", "answer"])
@pytest.mark.parametrize("extension", list(CORPUS))
def test_a_jurors_copy_names_nobody_and_keeps_no_photo_metadata(client, review, extension, how):
    copy = downloaded(client, review, extension, how)

    assert traces(copy) == []
    assert image_metadata(copy) == []


@pytest.mark.parametrize("extension", list(CORPUS))
def test_a_jurors_copy_still_opens_with_its_text(client, review, extension):
    copy = downloaded(client, review, extension, "attachment")

    if extension == "pdf":
        reader = PdfReader(io.BytesIO(copy))
        assert reader.pages[0].extract_text().strip() == BODY
        return
    parts = readable_parts(copy)
    assert any(BODY.encode() in content for content in parts.values())
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            parseString(content, forbid_dtd=True)  # still well-formed
    with zipfile.ZipFile(io.BytesIO(copy)) as archive:
        assert archive.testzip() is None
        if extension.startswith("od"):
            assert archive.infolist()[0].filename == "mimetype"
