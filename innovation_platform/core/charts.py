"""Charts drawn on the server as inline SVG: readable without JavaScript, each with a title, a short text summary and
its data as a table (shown in a `<details>` by `includes/chart.html`).

A small renderer rather than pygal: pygal embeds a `<style>` element and a script by default, places `style`
attributes the Content-Security-Policy refuses, and has no map of Peru; drawing bars, lines and tiles with CSS
classes (colours in static/css/cocrea.css, Okabe–Ito's colour-blind-safe palette) is shorter than undoing that.
Every mark carries its number or its meaning as text too, so colour is never the only cue.

A chart depends only on its arguments and the language, so it is kept in the cache, rendered, under a digest of
both: new data make a new key, and a chart is never older than the figures it is drawn from (`cached_figures` and
the kept round figures decide how fresh those are).
"""

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innovation_platform.core.regions import PeruRegion

WIDTH = 640
FONT = 14  # SVG units; the drawing scales with its column
ROW = 30  # a horizontal bar's height with its gap
LABEL_WIDTH = 190  # room for a label left of horizontal bars
PALETTE_SIZE = 8  # chart-s0 … chart-s7 in cocrea.css
MAP_BINS = 5  # chart-bin0 … chart-bin4: a sequential scale, light to dark


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """What `includes/chart.html` shows: `key` names the chart's elements (unique on the page)."""

    key: str
    title: str
    summary: str
    svg: SafeString
    headers: tuple[str, ...]  # the table's: the labels' column, then one per series
    rows: tuple[tuple[str, ...], ...]  # formatted cells
    html: SafeString = mark_safe("")  # the whole figure (`includes/chart.html`), rendered once with the chart


def _series(series: Sequence[tuple[str, Sequence[float]]]) -> list[Series]:
    return [Series(str(name), tuple(values)) for name, values in series]


def cached(draw):
    """Keep a drawn chart, with its figure rendered, under a digest of its arguments and the language (see the
    module's docstring): a page shows a kept chart's `html` at the cost of a cache read."""

    @wraps(draw)
    def drawn(key: str, **spec) -> Chart:
        text = json.dumps([draw.__name__, key, get_language(), spec], sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]

        def render() -> Chart:
            chart = draw(key, **spec)
            return replace(chart, html=mark_safe(render_to_string("includes/chart.html", {"chart": chart})))

        return cache.get_or_set(f"chart:{digest}", render, settings.CHARTS_CACHE_SECONDS)

    return drawn


def number(value: float) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def _table(labels: Sequence[str], series: list[Series], label_header: str) -> tuple[tuple, tuple]:
    headers = (label_header, *(s.name for s in series))
    rows = tuple((str(label), *(number(s.values[i]) for s in series)) for i, label in enumerate(labels))
    return headers, rows


def _nice_max(value: float) -> float:
    """The axis' top: 1, 2, 2.5 or 5 times a power of ten, at least `value` (4 gridlines)."""
    if value <= 0:
        return 4
    step = value / 4
    power = 10 ** math.floor(math.log10(step))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= step:
            return 4 * max(factor * power, 1)
    return value  # not reached


def _svg(key: str, height: int, title: str, summary: str, body: list[str], width: int = WIDTH) -> SafeString:
    """The drawing, named by the chart's title and described by its summary for screen readers."""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart-svg" role="img" '
        f'aria-labelledby="{key}-svg-title {key}-svg-desc" focusable="false">'
        f'<title id="{key}-svg-title">{escape(title)}</title><desc id="{key}-svg-desc">{escape(summary)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _legend(series: list[Series], y: int) -> list[str]:
    """Swatches with the series' names, in a row: what each colour means, in words."""
    marks, x = [], 8
    for index, item in enumerate(series):
        marks.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" class="chart-s{index % PALETTE_SIZE}"/>')
        marks.append(f'<text x="{x + 20}" y="{y + 1}" class="chart-text">{escape(item.name)}</text>')
        x += 40 + 8 * len(item.name)
    return marks


