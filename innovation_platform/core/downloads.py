"""How every private document leaves the platform: opened or 404, always as a download, never cached
by a shared cache nor rendered by the browser (proposal pages and blind review share it)."""

from django.core.files import File
from django.http import FileResponse, Http404


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
