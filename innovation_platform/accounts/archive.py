"""A person's copy of their data: a ZIP with `data.json` (every app's part, for machines) and `index.html` (the
same, readable in a browser without anything else)."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from innovation_platform.accounts.data_rights import archive_parts
from innovation_platform.accounts.models import User


def archive_data(user: User) -> dict:
    return {
        "generated_at": timezone.now().isoformat(),
        "format": "cocrea-personal-data/1",
        "parts": {part.key: part.collect(user) for part in archive_parts()},
    }


def _readable(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    return str(value)


def _rows(record: dict) -> list[tuple[str, str]]:
    return [(key.replace("_", " "), _readable(value)) for key, value in record.items()]


def archive_zip(user: User) -> bytes:
    data = archive_data(user)
    sections = []
    for part in archive_parts():
        records = data["parts"][part.key]
        records = [records] if isinstance(records, dict) else records
        sections.append({"key": part.key, "title": part.title, "records": [_rows(record) for record in records]})
    with translation.override(user.language):
        html = render_to_string(
            "accounts/data_archive.html", {"sections": sections, "generated_at": data["generated_at"], "person": user}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
        archive.writestr("index.html", html)
    return buffer.getvalue()
