"""A lead invites a co-author by e-mail; the co-author follows the e-mailed link, logs in and joins."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from proposals.services.submission import proposal_start
from tests.browser.test_journeys import log_in_with_password, path_in, submit
from tests.conftest import PASSWORD, make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser


def test_a_lead_invites_a_co_author_who_logs_in_and_joins(page: Page, new_page, live_server, mailoutbox):
    base = live_server.url
    now = timezone.now()
    challenge = make_challenge(
        make_lab(), visibility="published", phases={"proposals": (now - timedelta(days=1), now + timedelta(days=9))}
    )
    lead = make_user("lead@example.org", full_name="Rosa Quispe")
    make_user("coautora@example.org", full_name="Killa Ccori")
    proposal = proposal_start(challenge=challenge, actor=lead, title="Biohuertos escolares")
    team = f"/proposals/{proposal.pk}/team/"

    # The lead invites the co-author from the team page.
    log_in_with_password(page, base, "lead@example.org")
    page.goto(f"{base}{team}")
    invite_form = f'main form[action="{team}invite/"]'
    page.locator(f'{invite_form} input[name="email"]').fill("coautora@example.org")
    submit(page, invite_form)
    expect(page.locator("main")).to_contain_text("coautora@example.org")

    # The e-mail carries the link; the co-author opens it signed out and is asked to log in.
    assert [message.to for message in mailoutbox] == [["coautora@example.org"]]
    invitation_path = path_in(mailoutbox[0].body, "/proposals/invitation/")
    guest = new_page()
    guest.goto(f"{base}{invitation_path}")
    expect(guest.locator("main")).to_contain_text("Biohuertos escolares")
    with guest.expect_navigation():
        guest.locator(f'main a[href="/accounts/login/?next={invitation_path}"]').click()
    guest.locator('main input[name="login"]').fill("coautora@example.org")
    guest.locator('main input[name="password"]').fill(PASSWORD)
    submit(guest, "main form[action^='/accounts/login/']")

    # Back on the invitation, they accept and land on the team page, listed as a co-author.
    expect(guest).to_have_url(f"{base}{invitation_path}")
    with guest.expect_navigation():
        guest.locator('main button[name="answer"][value="accept"]').click()
    expect(guest).to_have_url(f"{base}{team}")
    expect(guest.locator("main .team-members")).to_contain_text("Killa Ccori")

    # The lead sees them in the team too, and the invitation is no longer pending.
    page.reload()
    expect(page.locator("main .team-members")).to_contain_text("Killa Ccori")
    expect(page.locator("main")).not_to_contain_text("coautora@example.org")
