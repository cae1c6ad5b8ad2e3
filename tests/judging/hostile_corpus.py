"""A hostile corpus for blind review: documents of every accepted format that name their author everywhere an
office suite or a PDF tool puts a person (properties, XMP at every level, comments, tracked changes, people
lists, embedded files) and embed photos carrying EXIF artist, copyright, GPS, XMP and comments.

Built here with the standard library, Pillow and hand-written PDF objects, so every hiding place is known;
`traces` finds any of SECRETS in a copy: in its bytes, its inflated ZIP entries and its decoded PDF streams.
"""

import io
import zipfile
import zlib

from PIL import Image, PngImagePlugin
from pypdf import PdfReader
from pypdf.generic import StreamObject

NAME = "Rosa Quispe Xauxa"
INITIALS = "RQX"
EMAIL = "rosa.xauxa@example.org"
COMPANY = "Xauxa Ingenieros"
SECRETS = (NAME, INITIALS, EMAIL, COMPANY, "Quispe", "Xauxa")
BODY = "Water filter budget"
GPS_IFD = 0x8825


def photo_jpeg() -> bytes:
    """A JPEG whose EXIF names the artist and the copyright holder and tells where it was taken, with XMP and a
    comment naming the author too."""
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = f"Copyright {COMPANY}"  # Copyright
    exif[0x9C9D] = NAME.encode("utf-16-le")  # XPAuthor (Windows)
    exif[GPS_IFD] = {1: "S", 2: (12.0, 2.0, 45.0), 3: "W", 4: (77.0, 1.0, 42.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(
        buffer, "JPEG", exif=exif, xmp=xmp(NAME), comment=f"Photo by {NAME}".encode()
    )
    return buffer.getvalue()


def thumbnail_png() -> bytes:
    """A PNG thumbnail with text chunks naming the author."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME)
    info.add_itxt("Copyright", COMPANY)
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 200, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def xmp(creator: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq>'
        '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def archive(entries: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries.items():
            stored = name == "mimetype"  # ODF wants it first and uncompressed
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return buffer.getvalue()


# PDF ------------------------------------------------------------------------------------------


def pdf_stream(dictionary: bytes, data: bytes, *, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        dictionary += b"/Filter/FlateDecode"
    return b"<<" + dictionary + b"/Length %d>>stream\n" % len(data) + data + b"\nendstream"


def hostile_pdf() -> bytes:
    """One page naming the author in the information dictionary (UTF-16), the document's XMP (compressed), the
    page's XMP, an image's and a form field's XMP, a page's private data, a comment's author, a file
    attachment annotation, the catalog's embedded files and a photo's EXIF, GPS and XMP."""
    author_utf16 = (b"\xfe\xff" + NAME.encode("utf-16-be")).hex().encode()
    content = (
        b"BT /F1 18 Tf 72 720 Td (" + BODY.encode() + b") Tj ET q 24 0 0 16 72 600 cm /Im1 Do Q"
        b" q 24 0 0 16 72 560 cm /Photo Do Q"
    )
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R/Names<</EmbeddedFiles<</Names[(notes.txt) 10 0 R]>>>>"
        b"/AcroForm<</Fields[12 0 R]>>>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]"
        b"/Resources<</Font<</F1 4 0 R>>/XObject<</Im1 14 0 R/Photo 17 0 R>>>>"
        b"/Contents 5 0 R/Annots[8 0 R 11 0 R 12 0 R]/Metadata 9 0 R/PieceInfo<</Writer<</Private("
        + COMPANY.encode()
        + b")>>>>>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        pdf_stream(b"", content),
        pdf_stream(b"/Type/Metadata/Subtype/XML", xmp(NAME), compress=True),
        b"<</Author<" + author_utf16 + b">/Creator(" + COMPANY.encode() + b")/Title(" + EMAIL.encode() + b")>>",
        b"<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/T(" + NAME.encode() + b")/Contents(Check the costs)>>",
        pdf_stream(b"/Type/Metadata/Subtype/XML", xmp(f"{NAME} page")),
        b"<</Type/Filespec/F(" + INITIALS.encode() + b".txt)/EF<</F 13 0 R>>>>",
        b"<</Type/Annot/Subtype/FileAttachment/Rect[40 10 60 30]/FS 10 0 R/T(" + NAME.encode() + b")>>",
        b"<</Type/Annot/Subtype/Widget/FT/Tx/T(applicant)/Rect[72 500 300 520]/P 3 0 R/Metadata 16 0 R>>",
        pdf_stream(b"/Type/EmbeddedFile", f"Notes by {NAME}".encode()),
        pdf_stream(
            b"/Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Metadata 15 0 R",
            b"\x80",
        ),
        pdf_stream(b"/Type/Metadata/Subtype/XML", xmp(f"{NAME} image")),
        pdf_stream(b"/Type/Metadata/Subtype/XML", xmp(f"{NAME} field")),
        pdf_stream(
            b"/Type/XObject/Subtype/Image/Width 24/Height 16/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/DCTDecode",
            photo_jpeg(),
        ),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R/Info 7 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# Office Open XML ------------------------------------------------------------------------------

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def relationships(*targets: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>'
        for number, (kind, target) in enumerate(targets, start=1)
    )
    return f'{DECLARATION}<Relationships xmlns="{RELATIONSHIPS}">{items}</Relationships>'


def content_types(*overrides: tuple[str, str]) -> str:
    items = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    return (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        '<Override PartName="/docProps/custom.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>{items}</Types>'
    )


def package_parts(main: str, main_type: str) -> dict[str, str | bytes]:
    """What every OOXML package carries: relationships, properties naming the author, a thumbnail photo."""
    return {
        "_rels/.rels": relationships(
            (f"{OFFICE_RELATIONSHIP}/officeDocument", main),
            (
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            (f"{OFFICE_RELATIONSHIP}/extended-properties", "docProps/app.xml"),
            (f"{OFFICE_RELATIONSHIP}/custom-properties", "docProps/custom.xml"),
            (
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
                "docProps/thumbnail.jpeg",
            ),
        ),
        "docProps/core.xml": (
            f"{DECLARATION}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>Proposal by {NAME}</dc:title><dc:creator>{NAME}</dc:creator>"
            f"<cp:lastModifiedBy>{EMAIL}</cp:lastModifiedBy><cp:keywords>{INITIALS}</cp:keywords>"
            "<cp:revision>3</cp:revision>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T10:00:00Z</dcterms:created></cp:coreProperties>'
        ),
        "docProps/app.xml": (
            f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Template>C:\\Users\\Xauxa\\Normal.dotm</Template><Company>{COMPANY}</Company><Manager>{NAME}</Manager>"
            "<Application>Microsoft Office</Application></Properties>"
        ),
        "docProps/custom.xml": (
            f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
            f"<vt:lpwstr>{NAME}</vt:lpwstr></property></Properties>"
        ),
        "docProps/thumbnail.jpeg": photo_jpeg(),
        "[Content_Types].xml": content_types((f"/{main}", main_type)),
    }


def hostile_docx() -> bytes:
    """Tracked insertions, deletions, moves and formatting changes, comments and people naming the author (one
    change under an unusual prefix), a photo, and an embedded workbook (a chart's data) naming them too."""
    document = (
        f'{DECLARATION}<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:o="{W}"><w:body>'
        f'<w:p><w:r><w:t>{BODY}</w:t></w:r><w:ins w:id="1" w:author="{NAME}" w:date="2026-03-01T10:00:00Z">'
        f'<w:r><w:t> and costs</w:t></w:r></w:ins><w:del w:id="2" w:author="{NAME}"><w:r><w:delText>old'
        f'</w:delText></w:r></w:del><o:ins o:id="3" o:author="{INITIALS}"><w:r><w:t>!</w:t></w:r></o:ins></w:p>'
        f'<w:p><w:moveFrom w:id="4" w:author="{EMAIL}"/><w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="{NAME}">'
        '<w:rPr/></w:rPrChange></w:rPr><w:commentReference w:id="0"/></w:r>'
        '<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId3"/>'
        "</w:drawing></w:r></w:p></w:body></w:document>"
    )
    parts = package_parts(
        "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    parts |= {
        "word/document.xml": document,
        "word/_rels/document.xml.rels": relationships(
            (f"{OFFICE_RELATIONSHIP}/comments", "comments.xml"),
            ("http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
            (f"{OFFICE_RELATIONSHIP}/image", "media/image1.jpeg"),
        ),
        "word/comments.xml": (
            f'{DECLARATION}<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{NAME}" w:initials="{INITIALS}" '
            'w:date="2026-03-01T10:00:00Z"><w:p><w:r><w:t>Check the costs</w:t></w:r></w:p></w:comment></w:comments>'
        ),
        "word/people.xml": (
            f'{DECLARATION}<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            f'<w15:person w15:author="{NAME}"><w15:presenceInfo w15:providerId="AD" w15:userId="S::{EMAIL}::1"/>'
            "</w15:person></w15:people>"
        ),
        "word/media/image1.jpeg": photo_jpeg(),
        # A chart's data: a whole workbook, with its own properties, comments and photo.
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": hostile_xlsx(),
    }
    return archive(parts)


SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def hostile_xlsx() -> bytes:
    """Legacy and threaded comments, persons, shared-workbook revisions and sharing naming the author, a photo."""
    parts = package_parts(
        "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    parts |= {
        "xl/workbook.xml": (
            f'{DECLARATION}<workbook xmlns="{SPREADSHEET}" xmlns:r="{R}"><fileSharing userName="{NAME}"/>'
            '<sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": relationships(
            (f"{OFFICE_RELATIONSHIP}/worksheet", "worksheets/sheet1.xml"),
            ("http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml"),
            (f"{OFFICE_RELATIONSHIP}/revisionHeaders", "revisions/revisionHeaders.xml"),
            (f"{OFFICE_RELATIONSHIP}/usernames", "revisions/userNames.xml"),
        ),
        "xl/worksheets/sheet1.xml": (
            f'{DECLARATION}<worksheet xmlns="{SPREADSHEET}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            f"{BODY}</t></is></c></row></sheetData></worksheet>"
        ),
        "xl/worksheets/_rels/sheet1.xml.rels": relationships(
            (f"{OFFICE_RELATIONSHIP}/comments", "../comments1.xml"),
            (f"{OFFICE_RELATIONSHIP}/image", "../media/image1.jpeg"),
        ),
        "xl/comments1.xml": (
            f'{DECLARATION}<comments xmlns="{SPREADSHEET}"><authors><author>{NAME}</author><author>{INITIALS}'
            '</author></authors><commentList><comment ref="A1" authorId="0"><text><t>Check the costs</t></text>'
            "</comment></commentList></comments>"
        ),
        "xl/persons/person.xml": (
            f'{DECLARATION}<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            f'<person displayName="{NAME}" id="{{1}}" userId="{EMAIL}" providerId="AD"/></personList>'
        ),
        "xl/revisions/revisionHeaders.xml": (
            f'{DECLARATION}<headers xmlns="{SPREADSHEET}" guid="{{1}}"><header guid="{{2}}" '
            f'dateTime="2026-03-01T10:00:00" userName="{NAME}"/></headers>'
        ),
        "xl/revisions/userNames.xml": (
            f'{DECLARATION}<users xmlns="{SPREADSHEET}"><userInfo guid="{{3}}" name="{NAME}" id="1"/></users>'
        ),
        "xl/media/image1.jpeg": photo_jpeg(),
    }
    return archive(parts)


def hostile_pptx() -> bytes:
    """Legacy and modern comment authors with initials, a photo on the slide."""
    presentation = "http://schemas.openxmlformats.org/presentationml/2006/main"
    parts = package_parts(
        "ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    )
    parts |= {
        "ppt/presentation.xml": f'{DECLARATION}<p:presentation xmlns:p="{presentation}"/>',
        "ppt/slides/slide1.xml": (
            f'{DECLARATION}<p:sld xmlns:p="{presentation}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/></p:nvSpPr><p:txBody><a:p><a:r><a:t>'
            f"{BODY}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        ),
        "ppt/commentAuthors.xml": (
            f'{DECLARATION}<p:cmAuthorLst xmlns:p="{presentation}"><p:cmAuthor id="0" name="{NAME}" '
            f'initials="{INITIALS}" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
        ),
        "ppt/authors.xml": (
            f'{DECLARATION}<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
            f'<p188:author id="{{1}}" name="{NAME}" initials="{INITIALS}" userId="{EMAIL}" providerId="AD"/>'
            "</p188:authorLst>"
        ),
        "ppt/comments/comment1.xml": (
            f'{DECLARATION}<p:cmLst xmlns:p="{presentation}"><p:cm authorId="0" idx="1"><p:text>Check the costs'
            "</p:text></p:cm></p:cmLst>"
        ),
        "ppt/media/image1.jpeg": photo_jpeg(),
    }
    return archive(parts)


# OpenDocument ---------------------------------------------------------------------------------

ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:officeooo="http://openoffice.org/2009/office" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3"'
)
ANNOTATION = (
    f"<dc:creator>{NAME}</dc:creator><dc:date>2026-03-01T10:00:00</dc:date>"
    f"<meta:creator-initials>{INITIALS}</meta:creator-initials><text:p>Check the costs</text:p>"
)
CHANGE_INFO = (
    f"<office:change-info><dc:creator>{NAME}</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info>"
)
PHOTO_FRAME = '<draw:frame><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame>'


def odf_meta() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NAMESPACES}><office:meta>'
        f"<meta:initial-creator>{NAME}</meta:initial-creator><dc:creator>{NAME}</dc:creator>"
        f"<dc:title>Proposal by {NAME}</dc:title><meta:keyword>{INITIALS}</meta:keyword>"
        f'<meta:user-defined meta:name="Company">{COMPANY}</meta:user-defined>'
        f'<meta:template xlink:href="file:///home/xauxa/plantilla.ott" xlink:title="{EMAIL}"/>'
        "<meta:creation-date>2026-03-01T10:00:00</meta:creation-date>"
        '<meta:document-statistic meta:page-count="1"/><meta:generator>LibreOffice/24.8</meta:generator>'
        "</office:meta></office:document-meta>"
    )


def odf(mime: str, body: str, *, extra: dict[str, str | bytes] | None = None) -> bytes:
    return archive(
        {
            "mimetype": mime,
            "content.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES}><office:body>'
                f"{body}</office:body></office:document-content>"
            ),
            "meta.xml": odf_meta(),
            "Pictures/photo.jpg": photo_jpeg(),
            "Thumbnails/thumbnail.png": thumbnail_png(),
            "META-INF/manifest.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/></manifest:manifest>'
            ),
        }
        | (extra or {})
    )


def hostile_odt() -> bytes:
    """An annotation with creator and initials, tracked insertion and deletion, a photo, and an embedded
    object (a chart) with its own metadata."""
    body = (
        "<office:text><text:tracked-changes>"
        f'<text:changed-region text:id="ct1"><text:insertion>{CHANGE_INFO}</text:insertion></text:changed-region>'
        f'<text:changed-region text:id="ct2"><text:deletion>{CHANGE_INFO}<text:p>old</text:p></text:deletion>'
        "</text:changed-region></text:tracked-changes>"
        f'<text:p><text:change-start text:change-id="ct1"/>{BODY}<text:change-end text:change-id="ct1"/>'
        f"<office:annotation>{ANNOTATION}</office:annotation>{PHOTO_FRAME}</text:p></office:text>"
    )
    return odf("application/vnd.oasis.opendocument.text", body, extra={"Object 1/meta.xml": odf_meta()})


def hostile_ods() -> bytes:
    """A cell annotation, a tracked cell change, a photo."""
    body = (
        "<office:spreadsheet><table:tracked-changes>"
        f'<table:cell-content-change table:id="ct1"><table:cell-address table:column="0" table:row="0" '
        f'table:table="0"/>{CHANGE_INFO}<table:previous><table:change-track-table-cell/></table:previous>'
        '</table:cell-content-change></table:tracked-changes><table:table table:name="Budget"><table:table-row>'
        f"<table:table-cell><text:p>{BODY}</text:p><office:annotation>{ANNOTATION}</office:annotation>"
        f"</table:table-cell></table:table-row></table:table><table:shapes>{PHOTO_FRAME}</table:shapes>"
        "</office:spreadsheet>"
    )
    return odf("application/vnd.oasis.opendocument.spreadsheet", body)


def hostile_odp() -> bytes:
    """A slide comment (LibreOffice's annotation, with LibreOffice's initials too), a photo."""
    body = (
        f'<office:presentation><draw:page draw:name="page1"><draw:frame><draw:text-box><text:p>{BODY}</text:p>'
        f"</draw:text-box></draw:frame>{PHOTO_FRAME}<officeooo:annotation>{ANNOTATION}"
        f"<loext:sender-initials>{INITIALS}</loext:sender-initials></officeooo:annotation></draw:page>"
        "</office:presentation>"
    )
    return odf("application/vnd.oasis.opendocument.presentation", body)


CORPUS = {
    "pdf": hostile_pdf,
    "docx": hostile_docx,
    "xlsx": hostile_xlsx,
    "pptx": hostile_pptx,
    "odt": hostile_odt,
    "ods": hostile_ods,
    "odp": hostile_odp,
}


# Looking for traces ---------------------------------------------------------------------------


def readable_parts(data: bytes) -> dict[str, bytes]:
    """The file itself, its inflated ZIP entries, its decoded PDF streams: every place a name could hide."""
    parts = {"(file)": data}
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts |= {name: source.read(name) for name in source.namelist()}
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        for number in range(1, int(reader.trailer["/Size"])):
            item = reader.get_object(number)
            if isinstance(item, StreamObject):
                parts[f"object {number}"] = item.get_data()
    return parts


def traces(data: bytes) -> list[str]:
    """Where a secret shows, in any encoding a document uses for names (UTF-8, UTF-16 either way)."""
    found = []
    for where, content in readable_parts(data).items():
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
                if secret.encode(encoding) in content:
                    found.append(f"{secret!r} ({encoding}) in {where}")
    return found


def image_metadata(data: bytes) -> list[str]:
    """The metadata left in the images a document holds: EXIF tags (GPS included), XMP, comments, text chunks."""
    found = []
    for name, content in readable_parts(data).items():
        try:
            image = Image.open(io.BytesIO(content))
        except Exception:
            continue
        exif = image.getexif()
        if exif or exif.get_ifd(GPS_IFD):
            found.append(f"EXIF in {name}")
        found += [f"{key} in {name}" for key in ("xmp", "comment", "exif", "Author", "Copyright") if key in image.info]
    return found
