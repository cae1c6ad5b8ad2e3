"""Copies of documents without the metadata that names their authors, for blind review.

`anonymize_document` works on bytes: it recognises the format by content (the same sniffing
as uploads) and returns a cleaned copy, or raises `DocumentNotAnonymizable`.
`stored_anonymous_copy` keeps each copy once in the original's storage, keyed by the
original's SHA-256 and `VERSION`, so a copy is built once, not on every download.

- PDF: every object reachable from the pages loses its XMP metadata and private application
  data before the pages are copied into a new file (pypdf), so none is copied along; markup
  annotations lose their author (/T); file attachments (annotations and embedded file
  streams) are removed; JPEG images lose their EXIF, GPS and XMP segments. The document
  information dictionary, the document's XMP and its embedded files stay behind with the
  catalog.
- Office Open XML (docx, xlsx, pptx): `docProps/core.xml` and `docProps/app.xml` keep only
  dates, counts and the application; `docProps/custom.xml` is dropped with its relationship
  and content type; the people of comments, tracked changes, `people.xml`, persons and
  shared-workbook revisions are blanked.
- OpenDocument (odt, ods, odp): `meta.xml` keeps only dates, counts and the generator; the
  creators and initials of annotations and tracked changes are emptied; `mimetype` stays the
  first entry, uncompressed, as the format requires.
- Images inside the archives (JPEG, PNG, WebP, GIF, TIFF, BMP) are re-encoded from their
  pixels, without EXIF, GPS, XMP or comments. Documents inside them (a chart's workbook) are
  anonymised in turn; an OLE object, an archive that is no document or a document nested
  deeper makes the whole document refused (`embedded`).
- An archive declaring more entries or inflated bytes than the configured caps is refused
  before any entry is read (`too_large`); XML is parsed without DTDs or entities (defusedxml).
- Legacy OLE2 files (doc, xls) cannot be cleaned reliably without another dependency: they
  are refused, like anything that fails to parse.

What the body says (a name in the text, a signature in an image) is out of scope.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import partial
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.minidom import parseString
from django.conf import settings
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from innovation_platform.core.documents import (
    DOC,
    ODF_MIMES,
    OLE2_MAGIC,
    PDF,
    PDF_MAGIC,
    XLS,
    ZIP_MAGIC,
    DocumentType,
    sniff_document,
)
from innovation_platform.core.images import jpeg_without_metadata, reencoded_without_metadata
from innovation_platform.core.storage import COPIES_SUFFIX

# Raise it whenever the cleaning changes, so copies kept by an older version are built again.
VERSION = 2
LEGACY_TYPES = (DOC, XLS)


class DocumentNotAnonymizable(Exception):
    """The document cannot be served in a blind round; `reason` is "legacy", "embedded" (it embeds what cannot be
    cleaned), "too_large" or "unreadable"."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class AnonymousCopy:
    content: bytes
    kind: DocumentType


def anonymize_document(data: bytes, *, embedded: bool = False) -> AnonymousCopy:
    """A copy of the document without identifying metadata, of the type its content shows. An `embedded`
    document (a chart's workbook inside a docx, say) may not embed another in turn."""
    kind = _kind(io.BytesIO(data))
    if kind is PDF:
        return AnonymousCopy(anonymize_pdf(data), kind)
    if kind in ODF_MIMES.values():
        return AnonymousCopy(anonymize_odf(data, embedded=embedded), kind)
    return AnonymousCopy(anonymize_ooxml(data, embedded=embedded), kind)


def stored_anonymous_copy(original) -> tuple:
    """The anonymous copy of a stored file (a FieldFile), opened, and its type.

    Built on the first request and saved next to the original in the same storage (so it is as private as
    the original, on any backend), under the original's SHA-256 and `VERSION`; later requests open it. A
    changed original has another hash, hence another copy; deleting the original through
    `core.storage.delete_after_commit` deletes its copies.
    """
    storage = original.storage
    with original.open("rb") as handle:
        kind = _kind(handle)
        handle.seek(0)
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        name = f"{original.name}{COPIES_SUFFIX}/{digest}-v{VERSION}.{kind.extension}"
        if not storage.exists(name):
            handle.seek(0)
            copy = anonymize_document(handle.read())
            saved = storage.save(name, ContentFile(copy.content))
            if saved != name:  # another request saved the same copy meanwhile
                storage.delete(saved)
    return storage.open(name, "rb"), kind