def _text(x: float, y: float, text: str, css: str = "chart-text", anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>'


@cached
def hbar(
    key: str,
    *,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    label_header: str,
    stacked: bool = False,
    max_value: float | None = None,
    extra: Sequence[tuple[str, Sequence[float]]] = (),
) -> Chart:
    """Horizontal bars, one row per label: a series each side by side, or stacked (parts of a whole, such as reviews
    done and to do). Each bar ends with its number. `max_value` fixes the scale (100 for a 0–100 score); `extra`
    adds columns to the table only."""
    items = _series(series)
    totals = [sum(s.values[i] or 0 for s in items) for i in range(len(labels))]
    peak = max_value or max([*(totals if stacked else [v or 0 for s in items for v in s.values]), 1])
    per_label = 1 if stacked else len(items)
    legend = len(items) > 1
    top = 28 if legend else 6
    height = top + len(labels) * ROW * per_label + 8
    span = WIDTH - LABEL_WIDTH - 70
    body = _legend(items, 16) if legend else []
    for i, label in enumerate(labels):
        y = top + i * ROW * per_label
        body.append(_text(LABEL_WIDTH - 8, y + ROW * per_label / 2 + 4, _shorten(str(label), 24), anchor="end"))
        x = LABEL_WIDTH
        for index, item in enumerate(items):
            value = item.values[i] or 0
            width = span * value / peak
            row_y = y if stacked else y + index * ROW
            body.append(
                f'<rect x="{x:.1f}" y="{row_y + 4}" width="{width:.1f}" height="{ROW - 8}" '
                f'class="chart-s{index % PALETTE_SIZE}"/>'
            )
            if not stacked:
                body.append(_text(x + width + 6, row_y + ROW / 2 + 5, number(value)))
            x += width if stacked else 0
        if stacked:
            body.append(_text(x + 6, y + ROW / 2 + 5, number(totals[i])))
    headers, rows = _table(labels, [*items, *_series(extra)], label_header)
    return Chart(key, title, summary, _svg(key, height, title, summary, body), headers, rows)


@cached
def bars(
    key: str,
    *,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    label_header: str,
) -> Chart:
    """Vertical bars, one group per label (a few labels: editions, rounds), with their numbers on top."""
    items = _series(series)
    peak = _nice_max(max([v or 0 for s in items for v in s.values] or [0]))
    legend = len(items) > 1
    top, bottom, left = (40 if legend else 16), 44, 48
    height = 300
    plot = height - top - bottom
    body = _legend(items, 16) if legend else []
    body += _grid(left, top, plot, peak)
    slot = (WIDTH - left - 8) / max(len(labels), 1)
    bar = min(56, slot * 0.8 / max(len(items), 1))
    every = max(1, math.ceil(len(labels) / 8))  # at most about eight labels on the axis
    for i, label in enumerate(labels):
        x0 = left + i * slot + (slot - bar * len(items)) / 2
        for index, item in enumerate(items):
            value = item.values[i] or 0
            h = plot * value / peak
            x = x0 + index * bar
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                f'class="chart-s{index % PALETTE_SIZE}"/>'
            )
            if slot >= 36:  # room for the number; narrower bars leave it to the table
                body.append(_text(x + bar / 2, top + plot - h - 4, number(value), anchor="middle"))
        if (len(labels) - 1 - i) % every == 0:  # counted from the end: the latest is always named
            body.append(
                _text(
                    left + i * slot + slot / 2,
                    height - bottom + 20,
                    _shorten(str(label), max(6, int(slot / 8))),
                    anchor="middle",
                )
            )
    headers, rows = _table(labels, items, label_header)
    return Chart(key, title, summary, _svg(key, height, title, summary, body), headers, rows)


