"""A participant signs in, finds their certificate in their account, downloads the PDF and opens its verification
page, which states it; the browser asks for English, so the page is found by the labels in our code."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from projects.models import Certificate
from projects.selectors.certificates import CertificateRule
from projects.services.certificates import certificates_issue
from tests.conftest import PASSWORD
from tests.projects import certificates_world

pytestmark = pytest.mark.browser

world = certificates_world.world


@pytest.fixture
def page(open_context) -> Page:
    return open_context(locale="en-US").new_page()


def test_the_participant_downloads_a_certificate_and_its_verification_page_shows_it(live_server, world, page):
    certificates_issue(challenge=world["challenge"], rule=CertificateRule("participant", 2), actor=world["organizer"])
    certificate = Certificate.objects.get(user=world["carlos"])

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator('main input[name="login"]').fill("carlos@example.org")
    page.locator('main input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('main input[name="password"]').press("Enter")
    page.locator("header.site-header details.menu-account > summary").click()
    page.locator("header.site-header").get_by_role("link", name="My certificates").click()
    expect(page.locator("main h1")).to_have_text("My certificates")
    row = page.locator("main li", has_text="Hackatón del agua")
    expect(row).to_contain_text("Participant")

    with page.expect_download() as download:
        row.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == f"certificate-{certificate.code}.pdf"
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(reader.pages) == 1
    assert certificate.code in reader.pages[0].extract_text()

    row.get_by_role("link", name="Verification page").click()
    expect(page.locator("main h1")).to_have_text("Certificate verification")
    expect(page.locator("main")).to_contain_text("This certificate is valid.")
    expect(page.locator("main")).to_contain_text("Carlos Smith")
    expect(page.locator("main")).to_contain_text(certificate.code)
