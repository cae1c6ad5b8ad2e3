"""The similar-proposals panel in a real browser: it follows what is typed, without a reload."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from proposals.models import Proposal, ProposalStatus
from proposals.services.similar import proposal_terms_rebuild
from tests.browser.test_proposals import sign_in
from tests.conftest import make_challenge, make_lab

pytestmark = pytest.mark.browser


@pytest.fixture
def open_call(db):
    now = timezone.now()
    challenge = make_challenge(
        make_lab(),
        "reto-biohuertos",
        code="BIOHUERTO",
        visibility="published",
        phases={"proposals": (now - timedelta(days=1), now + timedelta(days=10))},
    )
    for number, title in enumerate(["Biohuertos escolares en Puno", "Riego por goteo solar", "Quinua andina"], 1):
        Proposal.objects.create(challenge=challenge, title=title, status=ProposalStatus.SUBMITTED, number=number)
    proposal_terms_rebuild()
    return challenge


def test_the_list_follows_the_title_being_typed(context: BrowserContext, live_server, open_call):
    sign_in(context, live_server.url, "killa@example.org")
    page = context.new_page()
    page.goto(f"{live_server.url}/proposals/new/{open_call.slug}/")
    results = page.locator('section.similar [aria-live="polite"]')
    expect(results.locator("a")).to_have_count(0)

    page.locator('input[name="title"]').press_sequentially("Riego por goteo")
    expect(results.locator("a")).to_have_text(["Riego por goteo solar"])

    page.locator('input[name="title"]').fill("Quinua andina para loncheras")
    expect(results.locator("a")).to_have_text(["Quinua andina"])
    expect(results.locator(".reference")).to_have_text(["BIOHUERTO-0003"])