def _grid(left: float, top: float, plot: float, peak: float) -> list[str]:
    marks = []
    for step in range(5):
        y = top + plot - plot * step / 4
        marks.append(f'<line x1="{left}" x2="{WIDTH - 4}" y1="{y:.1f}" y2="{y:.1f}" class="chart-grid"/>')
        marks.append(_text(left - 6, y + 4, number(peak * step / 4), css="chart-axis", anchor="end"))
    return marks


@cached
def cumulative(
    key: str,
    *,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    label_header: str,
    marker: int | None = None,
    marker_label: str = "",
) -> Chart:
    """Running totals over time (days, months): the values given per period are added up, a line per series with a
    dot per period (None: a period still to come, left empty). `marker`, an index into `labels`, draws a dashed
    line there (the deadline)."""
    per_period = _series(series)
    items = [Series(s.name, tuple(_running(s.values))) for s in per_period]
    peak = _nice_max(max([v for s in items for v in s.values if v is not None] or [0]))
    legend = len(items) > 1
    top, bottom, left = (40 if legend else 16), 44, 48
    height = 300
    plot = height - top - bottom
    count = max(len(labels), 1)
    step = (WIDTH - left - 16) / max(count - 1, 1)
    body = _legend(items, 16) if legend else []
    body += _grid(left, top, plot, peak)
    for index, item in enumerate(items):
        known = [(i, value) for i, value in enumerate(item.values) if value is not None]
        points = [(left + i * step, top + plot - plot * value / peak) for i, value in known]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        css = f"chart-s{index % PALETTE_SIZE}"
        body.append(f'<polyline points="{path}" class="chart-line {css}-line"/>')
        if count <= 62:  # a dot per day or month; longer runs read better as a line only
            body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="{css}"/>' for x, y in points]
        if points:
            body.append(_text(points[-1][0] - 4, points[-1][1] - 8, number(known[-1][1]), anchor="end"))
    every = max(1, math.ceil(count / 6))  # at most about six dates on the axis
    for i, label in enumerate(labels):
        if (count - 1 - i) % every == 0:  # counted from the end: the latest period is always named
            anchor = "end" if i == count - 1 and count > 1 else "middle"  # the last one ends at the plot's edge
            body.append(_text(left + i * step, height - bottom + 20, str(label), css="chart-axis", anchor=anchor))
    if marker is not None and 0 <= marker < count:
        x = left + marker * step
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot}" class="chart-marker"/>')
        body.append(_text(x - 4, top + 14, marker_label, anchor="end"))
    headers, rows = _table(labels, items, label_header)
    return Chart(key, title, summary, _svg(key, height, title, summary, body), headers, rows)


def _running(values: Sequence[float | None]) -> list[float | None]:
    """Running totals; a period without a figure yet (None: still to come) stays without one."""
    total, running = 0, []
    for value in values:
        total += value or 0
        running.append(None if value is None else total)
    return running


@cached
def shares(
    key: str,
    *,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    label_header: str,
) -> Chart:
    """Each label's whole split into its series' shares, as one bar of 100 % (Peru and abroad per edition); the
    table keeps the counts, the bars print each share's percentage where it fits."""
    items = _series(series)
    top = 28
    height = top + len(labels) * ROW + 8
    span = WIDTH - LABEL_WIDTH - 16
    body = _legend(items, 16)
    for i, label in enumerate(labels):
        y = top + i * ROW
        total = sum(s.values[i] or 0 for s in items)
        body.append(_text(LABEL_WIDTH - 8, y + ROW / 2 + 4, _shorten(str(label), 24), anchor="end"))
        x = LABEL_WIDTH
        for index, item in enumerate(items):
            share = (item.values[i] or 0) / total if total else 0
            width = span * share
            css = f"chart-s{index % PALETTE_SIZE}"
            body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" class="{css}"/>')
            if width >= 44:
                body.append(_text(x + width / 2, y + ROW / 2 + 5, f"{round(100 * share)} %", f"{css}-text", "middle"))
            x += width
    headers, rows = _table(labels, items, label_header)
    return Chart(key, title, summary, _svg(key, height, title, summary, body), headers, rows)