def _kind(handle) -> DocumentType:
    kind = sniff_document(handle)
    if kind is None:
        raise DocumentNotAnonymizable("unreadable", "not a supported document")
    if kind in LEGACY_TYPES:
        raise DocumentNotAnonymizable("legacy", "legacy OLE2 format")
    return kind


# PDF ----------------------------------------------------------------------------------------

# Keys of any object that carry metadata, an application's private data or an embedded file.
PDF_PRIVATE_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/EF")
# Annotations whose /T is a field name, not the author of a comment.
PDF_UNAUTHORED_ANNOTATIONS = ("/Widget", "/Link")
# Annotations that carry files or media (which carry their own metadata): removed.
PDF_EMBEDDING_ANNOTATIONS = ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D")
PDF_PAGE_TREE = ("/Page", "/Pages")
PDF_JPEG_FILTERS = ("/DCTDecode", ["/DCTDecode"])


def anonymize_pdf(data: bytes) -> bytes:
    """The pages, scrubbed, then copied into a new PDF without the information dictionary or the catalog."""
    # A malformed PDF can make the parser raise nearly anything: none of it may become a 500.
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentNotAnonymizable("unreadable", "encrypted PDF")
        if not len(reader.pages):
            raise DocumentNotAnonymizable("unreadable", "PDF without pages")  # an empty copy would mislead
        writer = PdfWriter()
        for page in reader.pages:
            # Scrubbed before copying: what a page refers to is copied with it, even once unreferenced.
            _pdf_scrub_page(page)
            writer.add_page(page)
        writer.metadata = None  # no /Info at all, not even pypdf's /Producer
        output = io.BytesIO()
        writer.write(output)
    except DocumentNotAnonymizable:
        raise
    except Exception as error:
        raise DocumentNotAnonymizable("unreadable", f"PDF: {error}") from error
    return output.getvalue()


def _pdf_scrub_page(page: DictionaryObject) -> None:
    """Walk everything the page refers to (never another page), removing metadata and authors."""
    seen: set[tuple[int, int]] = set()
    pending = [page]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if item is not page and item.get("/Type") in PDF_PAGE_TREE:
                continue
            for key in PDF_PRIVATE_KEYS:
                item.pop(key, None)
            if item.get("/Subtype") == "/Image" and item.get("/Filter") in PDF_JPEG_FILTERS:
                item._data = jpeg_without_metadata(item._data)  # the stream's bytes are the JPEG file
            if "/Annots" in item:
                _pdf_scrub_annotations(item)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _pdf_scrub_annotations(page: DictionaryObject) -> None:
    annotations = page["/Annots"].get_object()
    if not isinstance(annotations, ArrayObject):
        page.pop("/Annots")
        return
    kept = ArrayObject()
    for reference in annotations:
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        subtype = annotation.get("/Subtype")
        if subtype in PDF_EMBEDDING_ANNOTATIONS:
            continue
        if subtype not in PDF_UNAUTHORED_ANNOTATIONS:
            annotation.pop("/T", None)
        kept.append(reference)
    page[NameObject("/Annots")] = kept


# ZIP-based formats ----------------------------------------------------------------------------

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
ODF_META_KEPT = {"creation-date", "date", "editing-cycles", "editing-duration", "generator", "document-statistic"}

