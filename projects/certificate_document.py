"""What a certificate says, in the active language, and its PDF, drawn with ReportLab.

The PDF is drawn from the certificate's row alone (its snapshot of names and facts) plus the lab's logo, so the same
certificate gives the same bytes on every machine: ReportLab's `invariant` mode fixes the dates and identifiers it
would otherwise vary, the text uses the PDF standard fonts (Helvetica, which every reader has and which is not
embedded), and the QR code is drawn module by module as rectangles.

Names and titles the standard fonts cannot write (beyond Western European letters: Cyrillic, Greek, Chinese…) use
DejaVu Sans from the system's fonts-dejavu-core package when it is installed, embedded in the PDF; without it, such
letters are written without their accents where they have a plain form, or as "?". The verification page always
shows the name exactly.
"""

import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from projects.models import Certificate, CertificateKind

UNICODE_FONTS = {  # Debian's fonts-dejavu-core
    "DejaVuSans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "DejaVuSans-Bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
STANDARD_FONTS = ("Helvetica", "Helvetica-Bold")
INK = HexColor("#1f2933")
ACCENT = HexColor("#0b6e4f")
MUTED = HexColor("#52606d")
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 48
LOGO_HEIGHT = 64
QR_SIZE = 110


@dataclass(frozen=True)
class Wording:
    title: str
    lead_in: str
    statement: str
    dates: str
    issued: str
    lab: str
    edition: str


def certificate_wording(certificate: Certificate) -> Wording:
    """The certificate's sentences in the active language, from what it recorded when it was issued."""
    facts = certificate.facts
    issued_on = timezone.localtime(certificate.issued_at, certificate.challenge.tzinfo).date()
    return Wording(
        title=_title(certificate.kind),
        lead_in=_("This certifies that"),
        statement=_statement(certificate.kind, facts),
        dates=_dates(facts.get("starts_on"), facts.get("ends_on")),
        issued=_("Issued on %(date)s") % {"date": _day(issued_on)},
        lab=facts.get("lab", ""),
        edition=facts.get("edition", ""),
    )


def certificate_verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()


def _title(kind: str) -> str:
    if kind in (CertificateKind.MENTOR, CertificateKind.JUROR, CertificateKind.ORGANIZER):
        return _("Certificate of recognition")
    return _("Certificate of participation")


def _statement(kind: str, facts: dict) -> str:
    edition = facts.get("edition", "")
    if kind == CertificateKind.PARTICIPANT:
        days, total = facts.get("days_attended", 0), facts.get("days_total", 0)
        if total >= days:
            return ngettext(
                "took part in %(edition)s and attended %(days)s of its %(total)s day.",
                "took part in %(edition)s and attended %(days)s of its %(total)s days.",
                total,
            ) % {"edition": edition, "days": days, "total": total}
        return ngettext(
            "took part in %(edition)s on %(days)s day.", "took part in %(edition)s on %(days)s days.", days
        ) % {"edition": edition, "days": days}
    if kind == CertificateKind.TEAM_MEMBER:
        return _("was a member of the team of «%(proposal)s» in %(edition)s.") % {
            "proposal": facts.get("proposal", ""),
            "edition": edition,
        }
    if kind == CertificateKind.COLLABORATOR:
        return _("collaborated with the team of «%(proposal)s» in %(edition)s.") % {
            "proposal": facts.get("proposal", ""),
            "edition": edition,
        }
    if kind == CertificateKind.MENTOR:
        return _("mentored the teams of %(edition)s.") % {"edition": edition}
    if kind == CertificateKind.JUROR:
        reviews = facts.get("reviews", 0)
        statement = ngettext(
            "served on the jury of %(edition)s and completed %(count)s review.",
            "served on the jury of %(edition)s and completed %(count)s reviews.",
            reviews,
        ) % {"edition": edition, "count": reviews}
        if rounds := facts.get("rounds"):
            statement += " " + _("Rounds: %(rounds)s.") % {"rounds": ", ".join(rounds)}
        return statement
    return _("organized %(edition)s.") % {"edition": edition}


def _dates(starts_on: str | None, ends_on: str | None) -> str:
    if not starts_on:
        return ""
    start, end = date.fromisoformat(starts_on), date.fromisoformat(ends_on or starts_on)
    if start == end:
        return _day(start)
    return _("from %(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}


def _day(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page landscape A4 PDF in the holder's language (the language it was issued in)."""
    with translation.override(certificate.language):
        wording = certificate_wording(certificate)
        url = certificate_verification_url(certificate)
        verify = _("Check it at %(url)s") % {"url": url}
        code = _("Verification code: %(code)s") % {"code": certificate.code}
    texts = [certificate.name, wording.statement, wording.lab, wording.title, verify]
    regular, bold = _fonts(texts)
    write = _writer(regular)

    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    pdf.setTitle(write(f"{wording.title} · {certificate.name}"))
    pdf.setAuthor(write(wording.lab))
    pdf.setSubject(write(wording.edition))
    pdf.setCreator("Cocrea")

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(MARGIN / 2, MARGIN / 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)

    logo = _logo(certificate.challenge.lab)

    top = PAGE_HEIGHT - MARGIN - (8 if logo is not None else 40)
    if logo is not None:
        width = LOGO_HEIGHT * logo.getSize()[0] / logo.getSize()[1]
        pdf.drawImage(logo, (PAGE_WIDTH - width) / 2, top - LOGO_HEIGHT, width=width, height=LOGO_HEIGHT)
        top -= LOGO_HEIGHT + 10
    y = _centred(pdf, write(wording.lab), bold, 14, top - 14, MUTED)
    y = _centred(pdf, write(wording.title), bold, 32, y - 62, ACCENT)
    y = _centred(pdf, write(wording.lead_in), regular, 14, y - 50, INK)
    y = _centred(pdf, write(certificate.name), bold, 28, y - 50, INK)
    y = _centred(pdf, write(wording.statement), regular, 15, y - 42, INK)
    if wording.dates:
        _centred(pdf, write(wording.dates), regular, 13, y - 28, MUTED)

    bottom = MARGIN + 4
    pdf.setFillColor(INK)
    pdf.setFont(regular, 11)
    pdf.drawString(MARGIN + 4, bottom + 40, write(wording.issued))
    pdf.setFont(bold, 11)
    pdf.drawString(MARGIN + 4, bottom + 22, write(code))
    pdf.setFont(regular, 9)
    pdf.setFillColor(MUTED)
    pdf.drawString(MARGIN + 4, bottom + 6, write(verify))
    _qr(pdf, url, PAGE_WIDTH - MARGIN - 4 - QR_SIZE, bottom, QR_SIZE)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _centred(pdf: Canvas, text: str, font: str, size: float, y: float, colour) -> float:
    """Draw `text` centred, wrapped to the page's width, from `y` down; return the last line's baseline."""
    pdf.setFont(font, size)
    pdf.setFillColor(colour)
    lines = simpleSplit(text, font, size, PAGE_WIDTH - 3 * MARGIN) or [""]
    for number, line in enumerate(lines):
        pdf.drawCentredString(PAGE_WIDTH / 2, y - number * size * 1.3, line)
    return y - (len(lines) - 1) * size * 1.3


def _fonts(texts: list[str]) -> tuple[str, str]:
    """Helvetica when it can write every text; else DejaVu Sans, if the system has it."""
    if all(_standard(text) for text in texts) or not all(path.exists() for path in UNICODE_FONTS.values()):
        return STANDARD_FONTS
    for name, path in UNICODE_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return tuple(UNICODE_FONTS)


def _standard(text: str) -> bool:
    try:
        text.encode("cp1252")  # the standard fonts' encoding (WinAnsi)
    except UnicodeEncodeError:
        return False
    return True


def _writer(font: str):
    """Text as `font` can write it: unchanged for DejaVu, letters beyond WinAnsi simplified for Helvetica."""
    if font not in STANDARD_FONTS:
        return str

    def simplified(text: str) -> str:
        return "".join(character if _standard(character) else _plain(character) for character in text)

    return simplified


def _plain(character: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
    return plain if plain and _standard(plain) else "?"


def _logo(lab) -> ImageReader | None:
    """The lab's logo on white (a PDF image has no transparency here), or None without a readable one."""
    if not lab.logo:
        return None
    try:
        with lab.logo.open("rb") as file, Image.open(file) as image:
            image.load()
            rgba = image.convert("RGBA")
    except (OSError, ValueError):
        return None
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return ImageReader(flat)


def _qr(pdf: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The URL's QR code as black rectangles (one per run of dark modules in a row), quiet zone included."""
    matrix = segno.make(url, error="m", micro=False).matrix
    border = 4
    module = size / (len(matrix) + 2 * border)
    pdf.setFillColor(HexColor("#000000"))
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + border + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                pdf.rect(x + (start + border) * module, top, (column - start) * module, module, stroke=0, fill=1)
            else:
                column += 1
