"""An organizer runs a call from the console in a real browser: filters the list, marks two proposals ineligible,
shortlists the rest, writes to the shortlisted teams and exports the filtered list; a team reads the reason.

The browser asks for English, so the page is found by the labels in our code.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember
from proposals.services.similar import proposal_terms_index
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def english(browser, open_context) -> BrowserContext:
    context = open_context(locale="en-US", timezone_id="America/Lima")
    return context


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-browser")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "reto-consola",
        code="CONSOLA",
        visibility="published",
        ineligibility_reasons=["Outside the eligible countries"],
        phases={"proposals": (NOW - 9 * DAY, NOW - DAY)},
    )
    teams = {}
    for number, (title, country) in enumerate(
        [
            ("Biohuertos en San Jerónimo", "PE"),
            ("Ferias agroecológicas", "PE"),
            ("Semillas de Quito", "EC"),
            ("Huertos de Texas", "US"),
        ],
        start=1,
    ):
        proposal = Proposal.objects.create(
            challenge=challenge, title=title, number=number, status="submitted", country=country, submitted_at=NOW
        )
        lead = make_user(f"lead{number}@example.org", full_name=f"Lead {number}", language="en")
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
        proposal_terms_index(proposal=proposal)
        teams[title] = lead
    return challenge, organizer, teams


def sign_in(context: BrowserContext, base_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_an_organizer_screens_shortlists_writes_and_exports(english, live_server, call):
    challenge, organizer, teams = call
    sign_in(english, live_server.url, organizer)
    page = english.new_page()
    page.goto(f"{live_server.url}/console/{challenge.slug}/proposals/")
    expect(page.get_by_role("status").first).to_contain_text("4 proposals")

    # Filter: the proposals from abroad.
    page.get_by_text("Search and filters").click()
    page.get_by_label("Eligibility").select_option("pending")
    submit(page, "Apply the filters")
    rows = page.locator("table.call-list tbody tr")
    expect(rows).to_have_count(4)
    expect(page.get_by_text("Search and filters")).to_contain_text("1 applied")  # closed: the results come first
    page.get_by_text("Search and filters").click()
    page.get_by_label("Country").select_option("US")
    submit(page, "Apply the filters")
    expect(rows).to_have_count(1)

    # Two rows ticked and marked ineligible with one of the reasons the call offers.
    page.goto(f"{live_server.url}/console/{challenge.slug}/proposals/?sort=title")
    page.get_by_role("checkbox", name="Huertos de Texas").check()
    page.get_by_role("checkbox", name="Semillas de Quito").check()
    page.get_by_label("Action").select_option("screen")
    page.get_by_text("Eligibility decision (for").click()
    page.get_by_role("radio", name="Not eligible").check()
    page.get_by_label("Reason:", exact=True).select_option("Outside the eligible countries")
    submit(page, "Do it")
    expect(page.get_by_role("status").first).to_contain_text("2 proposals screened.")
    assert sorted(Proposal.objects.filter(eligibility="ineligible").values_list("title", flat=True)) == [
        "Huertos de Texas",
        "Semillas de Quito",
    ]

    # Everything else is shortlisted: the ineligible are skipped.
    page.get_by_label("Action").select_option("shortlist")
    page.get_by_role("radio", name="all 4 that the filters keep").check()
    submit(page, "Do it")
    expect(page.get_by_role("status").first).to_contain_text("2 proposals shortlisted.")

    # A message to the shortlisted teams.
    page.goto(f"{live_server.url}/console/{challenge.slug}/messages/new/")
    page.get_by_label("To").select_option("shortlisted")
    page.get_by_label("Subject").fill("Next steps")
    page.get_by_role("textbox", name="Message:").fill("You are **shortlisted**: the jury meets on Monday.")
    submit(page, "Preview")
    expect(page.get_by_text("It will go to 2 people")).to_be_visible()
    mail.outbox.clear()
    submit(page, "Send to 2 people")
    assert sorted(message.to[0] for message in mail.outbox if message.subject == "Reto Consola: Next steps") == [
        "lead1@example.org",
        "lead2@example.org",
    ]

    # The filtered export: only what the filters keep.
    page.goto(f"{live_server.url}/console/{challenge.slug}/proposals/?eligibility=ineligible")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert sorted(row["Title"] for row in rows) == ["Huertos de Texas", "Semillas de Quito"]


def test_the_team_of_an_ineligible_proposal_reads_the_reason(english, live_server, call):
    challenge, organizer, teams = call
    Proposal.objects.filter(title="Huertos de Texas").update(
        eligibility="ineligible", eligibility_reason="Outside the eligible countries"
    )
    sign_in(english, live_server.url, teams["Huertos de Texas"])
    page = english.new_page()

    page.goto(live_server.url + Proposal.objects.get(title="Huertos de Texas").get_absolute_url())

    note = page.get_by_role("note").filter(has_text="does not meet the rules of the call")
    expect(note).to_contain_text("Outside the eligible countries")
