"""Blind review copies: the metadata naming a document's authors is gone, its pages and text survive."""

import io
import zipfile
from xml.dom import minidom

import pytest
from pypdf import PdfReader

from innovation_platform.core.anonymize import DocumentNotAnonymizable, anonymize_document
from innovation_platform.core.documents import sniff_document
from tests.core.test_documents import ole2_bytes, zip_bytes

NAME = "Rosa Quispe"
EMAIL = "rosa.quispe@example.org"
COMPANY = "Quispe Ingenieros"
BODY = "Water filter budget"


def pdf_with_metadata(name: str = NAME, body: str = BODY) -> bytes:
    """A one-page PDF whose information dictionary and XMP stream name the author."""
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{name}</rdf:li></rdf:Seq>'
        '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    content = f"BT /F1 18 Tf 72 720 Td ({body}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R"
        b"/Annots[8 0 R]>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Metadata/Subtype/XML/Length %d>>stream\n" % len(xmp) + xmp + b"\nendstream",
        f"<</Author({name})/Creator(Writer of {name})/Producer(LibreOffice)/Title(Proposal by {name})"
        f"/Keywords(water)/Subject(Filters)>>".encode(),
        f"<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/T({name})/Contents(Check the costs)>>".encode(),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body_ in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body_ + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R/Info 7 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f"<dc:title>Proposal by {NAME}</dc:title><dc:creator>{NAME}</dc:creator>"
    f"<cp:lastModifiedBy>{EMAIL}</cp:lastModifiedBy><cp:revision>3</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T10:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Template>C:\\Users\\rquispe\\Normal.dotm</Template><Pages>1</Pages><Company>{COMPANY}</Company>"
    f"<Manager>{NAME}</Manager><Application>Microsoft Office Word</Application></Properties>"
)
CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Owner"><vt:lpwstr>{NAME}</vt:lpwstr>'
    "</property></Properties>"
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/custom.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>"
)


def docx_with_authors() -> bytes:
    """A Word document whose properties, comments and tracked changes name the author."""
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body><w:p><w:r>'
                f'<w:t>{BODY}</w:t></w:r><w:ins w:id="1" w:author="{NAME}" w:date="2026-03-01T10:00:00Z"><w:r>'
                "<w:t> and costs</w:t></w:r></w:ins></w:p></w:body></w:document>"
            ),
            "word/comments.xml": (
                f'<w:comments {W}><w:comment w:id="0" w:author="{NAME}" w:initials="RQ">'
                "<w:p><w:r><w:t>Check the costs</w:t></w:r></w:p></w:comment></w:comments>"
            ),
            "word/people.xml": (
                f'<w15:people {W15}><w15:person w15:author="{NAME}">'
                f'<w15:presenceInfo w15:providerId="AD" w15:userId="S::{EMAIL}::1"/></w15:person></w15:people>'
            ),
            "docProps/core.xml": CORE,
            "docProps/app.xml": APP,
            "docProps/custom.xml": CUSTOM,
        }
    )


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


def odt_with_authors() -> bytes:
    """An OpenDocument text whose metadata and annotations name the author."""
    return zip_bytes(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES}><office:body>'
                f"<office:text><text:p>{BODY}<office:annotation><dc:creator>{NAME}</dc:creator>"
                "<dc:date>2026-03-01T10:00:00</dc:date><text:p>Check the costs</text:p></office:annotation>"
                "</text:p></office:text></office:body></office:document-content>"
            ),
            "meta.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NAMESPACES}><office:meta>'
                f"<meta:initial-creator>{NAME}</meta:initial-creator><dc:creator>{NAME}</dc:creator>"
                f"<dc:title>Proposal by {NAME}</dc:title>"
                f'<meta:user-defined meta:name="Company">{COMPANY}</meta:user-defined>'
                "<meta:creation-date>2026-03-01T10:00:00</meta:creation-date>"
                '<meta:document-statistic meta:page-count="1" meta:word-count="3"/>'
                "<meta:generator>LibreOffice/24.8</meta:generator>"
                "</office:meta></office:document-meta>"
            ),
            "META-INF/manifest.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'
            ),
        }
    )


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def assert_no_trace(data: bytes, *secrets: str) -> None:
    """Neither the file's bytes nor, for a ZIP, any of its inflated entries holds a secret."""
    texts = [data]
    if data.startswith(b"PK"):
        texts += entries(data).values()
    for text in texts:
        for secret in secrets or (NAME, EMAIL, COMPANY, "rquispe"):
            assert secret.encode() not in text


def test_pdf_copy_has_no_information_dictionary_xmp_or_comment_author_and_keeps_its_page():
    original = pdf_with_metadata()
    assert NAME.encode() in original

    copy = anonymize_document(original)

    assert copy.kind.extension == "pdf"
    assert_no_trace(copy.content, NAME, "LibreOffice", "Producer", "/Author", "Filters")
    reader = PdfReader(io.BytesIO(copy.content))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.trailer["/Root"]
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text() == BODY
    annotation = reader.pages[0]["/Annots"][0].get_object()
    assert (annotation["/Contents"], annotation.get("/T")) == ("Check the costs", None)


