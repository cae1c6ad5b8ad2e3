"""A visitor finds the open data from the footer, opens a dataset's page, reads its fields and downloads its CSV in
a real browser; the downloaded file is the published one. axe-core checks each page she sees."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from opendata.services import datasets_publish
from tests.opendata.opendata_world import network  # noqa: F401

pytestmark = pytest.mark.browser


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def english(browser, open_context) -> BrowserContext:
    return open_context(locale="en-US", timezone_id="America/Lima", accept_downloads=True)


def test_a_visitor_downloads_a_dataset_as_csv(english, live_server, network):  # noqa: F811
    datasets_publish()
    page = english.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    assert_accessible(page)

    page.get_by_role("link", name="Proposals of closed public calls").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposals of closed public calls")
    expect(page.get_by_role("row", name="licence")).to_contain_text("Licence the team chose for the outcome.")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("proposals-")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("reference,challenge,title")
    assert "Agua limpia" in content and "Propuesta oculta" not in content
