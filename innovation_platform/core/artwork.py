"""Pictures drawn with Pillow, deterministically: the favicon's PNG fallback and the demo's covers and lab logos
(text-free motifs: terraces, rivers, sun, fields, networks). `manage.py draw_artwork` writes them into the
repository (static/img/ and demo_assets/); the demo then loads the demo's pictures through the image pipeline
like any upload (innovation_platform/core/images.py)."""

import io
import random
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFilter

BRAND = (11, 93, 75)
DEMO_ASSETS = Path(settings.BASE_DIR) / "demo_assets"
COVER_SIZE = (960, 540)
LOGO_SIZE = (320, 320)

# Sky/ground palettes for the covers: dawn over the Andes, the coast, the jungle, the altiplano…
PALETTES = [
    ((252, 211, 153), (233, 120, 80), (45, 106, 79), (22, 66, 52)),
    ((186, 220, 245), (120, 170, 220), (196, 160, 90), (120, 90, 50)),
    ((210, 238, 215), (130, 195, 150), (38, 120, 80), (15, 70, 50)),
    ((245, 226, 200), (214, 150, 110), (150, 80, 60), (90, 45, 40)),
    ((220, 215, 245), (150, 140, 210), (70, 90, 150), (35, 45, 95)),
    ((255, 240, 190), (240, 190, 80), (170, 120, 40), (100, 70, 25)),
    ((200, 235, 240), (90, 180, 190), (30, 110, 120), (15, 60, 70)),
    ((240, 220, 230), (220, 140, 160), (120, 60, 90), (70, 30, 55)),
]


def favicon_png(size: int) -> bytes:
    """The favicon (static/img/favicon.svg) as a PNG for browsers without SVG icons, drawn at 4× and reduced."""
    scale = 4
    canvas = size * scale
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = canvas / 32
    draw.rounded_rectangle((0, 0, canvas - 1, canvas - 1), radius=7 * unit, fill=BRAND)
    box = (16 - 8.4) * unit, (16 - 8.4) * unit, (16 + 8.4) * unit, (16 + 8.4) * unit
    draw.arc(box, start=43, end=317, fill="white", width=round(3.2 * unit))
    for cx, radius in ((16, 3), (24.4, 2)):
        draw.ellipse(
            ((cx - radius) * unit, (16 - radius) * unit, (cx + radius) * unit, (16 + radius) * unit), fill="white"
        )
    return _png(image.resize((size, size), Image.Resampling.LANCZOS))


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return column.resize(size)


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def cover(index: int) -> Image.Image:
    """A landscape-like cover: a sky gradient, a sun, layered ridges or terraces, and a motif of dots or rows."""
    rng = random.Random(f"cover-{index}")
    sky_top, sky_bottom, ground, deep = PALETTES[index % len(PALETTES)]
    width, height = COVER_SIZE
    image = _gradient(COVER_SIZE, sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, sun_r = rng.randint(120, width - 120), rng.randint(70, 200), rng.randint(40, 80)
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=_mix(sky_top, (255, 255, 255), 0.6))
    layers = rng.randint(3, 5)
    for layer in range(layers):
        colour = _mix(ground, deep, layer / max(layers - 1, 1))
        base = height * (0.45 + 0.13 * layer)
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 90 - 12 * layer)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
        if index % 3 == 0:  # terraces: lighter lines following the ridge
            for offset in range(18, 120, 22):
                draw.line([(x, y + offset) for x, y in points[1:-1]], fill=_mix(colour, (255, 255, 255), 0.18), width=3)
    motif = index % 4
    if motif == 1:  # a network of nodes (people and labs)
        nodes = [(rng.randint(60, width - 60), rng.randint(60, int(height * 0.5))) for _ in range(7)]
        for a, b in zip(nodes, nodes[1:] + nodes[:1], strict=True):
            draw.line((a, b), fill=(255, 255, 255), width=3)
        for x, y in nodes:
            draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(255, 255, 255), outline=deep, width=3)
    elif motif == 2:  # fields in rows
        for row in range(6):
            y = int(height * 0.72) + row * 22
            for x in range(rng.randint(0, 30), width, 34):
                draw.ellipse((x, y, x + 10, y + 10), fill=_mix(ground, (255, 255, 255), 0.35))
    elif motif == 3:  # a river
        points = [(rng.randint(200, width - 200), int(height * 0.5))]
        for step in range(1, 8):
            points.append((points[-1][0] + rng.randint(-90, 90), int(height * 0.5) + step * 40))
        draw.line(points, fill=_mix(sky_bottom, (255, 255, 255), 0.4), width=26, joint="curve")
    return image.filter(ImageFilter.SMOOTH)


def lab_logo(index: int) -> Image.Image:
    """A lab's mark: a coloured tile with a geometric figure (rings, a sun, a leaf, stacked blocks…)."""
    rng = random.Random(f"logo-{index}")
    _sky, light, ground, deep = PALETTES[index % len(PALETTES)]
    width, height = LOGO_SIZE
    image = Image.new("RGB", LOGO_SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((16, 16, width - 16, height - 16), radius=48, fill=deep)
    cx, cy = width // 2, height // 2
    figure = index % 5
    if figure == 0:  # interlocking rings
        for dx in (-40, 40):
            draw.ellipse((cx + dx - 62, cy - 62, cx + dx + 62, cy + 62), outline=light, width=16)
    elif figure == 1:  # sun
        draw.ellipse((cx - 50, cy - 50, cx + 50, cy + 50), fill=light)
        for angle in range(0, 360, 30):
            ray = Image.new("L", LOGO_SIZE, 0)
            ImageDraw.Draw(ray).rectangle((cx - 7, cy - 110, cx + 7, cy - 72), fill=255)
            image.paste(light, mask=ray.rotate(angle, center=(cx, cy)))
    elif figure == 2:  # leaf
        draw.chord((cx - 90, cy - 90, cx + 60, cy + 60), 180, 360, fill=ground)
        draw.chord((cx - 60, cy - 60, cx + 90, cy + 90), 0, 180, fill=light)
    elif figure == 3:  # stacked blocks (building together)
        for row in range(3):
            for col in range(3 - row):
                x = cx - 90 + row * 30 + col * 60
                y = cy + 50 - row * 50
                draw.rounded_rectangle((x, y, x + 54, y + 44), radius=8, fill=light if (row + col) % 2 else ground)
    else:  # a network
        nodes = [(cx + rng.randint(-90, 90), cy + rng.randint(-90, 90)) for _ in range(5)]
        for a in nodes:
            for b in nodes:
                if a < b:
                    draw.line((a, b), fill=ground, width=6)
        for x, y in nodes:
            draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=light)
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=72, optimize=True, progressive=True)
    return buffer.getvalue()


COVER_COUNT = 10
LOGO_COUNT = 10


def demo_cover_path(index: int) -> Path:
    return DEMO_ASSETS / "covers" / f"cover-{index % COVER_COUNT:02d}.jpg"


def demo_logo_path(index: int) -> Path:
    return DEMO_ASSETS / "logos" / f"logo-{index % LOGO_COUNT:02d}.png"


def write_artwork(static_dir: Path) -> list[Path]:
    """Draw every picture into the repository; returns the files written."""
    written = []
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        written.append(_write(static_dir / "img" / name, favicon_png(size)))
    for index in range(COVER_COUNT):
        written.append(_write(demo_cover_path(index), _jpeg(cover(index))))
    for index in range(LOGO_COUNT):
        written.append(_write(demo_logo_path(index), _png(lab_logo(index).quantize(64).convert("RGB"))))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