def test_docx_copy_keeps_dates_counts_and_text_without_authors_company_or_custom_properties():
    copy = anonymize_document(docx_with_authors())

    assert copy.kind.extension == "docx"
    assert_no_trace(copy.content)
    parts = entries(copy.content)
    assert "docProps/custom.xml" not in parts
    assert b"custom" not in parts["_rels/.rels"] and b"custom" not in parts["[Content_Types].xml"]
    assert b"docProps/core.xml" in parts["_rels/.rels"]  # the other relationships stay
    core = minidom.parseString(parts["docProps/core.xml"])
    assert [node.tagName for node in core.documentElement.childNodes] == ["cp:revision", "dcterms:created"]
    assert core.getElementsByTagName("dcterms:created")[0].getAttribute("xsi:type") == "dcterms:W3CDTF"
    app = minidom.parseString(parts["docProps/app.xml"])
    assert [node.tagName for node in app.documentElement.childNodes] == ["Pages", "Application"]
    document = minidom.parseString(parts["word/document.xml"])
    assert [node.firstChild.data for node in document.getElementsByTagName("w:t")] == [BODY, " and costs"]
    assert document.getElementsByTagName("w:ins")[0].getAttribute("w:author") == ""
    comment = minidom.parseString(parts["word/comments.xml"]).getElementsByTagName("w:comment")[0]
    assert (comment.getAttribute("w:author"), comment.getAttribute("w:initials")) == ("", "")
    assert sniff_document(io.BytesIO(copy.content)).extension == "docx"


def test_odt_copy_keeps_mimetype_first_and_stored_and_the_text_without_authors():
    copy = anonymize_document(odt_with_authors())

    assert copy.kind.extension == "odt"
    assert_no_trace(copy.content)
    with zipfile.ZipFile(io.BytesIO(copy.content)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert copy.content[30:38] == b"mimetype"  # right after the first local header, as readers check
    parts = entries(copy.content)
    meta = minidom.parseString(parts["meta.xml"])
    kept = [node.tagName for node in meta.getElementsByTagName("office:meta")[0].childNodes]
    assert kept == ["meta:creation-date", "meta:document-statistic", "meta:generator"]
    content = minidom.parseString(parts["content.xml"])
    assert content.getElementsByTagName("text:p")[0].firstChild.data == BODY
    assert content.getElementsByTagName("dc:creator")[0].childNodes == []
    assert sniff_document(io.BytesIO(copy.content)).extension == "odt"


def test_mimetype_is_moved_first_when_an_archive_put_it_later():
    meta = f"<office:document-meta {ODF_NAMESPACES}/>"
    original = zip_bytes({"meta.xml": meta, "mimetype": "application/vnd.oasis.opendocument.text"})

    copy = anonymize_document(original)

    with zipfile.ZipFile(io.BytesIO(copy.content)) as archive:
        assert [entry.filename for entry in archive.infolist()] == ["mimetype", "meta.xml"]
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED


def test_excel_and_powerpoint_comment_authors_are_blanked():
    xlsx = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/comments1.xml": (
                f'<comments xmlns="{SPREADSHEET}"><authors><author>{NAME}</author></authors></comments>'
            ),
            "xl/persons/person.xml": f'<personList><person displayName="{NAME}" userId="{EMAIL}"/></personList>',
        }
    )
    pptx = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": f'<p:presentation {P}><p:cNvPr id="2" name="Title 1"/></p:presentation>',
            "ppt/commentAuthors.xml": (
                f'<p:cmAuthorLst {P}><p:cmAuthor id="0" name="{NAME}" initials="RQ"/></p:cmAuthorLst>'
            ),
        }
    )

    for original in (xlsx, pptx):
        assert_no_trace(anonymize_document(original).content)
    assert b'name="Title 1"' in entries(anonymize_document(pptx).content)["ppt/presentation.xml"]  # shapes keep theirs


@pytest.mark.parametrize("stream", ["WordDocument", "Workbook"])
def test_legacy_office_files_are_refused_as_legacy(stream):
    with pytest.raises(DocumentNotAnonymizable) as caught:
        anonymize_document(ole2_bytes(stream))
    assert caught.value.reason == "legacy"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n garbage",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n",  # no pages: an empty copy would mislead
        zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "docProps/core.xml": "<oops"}),
        zip_bytes(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": "<w/>",
                "docProps/core.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            }
        ),
        b"PK\x03\x04" + b"\x00" * 40,
        b"plain text",
    ],
    ids=["broken-pdf", "pdf-without-pages", "broken-core-xml", "xml-with-entities", "broken-zip", "not-a-document"],
)
def test_documents_that_fail_to_parse_are_refused_as_unreadable(data):
    with pytest.raises(DocumentNotAnonymizable) as caught:
        anonymize_document(data)
    assert caught.value.reason == "unreadable"


def test_an_archive_inflating_beyond_the_configured_cap_is_refused_as_too_large(settings):
    settings.BLIND_COPY_MAX_INFLATED_BYTES = 1000
    with pytest.raises(DocumentNotAnonymizable) as caught:
        anonymize_document(zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "x" * 2000}))
    assert caught.value.reason == "too_large"
