"""Copies of documents without the metadata that names their authors, for blind review.

Pure functions on bytes: `anonymize_document` recognises the format by content (the same
sniffing as uploads) and returns a cleaned copy, or raises `DocumentNotAnonymizable`.

- PDF: the pages are copied into a new file (pypdf); the document information dictionary
  (/Author, /Creator, /Producer, /Title…) and the XMP metadata stream are not, and the
  metadata, private application data and markup-annotation authors of the copied pages and
  images are removed.
- Office Open XML (docx, xlsx, pptx): `docProps/core.xml` and `docProps/app.xml` keep only
  dates, counts and the application; `docProps/custom.xml` is dropped with its relationship
  and content type; the authors of comments and tracked changes are blanked.
- OpenDocument (odt, ods, odp): `meta.xml` keeps only dates, counts and the generator;
  the authors of annotations and tracked changes are blanked; `mimetype` stays the first
  entry, uncompressed, as the format requires.
- Legacy OLE2 files (doc, xls) cannot be cleaned reliably without another dependency: they
  are refused, like anything that fails to parse.

What the body says (a name in the text, a signature in an image) is out of scope.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from pypdf import PdfReader, PdfWriter

from innovation_platform.core.documents import DOC, ODF_MIMES, PDF, XLS, DocumentType, sniff_document

# A bound on what a ZIP may inflate to: uploads are at most a few megabytes, and a larger
# total declared size is a zip bomb or a document nobody reviews on screen.
MAX_INFLATED_BYTES = 200 * 1024 * 1024
LEGACY_TYPES = (DOC, XLS)


class DocumentNotAnonymizable(Exception):
    """The document cannot be served in a blind round; `reason` is "legacy" or "unreadable"."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class AnonymousCopy:
    content: bytes
    kind: DocumentType


def anonymize_document(data: bytes) -> AnonymousCopy:
    """A copy of the document without identifying metadata, of the type its content shows."""
    kind = sniff_document(io.BytesIO(data))
    if kind is None:
        raise DocumentNotAnonymizable("unreadable", "not a supported document")
    if kind in LEGACY_TYPES:
        raise DocumentNotAnonymizable("legacy", "legacy OLE2 format")
    if kind is PDF:
        return AnonymousCopy(anonymize_pdf(data), kind)
    if kind in ODF_MIMES.values():
        return AnonymousCopy(anonymize_odf(data), kind)
    return AnonymousCopy(anonymize_ooxml(data), kind)


# PDF ----------------------------------------------------------------------------------------

# Keys of a page or an image that carry metadata or an application's private data.
PDF_PRIVATE_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")
# Annotations whose /T is a field name, not the author of a comment.
PDF_UNAUTHORED_ANNOTATIONS = ("/Widget", "/Link")


def anonymize_pdf(data: bytes) -> bytes:
    """The pages, copied into a new PDF without the information dictionary or XMP metadata."""
    # A malformed PDF can make the parser raise nearly anything: none of it may become a 500.
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentNotAnonymizable("unreadable", "encrypted PDF")
        if not len(reader.pages):
            raise DocumentNotAnonymizable("unreadable", "PDF without pages")  # an empty copy would mislead
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            _pdf_scrub_page(page)
        writer.metadata = None  # no /Info at all, not even pypdf's /Producer
        output = io.BytesIO()
        writer.write(output)
    except DocumentNotAnonymizable:
        raise
    except Exception as error:
        raise DocumentNotAnonymizable("unreadable", f"PDF: {error}") from error
    return output.getvalue()


def _pdf_scrub_page(page) -> None:
    for key in PDF_PRIVATE_KEYS:
        page.pop(key, None)
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") not in PDF_UNAUTHORED_ANNOTATIONS:
            annotation.pop("/T", None)
    _pdf_scrub_resources(page.get("/Resources"), seen=set())


def _pdf_scrub_resources(resources, *, seen: set) -> None:
    """Remove metadata from images and forms, and from the forms those use in turn."""
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for reference in (resources.get("/XObject") or {}).values():
        xobject = reference.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        for key in PDF_PRIVATE_KEYS:
            xobject.pop(key, None)
        if xobject.get("/Subtype") == "/Form":
            _pdf_scrub_resources(xobject.get("/Resources"), seen=seen)


# ZIP-based formats ----------------------------------------------------------------------------

OOXML_CORE = "docProps/core.xml"
OOXML_APP = "docProps/app.xml"
OOXML_CUSTOM = "docProps/custom.xml"
# Local names kept in the core and extended properties: dates, counts and the application.
OOXML_CORE_KEPT = {"created", "modified", "revision", "language"}
OOXML_APP_KEPT = {
    "Application",
    "AppVersion",
    "DocSecurity",
    "ScaleCrop",
    "LinksUpToDate",
    "SharedDoc",
    "HyperlinksChanged",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "CharactersWithSpaces",
    "Lines",
    "Paragraphs",
    "Slides",
    "Notes",
    "HiddenSlides",
    "MMClips",
    "PresentationFormat",
}
ODF_META = "meta.xml"
ODF_META_KEPT = {"creation-date", "date", "editing-cycles", "editing-duration", "generator", "document-statistic"}