OOXML_CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
OOXML_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
OOXML_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DC = "http://purl.org/dc/elements/1.1/"
ODF_META_NS = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
LIBREOFFICE_NS = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Who wrote a comment or a tracked change, by namespace and local name, wherever they appear.
PEOPLE_ATTRIBUTES = {
    (W, "author"),  # w:ins, w:del, w:moveFrom, w:rPrChange…, w:comment
    (W, "initials"),
    (W15, "author"),  # word/people.xml
    (W15, "userId"),
    (W15, "providerId"),
}
# Attributes without a namespace that name people, on the elements that carry them.
PEOPLE_ELEMENT_ATTRIBUTES = {
    "cmAuthor": {"name", "initials"},  # ppt/commentAuthors.xml
    "author": {"name", "initials", "userId", "providerId"},  # ppt/authors.xml (modern comments)
    "person": {"displayName", "userId", "providerId"},  # xl/persons/person.xml
    "header": {"userName"},  # xl/revisions/revisionHeaders.xml
    "userInfo": {"name", "userId"},  # xl/revisions/userNames.xml
    "fileSharing": {"userName"},  # xl/workbook.xml
}
# Elements whose text is a person.
PEOPLE_ELEMENTS = {
    (DC, "creator"),  # ODF annotations and tracked changes
    (ODF_META_NS, "creator-initials"),
    (ODF_META_NS, "initial-creator"),
    (LIBREOFFICE_NS, "sender-initials"),
    (SPREADSHEET, "author"),  # xl/comments*.xml
    (None, "author"),  # the same, with the namespace left out
}
# A part is parsed only if it may hold one of these names (or is not UTF-8, where bytes would not show them).
PEOPLE_HINTS = tuple(
    {name.encode() for _namespace, name in PEOPLE_ATTRIBUTES | PEOPLE_ELEMENTS}
    | {name.encode() for name in PEOPLE_ELEMENT_ATTRIBUTES}
)
XML_SUFFIXES = (".xml", ".rels", ".vml")
EMBEDDED_MAGIC = (ZIP_MAGIC, PDF_MAGIC, OLE2_MAGIC)
INFLATE_CHUNK = 1024 * 1024


def anonymize_ooxml(data: bytes, *, embedded: bool = False) -> bytes:
    """docx, xlsx, pptx without the authors in their properties, comments and revisions."""

    def clean(name: str, content: bytes) -> bytes | None:
        if name == OOXML_CUSTOM:
            return None
        if name == "_rels/.rels":
            return _drop_elements(content, "Relationship", "Target", OOXML_CUSTOM)
        if name == "[Content_Types].xml":
            return _drop_elements(content, "Override", "PartName", "/" + OOXML_CUSTOM)
        return _clean_part(name, content, embedded=embedded)

    return _rewrite_zip(data, clean)


def anonymize_odf(data: bytes, *, embedded: bool = False) -> bytes:
    """odt, ods, odp without the authors in their metadata, annotations and tracked changes."""
    return _rewrite_zip(data, partial(_clean_part, embedded=embedded), first="mimetype")


# What is left of the properties parts, wherever they are (embedded charts and objects have their own),
# recognised by their root element: (namespace, local name) -> local names kept under the root.
PROPERTIES_KEPT = {
    (OOXML_CORE_NS, "coreProperties"): OOXML_CORE_KEPT,
    (OOXML_APP_NS, "Properties"): OOXML_APP_KEPT,
    (OOXML_CUSTOM_NS, "Properties"): set(),
}
PROPERTIES_PARTS = {"docProps/core.xml", "docProps/app.xml", "meta.xml"}  # parsed whatever they hold
PROPERTIES_HINTS = (b"core-properties", b"extended-properties", b"custom-properties", b"document-meta")


def _clean_part(name: str, content: bytes, *, embedded: bool) -> bytes:
    """Any part: XML without people, embedded documents anonymised in turn, images without metadata, the rest
    (fonts, vector drawings…) as it is."""
    if name.lower().endswith(XML_SUFFIXES):
        if name not in PROPERTIES_PARTS and not _may_name_people(content, PEOPLE_HINTS + PROPERTIES_HINTS):
            return content
        return _serialize(_without_people(_parse(content)))
    if content.startswith(EMBEDDED_MAGIC):
        return _anonymize_embedded(name, content, embedded=embedded)
    try:
        image = reencoded_without_metadata(content)
    except ValueError as error:
        raise DocumentNotAnonymizable("unreadable", f"{name}: {error}") from error
    return content if image is None else image


