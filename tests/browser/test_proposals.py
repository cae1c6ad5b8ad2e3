"""A citizen's proposal in a real browser: write it, attach a real image and PDF, submit it; and two
tabs saving the same proposal, where the second is told about the conflict and keeps its text.

The browser asks for English, so the page is found by the labels and button names in our code
(the Spanish catalogue is extracted and translated later).
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect

from proposals.models import Proposal, ProposalStatus
from tests.conftest import make_challenge, make_lab, make_user
from tests.core.test_documents import pdf_bytes

pytestmark = pytest.mark.browser

SUMMARY = "Biohuertos escolares que llevan verduras frescas a la lonchera."


@pytest.fixture
def english(open_context) -> BrowserContext:
    return open_context(locale="en-US")


@pytest.fixture
def open_call(db):
    now = timezone.now()
    return make_challenge(
        make_lab(),
        "reto-biohuertos",
        code="BIOHUERTO",
        visibility="published",
        published_at=now - timedelta(days=5),
        phases={"proposals": (now - timedelta(days=1), now + timedelta(days=10))},
    )


def sign_in(context: BrowserContext, base_url: str, email: str) -> None:
    """A verified citizen, signed in by a session cookie (signing in itself is tested in test_journeys)."""
    client = Client()
    client.force_login(make_user(email, full_name="Killa Mamani"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def save(page: Page, button: str = "Save the draft") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def fill_texts(page: Page) -> None:
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Problem").fill("La anemia afecta a cuatro de cada diez niñas y niños de la escuela.")
    page.get_by_label("Proposed solution").fill("Biohuertos con riego por goteo cuidados por las familias.")
    page.get_by_label("Beneficiaries").fill("120 escolares y sus familias.")
    page.get_by_label("Expected impact").fill("Loncheras con verduras todo el año.")
    page.get_by_label("Stage").select_option("idea")
    page.get_by_label("Region").select_option("PE-CUS")
    page.get_by_label("Licence of the outcome").select_option("cc-by")


def test_a_citizen_writes_attaches_and_submits_a_proposal(english: BrowserContext, live_server, open_call, tmp_path):
    sign_in(english, live_server.url, "killa@example.org")
    page = english.new_page()
    png = tmp_path / "biohuerto.png"
    Image.new("RGB", (640, 360), (40, 140, 60)).save(png, "PNG")
    pdf = tmp_path / "presupuesto.pdf"
    pdf.write_bytes(pdf_bytes())

    page.goto(f"{live_server.url}/proposals/new/{open_call.slug}/")
    page.get_by_label("Title of your proposal").fill("Biohuertos escolares en San Jerónimo")
    save(page, "Create the draft")
    expect(page.get_by_role("heading", level=1)).to_have_text("Biohuertos escolares en San Jerónimo")
    meter = page.locator("progress#completeness-meter")
    expect(meter).not_to_have_attribute("value", meter.get_attribute("max"))

    fill_texts(page)
    save(page)
    expect(page.get_by_role("status")).to_contain_text("Your proposal was saved.")
    expect(page.get_by_label("Summary")).to_have_value(SUMMARY)

    page.get_by_role("navigation", name="Your proposal").get_by_role("link", name="Documents and images").click()
    page.get_by_role("region", name=re.compile("^Documents")).get_by_label("Document").set_input_files(pdf)
    save(page, "Attach")
    expect(page.get_by_role("heading", name="Documents (1/10)")).to_be_visible()
    gallery = page.get_by_role("region", name=re.compile("^Image gallery"))
    gallery.get_by_label(re.compile("^Image")).set_input_files(png)
    gallery.get_by_label("Description of the image").fill("Niñas regando el biohuerto de la escuela")
    save(page, "Add the image")
    image = page.get_by_role("img", name="Niñas regando el biohuerto de la escuela")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    page.goto(f"{live_server.url}/proposals/{Proposal.objects.get().pk}/edit/")
    expect(meter).to_have_attribute("value", meter.get_attribute("max"))
    expect(page.get_by_text("Everything needed is there.")).to_be_visible()
    save(page, "Submit the proposal")

    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal received")
    expect(page.locator("dd.reference")).to_have_text("BIOHUERTO-0001")
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.reference == "BIOHUERTO-0001"
    assert [a.name for a in proposal.attachments.all()] == ["presupuesto.pdf"]
    assert proposal.images.count() == 1


def test_the_second_tab_to_save_gets_the_conflict_and_keeps_its_text(english: BrowserContext, live_server, open_call):
    sign_in(english, live_server.url, "killa@example.org")
    first, second = english.new_page(), english.new_page()
    first.goto(f"{live_server.url}/proposals/new/{open_call.slug}/")
    first.get_by_label("Title of your proposal").fill("Ferias agroecológicas")
    save(first, "Create the draft")
    second.goto(first.url)

    first.get_by_label("Summary").fill("Lo que escribió la primera pestaña.")
    save(first)
    second.get_by_label("Summary").fill("Lo que escribió la segunda pestaña.")
    with second.expect_navigation() as answer:
        second.get_by_role("button", name="Save the draft").click()

    assert answer.value.status == 409
    expect(second.get_by_role("alert")).to_contain_text("saved this proposal while you were editing it")
    expect(second.get_by_label("Summary")).to_have_value("Lo que escribió la segunda pestaña.")
    proposal = Proposal.objects.get()
    assert proposal.summary == "Lo que escribió la primera pestaña." and proposal.version == 2


def test_submitting_sends_what_was_just_typed_without_saving_first(english: BrowserContext, live_server, open_call):
    """Pressing "Submit" right after typing saves the typed text and submits it: nothing is lost."""
    sign_in(english, live_server.url, "killa@example.org")
    page = english.new_page()
    page.goto(f"{live_server.url}/proposals/new/{open_call.slug}/")
    page.get_by_label("Title of your proposal").fill("Biohuertos escolares")
    save(page, "Create the draft")

    fill_texts(page)
    save(page, "Submit the proposal")

    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal received")
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.summary, proposal.region) == (ProposalStatus.SUBMITTED, SUMMARY, "PE-CUS")


def test_a_refused_submission_keeps_what_was_typed(english: BrowserContext, live_server, open_call):
    """Submitting an incomplete draft saves what was typed and says what is still missing."""
    sign_in(english, live_server.url, "killa@example.org")
    page = english.new_page()
    page.goto(f"{live_server.url}/proposals/new/{open_call.slug}/")
    page.get_by_label("Title of your proposal").fill("Biohuertos escolares")
    save(page, "Create the draft")

    page.get_by_label("Summary").fill(SUMMARY)
    save(page, "Submit the proposal")

    expect(page.get_by_role("alert")).to_contain_text("Complete these before submitting")
    expect(page.get_by_label("Summary")).to_have_value(SUMMARY)
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.summary) == (ProposalStatus.DRAFT, SUMMARY)
