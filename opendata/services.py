"""Publishing the open datasets: each one's files written once, in every format, and kept as a dated snapshot.

Files are made by the scheduled job (`manage.py opendata_publish`) or when staff ask, never per request: a download
sends a stored file. Publishing is idempotent: a dataset whose data has not changed since its latest snapshot keeps
it (same digest), so running the job twice, or twice at once, adds nothing.
"""

import gzip
import hashlib
import json
import math
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from innovation_platform.core.audit import audit_log
from innovation_platform.core.exports import csv_lines, xlsx_file
from opendata.datasets import DATASETS, TEXT_FORMATS, Dataset
from opendata.models import Snapshot
from opendata.selectors import dataset_latest


def _portable(value):
    """A value the same in every format: no NaN (JSON has none), moments as ISO 8601 with their offset in the
    platform's time zone, dates as ISO 8601."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def dataset_files(dataset: Dataset) -> tuple[int, dict[str, bytes]]:
    """The dataset's rows (read once) and its files: CSV (RFC 4180, UTF-8, through core.exports), JSON (an array of
    objects) and XLSX (core.exports, formulas neutralised). Written in the site's language, so that labels and
    pseudonyms are the same whoever asks for a publication."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [tuple(_portable(value) for value in row) for row in dataset.rows()]
        header = dataset.header
        csv_bytes = "".join(csv_lines(header, rows)).encode()
        json_bytes = json.dumps(
            [dict(zip(header, row, strict=True)) for row in rows], cls=DjangoJSONEncoder, ensure_ascii=False
        ).encode()
        with xlsx_file(header, rows, sheet=dataset.slug) as workbook:
            xlsx_bytes = workbook.read()
    return len(rows), {"csv": csv_bytes, "json": json_bytes, "xlsx": xlsx_bytes}


def _store(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def dataset_publish(dataset: Dataset, *, by=None) -> Snapshot | None:
    """Publish `dataset`: a new snapshot with its files when its data changed since the latest one (or there is
    none); None when unchanged. The files are stored before the snapshot row, which makes them current."""
    count, files = dataset_files(dataset)
    digest = hashlib.sha256(files["csv"]).hexdigest()
    latest = dataset_latest(dataset.slug)
    if latest is not None and latest.digest == digest:
        return None
    now = timezone.now()
    folder = f"opendata/{dataset.slug}/{now:%Y-%m-%d-%H%M%S}-{digest[:8]}"
    stored = {}
    for fmt, content in files.items():
        stored[fmt] = {
            "name": _store(f"{folder}/{dataset.slug}.{fmt}", content),
            "bytes": len(content),
            "gzip": _store(f"{folder}/{dataset.slug}.{fmt}.gz", gzip.compress(content, mtime=0))
            if fmt in TEXT_FORMATS
            else "",
        }
    with transaction.atomic():
        # Read again in the writing transaction: a publication run at the same time may have kept this data first.
        latest = dataset_latest(dataset.slug)
        if latest is not None and latest.digest == digest:
            names = [name for file in stored.values() for name in (file["name"], file["gzip"]) if name]
            transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
            return None
        snapshot = Snapshot.objects.create(
            dataset=dataset.slug, published_at=now, rows=count, digest=digest, files=stored, published_by=by
        )
        audit_log(snapshot, "opendata.published", actor=by, dataset=dataset.slug, rows=count)
    return snapshot


def datasets_publish(*, by=None) -> list[Snapshot]:
    """Publish every dataset; the new snapshots (none when nothing changed)."""
    return [snapshot for dataset in DATASETS.values() if (snapshot := dataset_publish(dataset, by=by))]
