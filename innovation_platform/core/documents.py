"""The one document pipeline attachments and file answers go through.

A document is accepted for what its bytes are, never for its name: PDF by its
`%PDF-` header; Office Open XML (docx, xlsx, pptx) as a ZIP holding
`[Content_Types].xml` and a `word/`, `xl/` or `ppt/` part; OpenDocument (odt,
ods, odp) as a ZIP whose `mimetype` entry names the format; legacy Word and
Excel as an OLE2 compound file holding a `WordDocument` or `Workbook` stream.
Only the ZIP's directory and its tiny `mimetype` entry are read, so a zip bomb
is never inflated. The stored name is random, with the extension of the type
found, so an uploaded name never reaches the file system or a URL.
"""

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class DocumentType:
    extension: str
    mime: str
    label: str


PDF = DocumentType("pdf", "application/pdf", gettext_lazy("PDF document"))
DOCX = DocumentType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    gettext_lazy("Word document"),
)
XLSX = DocumentType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", gettext_lazy("Excel spreadsheet")
)
PPTX = DocumentType(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    gettext_lazy("PowerPoint presentation"),
)
ODT = DocumentType("odt", "application/vnd.oasis.opendocument.text", gettext_lazy("OpenDocument text"))
ODS = DocumentType("ods", "application/vnd.oasis.opendocument.spreadsheet", gettext_lazy("OpenDocument spreadsheet"))
ODP = DocumentType("odp", "application/vnd.oasis.opendocument.presentation", gettext_lazy("OpenDocument presentation"))
DOC = DocumentType("doc", "application/msword", gettext_lazy("Word 97–2003 document"))
XLS = DocumentType("xls", "application/vnd.ms-excel", gettext_lazy("Excel 97–2003 spreadsheet"))

DOCUMENT_TYPES = {kind.extension: kind for kind in (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS)}
# For the file picker only: a hint, never a check.
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in DOCUMENT_TYPES)

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
ODF_MIMES = {kind.mime: kind for kind in (ODT, ODS, ODP)}
# Stream names of the legacy formats, as stored in an OLE2 directory entry (UTF-16LE).
OLE2_STREAMS = (("WordDocument", DOC), ("Workbook", XLS))
OLE2_DIRECTORY_ENTRY = 128


@dataclass(frozen=True)
class CleanDocument:
    """An accepted upload: the file to store under a random name, and what to tell people about it."""

    file: File
    name: str  # the uploaded name with the extension of the type found, to show and download
    size: int
    kind: DocumentType

    @property
    def content_type(self) -> str:
        return self.kind.mime


def document_max_bytes() -> int:
    return getattr(settings, "DOCUMENT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def clean_document(upload, *, max_bytes: int | None = None) -> CleanDocument:
    """Check an uploaded document by its content and size; raise a translated ValidationError."""
    max_bytes = max_bytes or document_max_bytes()
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    stem, claimed = _split_name(upload.name)
    kind = sniff_document(upload)
    if kind is None:
        if claimed in DOCUMENT_TYPES:
            raise ValidationError(
                _("“%(name)s” is named like a %(type)s, but its content is not one. Upload the document itself.")
                % {"name": f"{stem}.{claimed}", "type": DOCUMENT_TYPES[claimed].label},
                code="mislabeled",
            )
        raise ValidationError(
            _("Upload a PDF or an office document (Word, Excel, PowerPoint or OpenDocument)."),
            code="unsupported",
        )
    upload.seek(0)
    return CleanDocument(
        file=File(upload, name=f"{uuid.uuid4().hex}.{kind.extension}"),
        name=f"{stem}.{kind.extension}",
        size=upload.size,
        kind=kind,
    )


def sniff_document(upload) -> DocumentType | None:
    """The document type of a file's content, or None if it is none of the accepted ones."""
    upload.seek(0)
    head = upload.read(len(OLE2_MAGIC))
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(upload)
    if head == OLE2_MAGIC:
        upload.seek(0)
        return _sniff_ole2(upload.read())
    return None


def _sniff_zip(upload) -> DocumentType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mime = entry.read(100).decode("ascii", errors="replace").strip()
                return ODF_MIMES.get(mime)
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML_PARTS:
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        return None
    return None


def _sniff_ole2(data: bytes) -> DocumentType | None:
    """Find a known stream among the compound file's directory entries.

    A directory entry starts with its UTF-16LE name on a 128-byte boundary and gives the
    name's byte length (terminator included) at offset 64 and its object type (2: stream)
    at offset 66; requiring all three keeps text inside a document from matching.
    """
    for stream, kind in OLE2_STREAMS:
        name = stream.encode("utf-16-le")
        length = (len(name) + 2).to_bytes(2, "little")
        position = data.find(name)
        while position != -1:
            if (
                position % OLE2_DIRECTORY_ENTRY == 0
                and data[position + 64 : position + 66] == length
                and data[position + 66 : position + 67] == b"\x02"
            ):
                return kind
            position = data.find(name, position + 1)
    return None


def _split_name(name: str) -> tuple[str, str]:
    """The uploaded name's stem (cut to fit the model's field) and its lower-case extension."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    stem, extension = os.path.splitext(base)
    return (stem.strip() or _("document"))[:180], extension.lstrip(".").lower()