def _anonymize_embedded(name: str, content: bytes, *, embedded: bool) -> bytes:
    """A document inside the archive, anonymised like the archive itself. OLE objects (an Excel 97 sheet, an
    equation…), archives that are no document and deeper nesting cannot be checked: the document is refused."""
    if embedded or content.startswith(OLE2_MAGIC):
        raise DocumentNotAnonymizable("embedded", name)
    try:
        return anonymize_document(content, embedded=True).content
    except DocumentNotAnonymizable as refusal:
        if refusal.reason == "too_large":
            raise
        raise DocumentNotAnonymizable("embedded", f"{name}: {refusal}") from refusal


def _without_people(document: minidom.Document) -> minidom.Document:
    root = document.documentElement
    kept = PROPERTIES_KEPT.get((root.namespaceURI, root.localName))
    if kept is not None:
        _keep_children(root, kept)
    for meta in document.getElementsByTagNameNS(OFFICE_NS, "meta"):
        _keep_children(meta, ODF_META_KEPT)
    for element in document.getElementsByTagName("*"):
        if (element.namespaceURI, element.localName) in PEOPLE_ELEMENTS:
            for child in list(element.childNodes):
                element.removeChild(child)
        named = PEOPLE_ELEMENT_ATTRIBUTES.get(element.localName, ())
        for attribute in list(element.attributes.values()):
            if (attribute.namespaceURI, attribute.localName) in PEOPLE_ATTRIBUTES or (
                attribute.namespaceURI is None and attribute.localName in named
            ):
                attribute.value = ""
    return document


def _may_name_people(content: bytes, hints: tuple[bytes, ...]) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return True  # UTF-16 or worse: the hints would not show in the bytes
    return any(hint in content for hint in hints)


def _rewrite_zip(data: bytes, clean, *, first: str | None = None) -> bytes:
    """A new archive with every entry passed through `clean(name, bytes)` (None drops it).

    The caps on entries and inflated bytes are checked on the central directory before any entry
    is read, and the declared sizes bound each read (zipfile stops at them and checks the CRC).
    Entries keep their order and compression; `first` is written first and stored, as ODF
    requires of `mimetype`. Comments, extra fields and the archive comment are not copied.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = source.infolist()
            if len(entries) > settings.BLIND_COPY_MAX_ENTRIES:
                raise DocumentNotAnonymizable("too_large", f"{len(entries)} entries")
            if sum(entry.file_size for entry in entries) > settings.BLIND_COPY_MAX_INFLATED_BYTES:
                raise DocumentNotAnonymizable("too_large", "too large once uncompressed")
            if first is not None:
                entries.sort(key=lambda entry: entry.filename != first)  # stable: the rest keep their order
            output = io.BytesIO()
            with zipfile.ZipFile(output, "w") as target:
                for entry in entries:
                    if entry.is_dir():
                        continue
                    content = clean(entry.filename, _inflate(source, entry))
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


def _inflate(source: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """An entry read in chunks: zipfile stops at the declared size, but one `read()` would first inflate
    everything a lying entry holds."""
    chunks = []
    with source.open(entry) as handle:
        while chunk := handle.read(INFLATE_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


def _parse(content: bytes) -> minidom.Document:
    """A DOM that writes prefixes and declarations back as they came; no DTD, entity or external reference."""
    try:
        return parseString(content, forbid_dtd=True)
    except (ExpatError, ValueError, DefusedXmlException) as error:
        raise DocumentNotAnonymizable("unreadable", f"XML: {error}") from error


def _serialize(document: minidom.Document) -> bytes:
    return document.toxml(encoding="UTF-8")


def _keep_children(parent, kept: set[str]) -> None:
    """Remove the child elements of `parent` not named in `kept` (by local name)."""
    for child in list(parent.childNodes):
        if child.nodeType == child.ELEMENT_NODE and child.localName not in kept:
            parent.removeChild(child)


def _drop_elements(content: bytes, local_name: str, attribute: str, value: str) -> bytes:
    """The part without the `local_name` children whose `attribute` is `value`."""
    if value.encode() not in content:
        return content
    document = _parse(content)
    root = document.documentElement
    for child in list(root.childNodes):
        if (
            child.nodeType == child.ELEMENT_NODE
            and child.localName == local_name
            and child.getAttribute(attribute).lstrip("/") == value.lstrip("/")
        ):
            root.removeChild(child)
    return _serialize(document)
