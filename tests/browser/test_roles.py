"""A collaborator applies to an open role; the lead accepts; the collaborator then appears on the team."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from proposals.models import Proposal, ProposalMember, RoleSlot
from tests.browser.test_journeys import log_in_with_password, submit
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser


def test_a_collaborator_applies_and_the_lead_accepts(page: Page, new_page, live_server, mailoutbox):
    base = live_server.url
    now = timezone.now()
    challenge = make_challenge(
        make_lab(),
        visibility="published",
        phases={"collaborator_call": (now - timedelta(days=1), now + timedelta(days=9))},
    )
    lead = make_user("lead@example.org", full_name="Rosa Quispe")
    make_user("colab@example.org", full_name="Killa Ccori")
    proposal = Proposal.objects.create(challenge=challenge, title="Biohuertos escolares", status="selected", number=1)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    slot = RoleSlot.objects.create(proposal=proposal, title="Diseñadora industrial", skills=["CAD"])

    # The collaborator finds the role in the call and applies.
    log_in_with_password(page, base, "colab@example.org")
    page.goto(f"{base}/proposals/challenge/{challenge.slug}/roles/")
    expect(page.locator("main")).to_contain_text("Diseñadora industrial")
    with page.expect_navigation():
        page.locator(f'main a[href="/proposals/roles/{slot.pk}/apply/"]').click()
    page.locator('main textarea[name="motivation"]').fill("Diseño prototipos con CAD.")
    page.locator('main textarea[name="links"]').fill("https://killa.example.org")
    submit(page, "main form")
    expect(page).to_have_url(f"{base}/proposals/applications/")
    expect(page.locator("main table")).to_contain_text("Diseñadora industrial")

    # The lead reads the application on the team's roles page and accepts it.
    lead_page = new_page()
    log_in_with_password(lead_page, base, "lead@example.org")
    lead_page.goto(f"{base}/proposals/{proposal.pk}/roles/")
    expect(lead_page.locator("main")).to_contain_text("Diseño prototipos con CAD.")
    with lead_page.expect_navigation():
        lead_page.locator('main button[name="decision"][value="accept"]').click()
    assert [message.to for message in mailoutbox] == [["colab@example.org"]]

    # The collaborator is now on the team.
    lead_page.goto(f"{base}/proposals/{proposal.pk}/team/")
    expect(lead_page.locator("main")).to_contain_text("Killa Ccori")
    page.reload()
    expect(page.locator("main table .badge.status-accepted")).to_be_visible()
