"""Sending a dataset's stored files: the pages (/datos/) and the API share this. Conditional requests are answered
304 from the snapshot alone (its digest is the ETag, its time Last-Modified), and text formats go out compressed to
clients that accept gzip, from the copy stored at publication."""

from calendar import timegm

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from opendata.datasets import FORMATS, dataset_or_404, format_or_404
from opendata.models import Snapshot
from opendata.selectors import dataset_latest

LATEST_MAX_AGE = 300  # a new publication reaches caches within five minutes
SNAPSHOT_MAX_AGE = 365 * 24 * 3600  # a snapshot never changes


def snapshot_or_404(slug: str, pk: int | None = None) -> Snapshot:
    """The dataset's snapshot `pk`, or its latest one; 404 for an unknown dataset or snapshot, or none yet."""
    dataset_or_404(slug)
    snapshot = dataset_latest(slug) if pk is None else Snapshot.objects.filter(dataset=slug, pk=pk).first()
    if snapshot is None:
        raise Http404
    return snapshot


def dataset_file_response(request, slug: str, fmt: str, pk: int | None = None):
    format_or_404(fmt)
    snapshot = snapshot_or_404(slug, pk)
    stored = snapshot.files.get(fmt)
    if stored is None:
        raise Http404
    compressed = bool(stored["gzip"]) and "gzip" in request.headers.get("Accept-Encoding", "")
    published = timegm(snapshot.published_at.utctimetuple())
    headers = {
        "ETag": f'"{snapshot.digest[:32]}-{fmt}{"-gzip" if compressed else ""}"',
        "Last-Modified": http_date(published),
        "Cache-Control": f"public, max-age={SNAPSHOT_MAX_AGE if pk is not None else LATEST_MAX_AGE}",
    }
    # 304 (or 412 for a failed If-Match) without opening the file.
    response = get_conditional_response(request, etag=headers["ETag"], last_modified=published)
    if response is None:
        try:
            handle = default_storage.open(stored["gzip"] if compressed else stored["name"], "rb")
        except FileNotFoundError:
            raise Http404 from None
        name = f"{slug}-{snapshot.published_at:%Y-%m-%d}.{fmt}"
        response = FileResponse(handle, as_attachment=fmt != "json", filename=name, content_type=_content_type(fmt))
        if compressed:
            response["Content-Encoding"] = "gzip"
    for header, value in headers.items():
        response[header] = value
    if stored["gzip"]:
        patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _content_type(fmt: str) -> str:
    return f"{FORMATS[fmt]}; charset=utf-8" if fmt in ("csv", "json") else FORMATS[fmt]
