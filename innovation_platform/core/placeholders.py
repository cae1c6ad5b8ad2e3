"""Designed placeholders for pictures nobody uploaded: a small inline SVG whose colours and pattern come from the
category (a challenge's theme, a proposal's stage, a lab's kind) and whose letter is the title's initial, so cards
never show an empty box and two cards of one category look related. Decorative: hidden from assistive technology
(the card's title says what it is). Deterministic: the same words always draw the same picture."""

import hashlib
import unicodedata

from django.utils.html import format_html, mark_safe

# (background, pattern, letter) triples; the letter is white on a background dark enough for 4.5:1.
PALETTES = [
    ("#0b5d4b", "#13806a", "#ffffff"),  # brand green
    ("#1d4f91", "#2f6bb8", "#ffffff"),  # lake blue
    ("#9a3412", "#c2410c", "#ffffff"),  # terracotta
    ("#5b3d8a", "#7656a8", "#ffffff"),  # quinoa purple
    ("#6b4d00", "#8f6a0b", "#ffffff"),  # maize ochre
    ("#245a66", "#2f7786", "#ffffff"),  # andean teal
]
PATTERNS = ("dots", "stripes", "hills", "triangles")


def _digest(text: str) -> bytes:
    return hashlib.sha256((text or "").strip().lower().encode()).digest()


def _initial(title: str) -> str:
    for character in title or "":
        if character.isalnum():
            # The base letter without its accent, so every font on every device has it.
            return unicodedata.normalize("NFKD", character)[0].upper()
    return "·"


def _pattern(kind: str, colour: str, width: int, height: int, seed: bytes) -> str:
    shift = seed[0] % 40
    if kind == "dots":
        return "".join(
            f'<circle cx="{x + (shift if (y // 40) % 2 else 0)}" cy="{y}" r="{5 + seed[(x + y) % 32] % 6}" '
            f'fill="{colour}"/>'
            for y in range(20, height, 40)
            for x in range(20, width + 40, 60)
        )
    if kind == "stripes":
        return "".join(
            f'<path d="M{x} 0 l{height} {height}" stroke="{colour}" stroke-width="{10 + seed[x % 32] % 14}"/>'
            for x in range(-height, width, 46)
        )
    if kind == "hills":
        return "".join(
            f'<path d="M0 {y} Q {width // 4 + shift} {y - 50} {width // 2} {y} T {width} {y} V {height} H 0 Z" '
            f'fill="{colour}" opacity="{0.35 + 0.2 * (index % 3)}"/>'
            for index, y in enumerate(range(height // 3 + shift, height + 20, 55))
        )
    return "".join(
        f'<path d="M{x} {y + 50} l25 -50 l25 50 Z" fill="{colour}" opacity="{0.4 + 0.15 * (seed[(x + y) % 32] % 4)}"/>'
        for y in range(10, height, 60)
        for x in range(10 + (shift if (y // 60) % 2 else 0), width, 70)
    )


def placeholder_svg(
    title: str, category: str = "", *, css_class: str = "card-cover", width: int = 640, height: int = 360
) -> str:
    """An inline SVG picture for `title` in `category` (see the module's docstring)."""
    category_seed, title_seed = _digest(category or title), _digest(title)
    background, pattern_colour, letter_colour = PALETTES[category_seed[0] % len(PALETTES)]
    pattern = _pattern(PATTERNS[category_seed[1] % len(PATTERNS)], pattern_colour, width, height, title_seed)
    size = min(width, height) * 0.5
    return format_html(
        '<svg class="placeholder {}" viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" focusable="false" '
        'preserveAspectRatio="xMidYMid slice"><rect width="100%" height="100%" fill="{}"/>{}'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-weight="700" '
        'font-size="{}" fill="{}">{}</text></svg>',
        css_class,
        width,
        height,
        width,
        height,
        background,
        mark_safe(pattern),  # built above from numbers and palette constants only
        int(size),
        letter_colour,
        _initial(title),
    )