# Peru's 26 regions as tiles on a 6 × 9 grid, roughly where each lies (column, row).
PERU_TILES = {
    PeruRegion.TUMBES: (0, 0),
    PeruRegion.LORETO: (3, 0),
    PeruRegion.PIURA: (0, 1),
    PeruRegion.AMAZONAS: (1, 1),
    PeruRegion.SAN_MARTIN: (2, 1),
    PeruRegion.LAMBAYEQUE: (0, 2),
    PeruRegion.CAJAMARCA: (1, 2),
    PeruRegion.HUANUCO: (2, 2),
    PeruRegion.UCAYALI: (3, 2),
    PeruRegion.LA_LIBERTAD: (0, 3),
    PeruRegion.ANCASH: (1, 3),
    PeruRegion.PASCO: (2, 3),
    PeruRegion.LIMA_REGION: (1, 4),
    PeruRegion.JUNIN: (2, 4),
    PeruRegion.CUSCO: (3, 4),
    PeruRegion.MADRE_DE_DIOS: (4, 4),
    PeruRegion.CALLAO: (0, 5),
    PeruRegion.LIMA_METROPOLITANA: (1, 5),
    PeruRegion.HUANCAVELICA: (2, 5),
    PeruRegion.APURIMAC: (3, 5),
    PeruRegion.PUNO: (4, 5),
    PeruRegion.ICA: (1, 6),
    PeruRegion.AYACUCHO: (2, 6),
    PeruRegion.AREQUIPA: (3, 6),
    PeruRegion.MOQUEGUA: (3, 7),
    PeruRegion.TACNA: (4, 7),
}
TILE = 100


@cached
def tile_map(
    key: str,
    *,
    title: str,
    summary: str,
    values: dict[str, float | None],
    series_name: str,
    extra: Sequence[tuple[str, dict[str, float | None]]] = (),
) -> Chart:
    """Peru's regions as tiles shaded by `values` (by region code) in five steps, each tile naming its region and
    printing its number; `None` prints "<3" (a count too small to publish). `extra` adds columns to the table only."""
    known = [v for v in values.values() if v]
    peak = max(known or [1])
    body = []
    for region, (column, row) in PERU_TILES.items():
        value = values.get(region.value, 0)
        level = 0 if not value else min(MAP_BINS - 1, 1 + int((MAP_BINS - 1) * (value - 1) / max(peak, 1)))
        x, y = 12 + column * (TILE + 6), 8 + row * (TILE * 0.62 + 6)
        shown = "<3" if value is None else number(value)
        body.append(
            f'<rect x="{x}" y="{y:.1f}" width="{TILE}" height="{TILE * 0.62:.1f}" rx="6" class="chart-bin{level}"/>'
        )
        body.append(
            _text(x + TILE / 2, y + 24, _shorten(region.label, 13), f"chart-bin{level}-text chart-small", "middle")
        )
        body.append(_text(x + TILE / 2, y + 48, shown, f"chart-bin{level}-text chart-strong", "middle"))
    height = int(16 + 8 * (TILE * 0.62 + 6))
    width = 24 + 5 * (TILE + 6)  # five columns of tiles
    regions = sorted(PeruRegion, key=lambda region: region.label)
    items = [Series(series_name, tuple(values.get(r.value, 0) for r in regions))]
    items += [Series(name, tuple(more.get(r.value, 0) for r in regions)) for name, more in extra]
    headers = (_("Region"), *(s.name for s in items))
    rows = tuple(
        (str(region.label), *("<3" if s.values[i] is None else number(s.values[i]) for s in items))
        for i, region in enumerate(regions)
    )
    return Chart(key, title, summary, _svg(key, height, title, summary, body, width), headers, rows)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
