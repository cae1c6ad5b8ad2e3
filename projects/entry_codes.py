"""Entry codes: short, easy to read aloud and to type on a phone, shown with a QR code.

Eight characters from an alphabet without 0/O or 1/I (32 symbols, about 10^12 codes), grouped in two halves
("K7PX-3MQD"). Typed codes are read leniently: case, spaces and hyphens do not matter.
"""

import re

import segno
from django.utils.crypto import get_random_string

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8


def code_new(length: int = LENGTH) -> str:
    """A new random code (entry passes; certificates ask for a longer one)."""
    return get_random_string(length, ALPHABET)


def code_normalise(typed: str) -> str:
    """The stored form of a typed code: capitals, without spaces or hyphens (anything else stays and fails)."""
    return re.sub(r"[\s\-]", "", typed or "").upper()[:32]


def code_display(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def qr_svg(data: str, *, title: str) -> str:
    """The QR code of `data` as inline SVG markup with a <title> for screen readers (no external file, so a pass
    once loaded stays on the phone's screen offline)."""
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(
        scale=8,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="entry-pass-qr",
        lineclass=None,
        omitsize=True,
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)
