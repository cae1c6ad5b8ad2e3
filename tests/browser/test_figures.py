"""A visitor opens the figures page, reads a chart's data table by opening its <details>, with JavaScript on or off;
axe-core finds no WCAG 2.2 A/AA violation on the page, and the Content Security Policy holds (conftest)."""

from importlib.resources import files

import pytest
from playwright.sync_api import Page, expect

from tests.figures.figures_world import network

pytestmark = pytest.mark.browser
AXE_SCRIPT = files("axe_playwright_python").joinpath("axe.min.js").read_text()
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def axe():
    """Runs axe-core on a page and returns its violations of WCAG 2.2 A and AA, one line each."""

    def violations(page: Page) -> list[str]:
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate(
            "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG_22_A_AA}}
        )
        return [
            f"{violation['id']}: {node['target']}" for violation in result["violations"] for node in violation["nodes"]
        ]

    return violations


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_reads_a_charts_data_table(open_context, live_server, axe, javascript):
    network(3)
    page = open_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server.url}/cifras/")

    chart = page.locator("figure#chart-lab-kinds")
    expect(chart.locator("svg[role=img]")).to_be_visible()
    table = chart.locator("details table")
    expect(table).to_be_hidden()
    chart.locator("details summary").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").first.locator("td")).to_have_text("1")

    regions = page.locator("figure#chart-regions")
    regions.locator("details summary").click()
    expect(regions.locator("tbody tr", has_text="Cusco").locator("td")).to_have_text(["2", "3"])
    expect(regions.locator("tbody tr", has_text="Puno").locator("td")).to_have_text(["0", "<3"])
    if javascript:  # axe needs a script of its own
        assert axe(page) == []