# Who wrote a comment or a tracked change: attributes blanked in the parts of each format.
_WORD_PEOPLE = re.compile(rb"""(\sw(?:15)?:(?:author|initials|userId)=)("[^"]*"|'[^']*')""")
_POWERPOINT_PEOPLE = re.compile(rb"""(\s(?:name|initials|userId)=)("[^"]*"|'[^']*')""")
_EXCEL_PEOPLE = re.compile(rb"""(\s(?:displayName|userId|userName)=)("[^"]*"|'[^']*')""")
_EXCEL_AUTHOR = re.compile(rb"<((?:\w+:)?author)>[^<]*</\1>")
_ODF_CREATOR = re.compile(rb"<dc:creator>[^<]*</dc:creator>")


def anonymize_ooxml(data: bytes) -> bytes:
    """docx, xlsx, pptx without the authors in their properties, comments and revisions."""

    def clean(name: str, content: bytes) -> bytes | None:
        if name == OOXML_CUSTOM:
            return None
        if name == OOXML_CORE:
            return _keep_children(content, OOXML_CORE_KEPT)
        if name == OOXML_APP:
            return _keep_children(content, OOXML_APP_KEPT)
        if name == "_rels/.rels":
            return _drop_elements(content, "Relationship", "Target", OOXML_CUSTOM)
        if name == "[Content_Types].xml":
            return _drop_elements(content, "Override", "PartName", "/" + OOXML_CUSTOM)
        if name.startswith("word/") and name.endswith(".xml"):
            return _WORD_PEOPLE.sub(rb'\1""', content)
        if name in ("ppt/commentAuthors.xml", "ppt/authors.xml"):
            return _POWERPOINT_PEOPLE.sub(rb'\1""', content)
        if name.startswith(("xl/persons/", "xl/revisions/")) and name.endswith(".xml"):
            return _EXCEL_PEOPLE.sub(rb'\1""', content)
        if name.startswith("xl/comments") and name.endswith(".xml"):
            return _EXCEL_AUTHOR.sub(rb"<\1></\1>", content)
        return content

    return _rewrite_zip(data, clean)


def anonymize_odf(data: bytes) -> bytes:
    """odt, ods, odp without the authors in their metadata, annotations and tracked changes."""

    def clean(name: str, content: bytes) -> bytes | None:
        if name == ODF_META:
            return _keep_odf_meta(content)
        if name in ("content.xml", "styles.xml"):
            return _ODF_CREATOR.sub(b"<dc:creator/>", content)
        return content

    return _rewrite_zip(data, clean, first="mimetype")


def _rewrite_zip(data: bytes, clean, *, first: str | None = None) -> bytes:
    """A new archive with every entry passed through `clean(name, bytes)` (None drops it).

    Entries keep their order and compression; `first` is written first and stored, as ODF
    requires of `mimetype`. Comments, extra fields and the archive comment are not copied.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = source.infolist()
            if sum(entry.file_size for entry in entries) > MAX_INFLATED_BYTES:
                raise DocumentNotAnonymizable("unreadable", "too large once uncompressed")
            if first is not None:
                entries.sort(key=lambda entry: entry.filename != first)  # stable: the rest keep their order
            output = io.BytesIO()
            with zipfile.ZipFile(output, "w") as target:
                for entry in entries:
                    if entry.is_dir():
                        continue
                    content = clean(entry.filename, source.read(entry))
                    if content is None:
                        continue
                    info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
                    stored = entry.filename == first or entry.compress_type == zipfile.ZIP_STORED
                    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                    info.external_attr = entry.external_attr
                    target.writestr(info, content)
    except DocumentNotAnonymizable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as error:
        raise DocumentNotAnonymizable("unreadable", f"ZIP: {error}") from error
    return output.getvalue()


def _parse(content: bytes) -> minidom.Document:
    """A DOM that writes prefixes and declarations back exactly as they came."""
    if b"<!DOCTYPE" in content:  # never in office files; refusing it keeps entity expansion out
        raise DocumentNotAnonymizable("unreadable", "XML with a document type declaration")
    try:
        return minidom.parseString(content)
    except (ExpatError, ValueError) as error:
        raise DocumentNotAnonymizable("unreadable", f"XML: {error}") from error


def _local_name(node) -> str:
    return node.nodeName.rpartition(":")[2]


def _serialize(document: minidom.Document) -> bytes:
    return document.toxml(encoding="UTF-8")


def _keep_children(content: bytes, kept: set[str]) -> bytes:
    """The root element with only the child elements named in `kept` (by local name)."""
    document = _parse(content)
    root = document.documentElement
    for child in list(root.childNodes):
        if child.nodeType == child.ELEMENT_NODE and _local_name(child) not in kept:
            root.removeChild(child)
    return _serialize(document)


def _keep_odf_meta(content: bytes) -> bytes:
    """meta.xml with only dates, counts and the generator inside `office:meta`."""
    document = _parse(content)
    for meta in document.getElementsByTagName("office:meta"):
        for child in list(meta.childNodes):
            if child.nodeType == child.ELEMENT_NODE and _local_name(child) not in ODF_META_KEPT:
                meta.removeChild(child)
    return _serialize(document)


def _drop_elements(content: bytes, local_name: str, attribute: str, value: str) -> bytes:
    """The part without the `local_name` children whose `attribute` is `value`."""
    if value.encode() not in content:
        return content
    document = _parse(content)
    root = document.documentElement
    for child in list(root.childNodes):
        if (
            child.nodeType == child.ELEMENT_NODE
            and _local_name(child) == local_name
            and child.getAttribute(attribute).lstrip("/") == value.lstrip("/")
        ):
            root.removeChild(child)
    return _serialize(document)
