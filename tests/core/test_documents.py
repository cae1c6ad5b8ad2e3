"""Document uploads are accepted for what their bytes are, never for their names."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from innovation_platform.core.documents import clean_document, sniff_document

OOXML_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
ODF_MIMES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            # ODF wants its mimetype first and uncompressed.
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compress)
    return buffer.getvalue()


def ooxml_bytes(part: str = "word/document.xml") -> bytes:
    """A minimal Office Open XML package: docx with word/, xlsx with xl/, pptx with ppt/."""
    return zip_bytes({"[Content_Types].xml": OOXML_TYPES, part: "<document/>"})


def docx_bytes() -> bytes:
    return ooxml_bytes("word/document.xml")


def odf_bytes(extension: str = "odt") -> bytes:
    return zip_bytes({"mimetype": ODF_MIMES[extension], "content.xml": "<office:document-content/>"})


def ole2_bytes(stream: str = "WordDocument") -> bytes:
    """A compound file header and one directory sector with a root entry and `stream`."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")

    def entry(name: str, kind: int) -> bytes:
        encoded = name.encode("utf-16-le")
        return (encoded.ljust(64, b"\x00") + (len(encoded) + 2).to_bytes(2, "little") + bytes([kind])).ljust(
            128, b"\x00"
        )

    return header + entry("Root Entry", 5) + entry(stream, 2) + b"\x00" * 256


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(data, name))
    return caught.value.code


@pytest.mark.parametrize(
    ("data", "name", "extension", "mime"),
    [
        (pdf_bytes(), "Presupuesto 2026.pdf", "pdf", "application/pdf"),
        (docx_bytes(), "plan.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            ooxml_bytes("xl/workbook.xml"),
            "costos.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            ooxml_bytes("ppt/presentation.xml"),
            "pitch.pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (odf_bytes("odt"), "plan.odt", "odt", "application/vnd.oasis.opendocument.text"),
        (odf_bytes("ods"), "costos.ods", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        (odf_bytes("odp"), "pitch.odp", "odp", "application/vnd.oasis.opendocument.presentation"),
        (ole2_bytes("WordDocument"), "antiguo.doc", "doc", "application/msword"),
        (ole2_bytes("Workbook"), "antiguo.xls", "xls", "application/vnd.ms-excel"),
    ],
)
def test_each_accepted_type_is_recognised_by_content(data, name, extension, mime):
    document = clean_document(upload(data, name))

    assert (document.kind.extension, document.content_type, document.size) == (extension, mime, len(data))
    assert document.name == name
    stem, _dot, stored_extension = document.file.name.rpartition(".")
    assert (len(stem), stored_extension) == (32, extension)  # random hex, extension of the type found
    document.file.seek(0)
    assert document.file.read() == data


def test_the_type_found_names_the_file_whatever_its_uploaded_name():
    document = clean_document(upload(docx_bytes(), "../../etc/informe.pdf"))

    assert (document.kind.extension, document.name) == ("docx", "informe.docx")
    assert document.file.name.endswith(".docx") and "/" not in document.file.name


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (zip_bytes({"notes.txt": "hola"}), "informe.pdf", "mislabeled"),  # a ZIP named .pdf
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "plan.docx", "mislabeled"),  # a program named .docx
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "setup.exe", "unsupported"),
        (b"<html><script>alert(1)</script></html>", "page.html", "unsupported"),
        (b"PK\x03\x04 not really a zip", "plan.docx", "mislabeled"),
        (zip_bytes({"[Content_Types].xml": OOXML_TYPES, "other/x.xml": "<x/>"}), "plan.docx", "mislabeled"),
        (zip_bytes({"mimetype": "application/epub+zip"}), "book.odt", "mislabeled"),
        (ole2_bytes("PowerPoint Document"), "old.ppt", "unsupported"),
        (b"", "empty.pdf", "empty"),
    ],
)
def test_unknown_or_mislabeled_content_is_refused(data, name, code):
    assert refusal(data, name) == code


def test_a_stream_name_inside_the_text_does_not_make_a_word_document():
    data = ole2_bytes("PowerPoint Document") + b"\x00" + "WordDocument".encode("utf-16-le")

    assert sniff_document(upload(data, "old.doc")) is None


def test_files_over_the_limit_are_refused_before_reading(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 100

    assert refusal(pdf_bytes(), "informe.pdf") == "too_large"
    assert clean_document(upload(pdf_bytes(), "informe.pdf"), max_bytes=10_000).kind.extension == "pdf"


def test_the_limit_defaults_to_ten_megabytes(settings):
    del settings.DOCUMENT_UPLOAD_MAX_BYTES

    assert refusal(b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf") == "too_large"
