"""Actions on a proposal's files: attachments and gallery images, in a transaction and audited.

Uploads arrive already checked (core.documents, core.images) and are stored only once
every rule has passed. Files of removed rows are deleted from storage once the transaction
commits, so a rolled-back removal never leaves a row pointing at a missing file.
"""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.documents import CleanDocument
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import GALLERY_THUMBNAIL, make_thumbnail
from innovation_platform.core.storage import delete_after_commit
from proposals.models import Attachment, GalleryImage, Proposal
from proposals.services.submission import proposal_ensure_editable

MAX_ATTACHMENTS = 10
MAX_GALLERY_IMAGES = 6


@transaction.atomic
def attachment_add(
    *, proposal: Proposal, actor: User, document: CleanDocument, now: datetime | None = None
) -> Attachment:
    """Attach a checked document, up to MAX_ATTACHMENTS per proposal."""
    proposal_ensure_editable(proposal, now=now)
    count = _lock(proposal).attachments.count()
    if count >= MAX_ATTACHMENTS:
        raise ApplicationError(
            ngettext(
                "A proposal can have at most %(limit)s attachment; remove one first.",
                "A proposal can have at most %(limit)s attachments; remove one first.",
                MAX_ATTACHMENTS,
            )
            % {"limit": MAX_ATTACHMENTS},
            field="file",
        )
    attachment = Attachment.objects.create(
        proposal=proposal,
        file=document.file,
        name=document.name,
        size=document.size,
        content_type=document.content_type,
        uploaded_by=actor,
    )
    audit_log(proposal, "proposal.attachment_added", actor=actor, attachment=attachment.pk, name=attachment.name)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User, now: datetime | None = None) -> None:
    proposal = attachment.proposal
    proposal_ensure_editable(proposal, now=now)
    delete_after_commit(attachment.file)
    audit_log(proposal, "proposal.attachment_removed", actor=actor, attachment=attachment.pk, name=attachment.name)
    attachment.delete()


@transaction.atomic
def gallery_image_add(
    *, proposal: Proposal, actor: User, image: ContentFile, alt_text: str, now: datetime | None = None
) -> GalleryImage:
    """Add a clean image (from core.images.clean_image) and its thumbnail; a description is required."""
    proposal_ensure_editable(proposal, now=now)
    alt_text = alt_text.strip()
    if not alt_text:
        raise ApplicationError(_("Describe the image for people who cannot see it."), field="alt_text")
    count = _lock(proposal).images.count()
    if count >= MAX_GALLERY_IMAGES:
        raise ApplicationError(
            ngettext(
                "A proposal can have at most %(limit)s image; remove one first.",
                "A proposal can have at most %(limit)s images; remove one first.",
                MAX_GALLERY_IMAGES,
            )
            % {"limit": MAX_GALLERY_IMAGES},
            field="image",
        )
    gallery_image = GalleryImage.objects.create(
        proposal=proposal,
        image=image,
        thumbnail=make_thumbnail(image, GALLERY_THUMBNAIL),
        alt_text=alt_text,
    )
    audit_log(proposal, "proposal.image_added", actor=actor, image=gallery_image.pk, alt_text=alt_text)
    return gallery_image


@transaction.atomic
def gallery_image_remove(*, image: GalleryImage, actor: User, now: datetime | None = None) -> None:
    proposal = image.proposal
    proposal_ensure_editable(proposal, now=now)
    delete_after_commit(image.image, image.thumbnail)
    audit_log(proposal, "proposal.image_removed", actor=actor, image=image.pk, alt_text=image.alt_text)
    image.delete()


def _lock(proposal: Proposal) -> Proposal:
    """Serialise additions to one proposal, so two uploads at once cannot pass the limit together."""
    return Proposal.objects.select_for_update().only("pk").get(pk=proposal.pk)
