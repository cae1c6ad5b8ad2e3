"""Someone without an account opens a team invitation, signs up, verifies the address and is back at it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from proposals.services.submission import proposal_start
from proposals.services.teams import team_invite
from tests.browser.test_journeys import path_in, submit
from tests.conftest import PASSWORD, make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser


def test_an_invitee_signs_up_verifies_in_another_browser_and_joins_the_team(
    page: Page, new_page, live_server, mailoutbox
):
    base = live_server.url
    now = timezone.now()
    challenge = make_challenge(
        make_lab(), visibility="published", phases={"proposals": (now - timedelta(days=1), now + timedelta(days=9))}
    )
    lead = make_user("lead@example.org", full_name="Rosa Quispe")
    proposal = proposal_start(challenge=challenge, actor=lead, title="Biohuertos escolares")
    team_invite(proposal=proposal, actor=lead, email="nueva@example.org")
    invitation_path = path_in(mailoutbox[-1].body, "/proposals/invitation/")

    # Signed out, the invitee opens the link and chooses to sign up.
    page.goto(f"{base}{invitation_path}")
    expect(page.locator("main")).to_contain_text("Biohuertos escolares")
    with page.expect_navigation():
        page.locator(f'main a[href="/accounts/signup/?next={invitation_path}"]').click()
    page.locator('main input[name="full_name"]').fill("Killa Ccori")
    page.locator('main input[name="email"]').fill("nueva@example.org")
    page.locator('main input[name="password1"]').fill(PASSWORD)
    page.locator('main input[name="password2"]').fill(PASSWORD)
    for box in page.locator('main input[name="accept_policies"]').all():
        box.check()
    submit(page, "main form[action^='/accounts/signup/']")
    expect(page.locator("main h1")).to_have_text("Verifica tu dirección de correo electrónico")

    # The mail app opens the verification link in another browser: confirming leads to the invitation there.
    verification = path_in(mailoutbox[-1].body, "/accounts/confirm-email/")
    phone = new_page()
    phone.goto(f"{base}{verification}")
    submit(phone, "main form[action^='/accounts/confirm-email/']")
    expect(phone).to_have_url(f"{base}{invitation_path}")

    # Signing in from the invitation comes back to it; they accept and are in the team.
    with phone.expect_navigation():
        phone.locator(f'main a[href="/accounts/login/?next={invitation_path}"]').click()
    phone.locator('main input[name="login"]').fill("nueva@example.org")
    phone.locator('main input[name="password"]').fill(PASSWORD)
    submit(phone, "main form[action^='/accounts/login/']")
    expect(phone).to_have_url(f"{base}{invitation_path}")
    with phone.expect_navigation():
        phone.locator('main button[name="answer"][value="accept"]').click()
    expect(phone).to_have_url(f"{base}/proposals/{proposal.pk}/team/")
    expect(phone.locator("main .team-members")).to_contain_text("Killa Ccori")
