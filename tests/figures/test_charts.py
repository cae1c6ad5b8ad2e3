"""The chart renderer (core/charts.py): accessible SVG with a title, a summary and the data as a table; no script,
no inline style; the values drawn are the values given; kept in the cache under a key that follows the data."""

import re

import pytest
from django.template.loader import render_to_string

from innovation_platform.core import charts

KINDS = {
    "hbar": lambda key, **extra: charts.hbar(
        key,
        title="Labs",
        summary="Three kinds.",
        labels=["A", "B"],
        series=[("Labs", [4, 7])],
        label_header="Kind",
        **extra,
    ),
    "bars": lambda key, **extra: charts.bars(
        key,
        title="Calls",
        summary="Two calls.",
        labels=["C1", "C2"],
        series=[("Proposals", [12, 30])],
        label_header="Call",
    ),
    "cumulative": lambda key, **extra: charts.cumulative(
        key,
        title="Growth",
        summary="Up.",
        labels=["Jan", "Feb", "Mar"],
        series=[("Labs", [2, 3, 5])],
        label_header="Month",
        marker=1,
        marker_label="Deadline",
    ),
    "shares": lambda key, **extra: charts.shares(
        key,
        title="Origin",
        summary="Mostly Peru.",
        labels=["C1"],
        series=[("Peru", [9]), ("Abroad", [3])],
        label_header="Call",
    ),
    "tile_map": lambda key, **extra: charts.tile_map(
        key, title="Map", summary="Two regions.", values={"PE-CUS": 5, "PE-PUN": None}, series_name="Labs"
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_renders_title_summary_and_table_without_script_or_inline_style(kind):
    chart = KINDS[kind](f"chart-{kind}")
    html = render_to_string("includes/chart.html", {"chart": chart})

    assert "<script" not in html.lower()
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "<style" not in html.lower()
    assert f'<figcaption id="chart-{kind}-title" class="chart-title">{chart.title}</figcaption>' in html
    assert f'<p class="chart-summary">{chart.summary}</p>' in html
    assert f'<title id="chart-{kind}-svg-title">{chart.title}</title>' in html
    assert "<details" in html and "<table>" in html
    assert html.count("<tr>") == len(chart.rows) + 1


def test_values_are_right_in_the_table_and_drawn_to_scale():
    chart = KINDS["hbar"]("chart-kinds")

    assert chart.headers == ("Kind", "Labs")
    assert chart.rows == (("A", "4"), ("B", "7"))
    widths = [float(width) for width in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', chart.svg)]
    assert widths[0] / widths[1] == pytest.approx(4 / 7, rel=0.01)


def test_cumulative_adds_up_the_periods():
    chart = KINDS["cumulative"]("chart-growth")

    assert [row[1] for row in chart.rows] == ["2", "5", "10"]
    assert "Deadline" in chart.svg


def test_shares_print_percentages_and_keep_counts():
    chart = KINDS["shares"]("chart-origin")

    assert ">75 %<" in chart.svg and ">25 %<" in chart.svg
    assert chart.rows == (("C1", "9", "3"),)


def test_a_small_cell_of_the_map_reads_fewer_than_three():
    chart = KINDS["tile_map"]("chart-map")

    rows = {row[0]: row[1] for row in chart.rows}
    assert rows["Puno"] == "<3"
    assert rows["Cusco"] == "5"
    assert rows["Tacna"] == "0"
    assert len(chart.rows) == 26
    assert "&lt;3" in chart.svg


def test_labels_are_escaped():
    chart = charts.hbar(
        "chart-x", title="<b>", summary="s", labels=["<script>x</script>"], series=[("n", [1])], label_header="l"
    )

    assert "<script>" not in chart.svg and "<b>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg


def test_a_chart_is_kept_under_a_key_that_changes_with_its_data(monkeypatch):
    drawn = []
    original = charts._svg

    def counting(*args):
        drawn.append(args[0])
        return original(*args)

    monkeypatch.setattr(charts, "_svg", counting)
    first = KINDS["hbar"]("chart-kept")
    again = KINDS["hbar"]("chart-kept")
    changed = charts.hbar(
        "chart-kept",
        title="Labs",
        summary="Three kinds.",
        labels=["A", "B"],
        series=[("Labs", [4, 8])],
        label_header="Kind",
    )

    assert drawn == ["chart-kept", "chart-kept"]  # the second call came from the cache
    assert again == first
    assert changed.rows == (("A", "4"), ("B", "8"))
