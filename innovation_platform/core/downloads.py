"""How every private document leaves the platform: opened or 404, always as a download, never cached
by a shared cache nor rendered by the browser (proposal pages and blind review share it); and, where the authors
must stay unknown, as a copy without their names in its metadata (see core/anonymize.py)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from innovation_platform.core.anonymize import DocumentNotAnonymizable, stored_anonymous_copy

logger = logging.getLogger(__name__)


def open_or_404(file: File):
    """The stored file opened for reading; a file missing from storage is a 404, not a 500."""
    try:
        return file.open("rb")
    except FileNotFoundError:
        raise Http404 from None


def download_response(handle, name: str, *, content_type: str | None = None) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def anonymous_download(request, file: File, stem: str, *, back: str, organizer: bool) -> HttpResponse:
    """The document's anonymous copy named `stem`.<its extension>; when it cannot be made, a message (the
    organizers' says what to do about it) and a redirect to `back`, never an error."""
    try:
        copy, kind = stored_anonymous_copy(file)
    except FileNotFoundError:
        raise Http404 from None
    except DocumentNotAnonymizable as refusal:
        logger.warning("Document %s not served anonymised: %s", file.name, refusal)
        messages.error(request, _refusal_message(refusal, organizer=organizer))
        return redirect(back)
    return download_response(copy, f"{stem}.{kind.extension}", content_type=kind.mime)


def _refusal_message(refusal: DocumentNotAnonymizable, *, organizer: bool) -> str:
    if refusal.reason == "legacy":
        return _(
            "This document is in a legacy format (Word or Excel 97–2003) whose authors' details cannot be "
            "removed reliably: it is not available in blind review."
        )
    if refusal.reason == "embedded":
        return _(
            "This document embeds an object (such as an old-format spreadsheet or an equation) whose authors' "
            "details cannot be removed reliably: it is not available in blind review. The team can paste the object "
            "as a picture instead."
        )
    if refusal.reason == "too_large" and organizer:
        return _(
            "This document holds more than %(size)s or %(count)s files once uncompressed, beyond what blind review "
            "anonymises, so jurors cannot download it. Ask the team for a lighter version (images compressed, "
            "attachments split)."
        ) % {"size": filesizeformat(settings.BLIND_COPY_MAX_INFLATED_BYTES), "count": settings.BLIND_COPY_MAX_ENTRIES}
    if refusal.reason == "too_large":
        return _(
            "This document is too large once uncompressed to remove its authors' details, so it is not available "
            "in blind review. The organizers can ask the team for a lighter version."
        )
    return _(
        "This document could not be read to remove its authors' details, so it is not available in "
        "blind review. Tell the organizers if you need it."
    )
