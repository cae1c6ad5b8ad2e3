"""Attachments and gallery images of a proposal: checked by content, limited, audited."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from innovation_platform.core.models import AuditLogEntry
from proposals.models import Attachment, GalleryImage, Proposal, ProposalMember
from proposals.services.submission import proposal_start
from tests.conftest import make_challenge, make_user
from tests.core.test_documents import docx_bytes, odf_bytes, pdf_bytes, upload, zip_bytes
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft(lab, citizen):
    challenge = make_challenge(lab, visibility="published", phases={"proposals": (NOW - DAY, NOW + 10 * DAY)})
    return proposal_start(challenge=challenge, actor=citizen, title="Biohuertos")


@pytest.fixture
def lead_client(client, citizen):
    client.force_login(citizen)
    return client


def files_url(proposal) -> str:
    return reverse("proposals:files", args=[proposal.pk])


def attach(client, proposal, data: bytes, name: str):
    return client.post(files_url(proposal), {"kind": "attachment", "file": upload(data, name)})


def add_image(client, proposal, alt_text="Niñas regando el huerto", data=None):
    data = data or image_bytes("JPEG", size=(800, 600))
    return client.post(files_url(proposal), {"kind": "image", "image": upload(data, "foto.jpg"), "alt_text": alt_text})


def stored_files(media: Path) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


class TestAttachments:
    @pytest.mark.parametrize(
        ("data", "name", "content_type"),
        [
            (pdf_bytes(), "Presupuesto.pdf", "application/pdf"),
            (docx_bytes(), "Plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (odf_bytes("odt"), "Plan.odt", "application/vnd.oasis.opendocument.text"),
        ],
    )
    def test_a_document_is_stored_under_a_random_name(
        self, lead_client, draft, citizen, media, data, name, content_type
    ):
        response = attach(lead_client, draft, data, name)

        assert response.url == files_url(draft)
        attachment = Attachment.objects.get()
        extension = name.rsplit(".", 1)[1]
        assert (attachment.name, attachment.size, attachment.content_type, attachment.uploaded_by) == (
            name,
            len(data),
            content_type,
            citizen,
        )
        folder, _slash, stored = attachment.file.name.rpartition("/")
        assert folder == f"proposals/{draft.challenge_id}/{draft.pk}"
        assert stored.endswith(f".{extension}") and name not in stored
        assert (media / attachment.file.name).read_bytes() == data
        entry = AuditLogEntry.objects.filter(action="proposal.attachment_added").get()
        assert (entry.object_id, entry.actor, entry.data["name"]) == (draft.pk, citizen, name)

    @pytest.mark.parametrize(
        ("data", "name"),
        [
            (zip_bytes({"notes.txt": "hola"}), "informe.pdf"),  # a ZIP named .pdf
            (b"MZ\x90\x00\x03\x00" + b"\x00" * 300, "plan.docx"),  # a program named .docx
            (b"MZ\x90\x00\x03\x00" + b"\x00" * 300, "instalador.exe"),
            (b"just some text", "notas.txt"),
        ],
    )
    def test_unknown_and_mislabeled_files_are_refused(self, lead_client, draft, media, data, name):
        response = attach(lead_client, draft, data, name)

        assert (response.status_code, list(response.context["attachment_form"].errors)) == (200, ["file"])
        assert not Attachment.objects.exists()
        assert stored_files(media) == []

    def test_an_oversized_file_is_refused(self, lead_client, draft, media, settings):
        settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024

        response = attach(lead_client, draft, pdf_bytes() + b"%" * 2048, "grande.pdf")

        assert response.context["attachment_form"].errors["file"]
        assert not Attachment.objects.exists()
        assert stored_files(media) == []

    def test_the_number_of_attachments_is_limited(self, lead_client, draft, media, monkeypatch):
        monkeypatch.setattr("proposals.files.MAX_ATTACHMENTS", 1)
        attach(lead_client, draft, pdf_bytes(), "uno.pdf")

        response = attach(lead_client, draft, pdf_bytes(), "dos.pdf")

        assert list(response.context["attachment_form"].errors) == ["file"]
        assert list(Attachment.objects.values_list("name", flat=True)) == ["uno.pdf"]
        assert len(stored_files(media)) == 1

    def test_removing_an_attachment_deletes_its_file_after_the_commit(
        self, lead_client, draft, media, django_capture_on_commit_callbacks
    ):
        attach(lead_client, draft, pdf_bytes(), "uno.pdf")
        attachment = Attachment.objects.get()
        url = reverse("proposals:file_delete", args=[draft.pk, "attachment", attachment.pk])

        with django_capture_on_commit_callbacks(execute=True):
            response = lead_client.post(url)

        assert response.url == files_url(draft)
        assert not Attachment.objects.exists()
        assert stored_files(media) == []
        assert AuditLogEntry.objects.filter(action="proposal.attachment_removed").count() == 1


class TestGallery:
    def test_an_image_with_a_description_gets_a_thumbnail(self, lead_client, draft, citizen, media):
        response = add_image(lead_client, draft)

        assert response.url == files_url(draft)
        image = GalleryImage.objects.get()
        assert image.alt_text == "Niñas regando el huerto"
        assert image.image.name.startswith(f"proposals/{draft.challenge_id}/{draft.pk}/")
        with Image.open(media / image.thumbnail.name) as thumbnail:
            assert (thumbnail.format, thumbnail.size) == ("WEBP", (400, 300))
        assert AuditLogEntry.objects.filter(action="proposal.image_added", actor=citizen).count() == 1

    @pytest.mark.parametrize("alt_text", ["", "   "])
    def test_an_image_without_a_description_is_refused(self, lead_client, draft, media, alt_text):
        response = add_image(lead_client, draft, alt_text=alt_text)

        assert list(response.context["image_form"].errors) == ["alt_text"]
        assert not GalleryImage.objects.exists()
        assert stored_files(media) == []

    def test_a_file_that_is_not_an_image_is_refused(self, lead_client, draft, media):
        response = add_image(lead_client, draft, data=pdf_bytes())

        assert list(response.context["image_form"].errors) == ["image"]
        assert stored_files(media) == []

    def test_the_number_of_images_is_limited(self, lead_client, draft, monkeypatch):
        monkeypatch.setattr("proposals.files.MAX_GALLERY_IMAGES", 1)
        add_image(lead_client, draft, alt_text="Primera")

        response = add_image(lead_client, draft, alt_text="Segunda")

        assert list(response.context["image_form"].errors) == ["image"]
        assert list(GalleryImage.objects.values_list("alt_text", flat=True)) == ["Primera"]

    def test_removing_an_image_deletes_both_files(self, lead_client, draft, media, django_capture_on_commit_callbacks):
        add_image(lead_client, draft)
        image = GalleryImage.objects.get()
        assert len(stored_files(media)) == 2

        with django_capture_on_commit_callbacks(execute=True):
            lead_client.post(reverse("proposals:file_delete", args=[draft.pk, "image", image.pk]))

        assert not GalleryImage.objects.exists()
        assert stored_files(media) == []

    def test_the_alt_text_is_escaped(self, lead_client, draft):
        add_image(lead_client, draft, alt_text='" onerror="alert(1)')

        html = lead_client.get(files_url(draft)).content.decode()

        assert 'onerror="alert(1)' not in html
        assert "&quot; onerror=&quot;alert(1)" in html


class TestPermissions:
    def test_a_co_author_uploads_and_removes(self, client, draft):
        co_author = make_user("coautora@example.org")
        ProposalMember.objects.create(proposal=draft, user=co_author, role="member")
        client.force_login(co_author)

        attach(client, draft, pdf_bytes(), "uno.pdf")
        attachment = Attachment.objects.get()
        client.post(reverse("proposals:file_delete", args=[draft.pk, "attachment", attachment.pk]))

        assert not Attachment.objects.exists()

    def test_someone_outside_the_team_neither_sees_nor_uploads(self, client, draft, media):
        client.force_login(make_user("otra@example.org"))

        assert client.get(files_url(draft)).status_code == 404
        assert attach(client, draft, pdf_bytes(), "uno.pdf").status_code == 404
        assert stored_files(media) == []

    def test_nothing_is_deleted_through_another_proposal(self, lead_client, draft, citizen):
        attach(lead_client, draft, pdf_bytes(), "uno.pdf")
        attachment = Attachment.objects.get()
        other = proposal_start(challenge=draft.challenge, actor=citizen, title="Otra")

        response = lead_client.post(reverse("proposals:file_delete", args=[other.pk, "attachment", attachment.pk]))

        assert response.status_code == 404
        assert Attachment.objects.filter(pk=attachment.pk).exists()

    def test_an_unknown_kind_is_not_found(self, lead_client, draft):
        assert lead_client.post(reverse("proposals:file_delete", args=[draft.pk, "video", 1])).status_code == 404

    def test_a_withdrawn_proposals_files_are_frozen(self, lead_client, draft):
        Proposal.objects.filter(pk=draft.pk).update(status="withdrawn")

        assert lead_client.get(files_url(draft)).status_code == 403

    def test_files_of_a_submitted_proposal_follow_the_challenges_editing_rule(self, lead_client, draft, media):
        Proposal.objects.filter(pk=draft.pk).update(status="submitted", number=1, submitted_at=NOW)
        draft.challenge.edit_after_submit = False
        draft.challenge.save()

        response = attach(lead_client, draft, pdf_bytes(), "tarde.pdf")

        assert list(response.context["attachment_form"].errors) == ["__all__"]
        assert stored_files(media) == []
