"""An innovator unsubscribes from the network's newsletter in one click, from the link of an e-mail she received,
without signing in. axe-core checks each page she sees.

The browser asks for English, so the page is found by the labels in our code.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

from innovation_platform.accounts.models import Profile
from newsletter.services import newsletter_send
from tests.conftest import make_user
from tests.newsletter.newsletter_world import make_newsletter, reader

pytestmark = pytest.mark.browser


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_innovator_unsubscribes_in_one_click_from_the_email(open_context, live_server, settings):
    settings.SITE_URL = live_server.url  # the links of the e-mail lead to this server
    innovator = reader("killa", full_name="Killa Ccori", language="en")
    staff = make_user("staff@example.org", is_staff=True)
    newsletter_send(newsletter=make_newsletter(staff), actor=staff)
    (email,) = [message for message in mail.outbox if message.to == ["killa@example.org"]]
    html = email.alternatives[0][0]
    link = re.search(r'<a href="([^"]+)">Unsubscribe in one click</a>', html).group(1)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    page = open_context(locale="en-US").new_page()

    page.goto(link)
    expect(page.get_by_text("The network's newsletter will no longer be sent to killa@example.org.")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("status")).to_have_text(
        "Done: killa@example.org is unsubscribed from the network's newsletter."
    )
    assert_accessible(page)
    profile = Profile.objects.get(user=innovator)
    assert (profile.newsletter_consent, profile.newsletter_withdrawn_at is not None) == (False, True)

    page.goto(link)  # the same link again
    expect(page.get_by_role("status")).to_contain_text("already unsubscribed")
