"""In a real browser: a team member lets organizers write to her, and the organizer then finds her address (and only
hers) on the proposal; a reminder to drafts tells the organizer, before sending, that each person also gets their
own part, and the draft's lead finds it where the notification leads.

The browser asks for English, so the page is found by the labels in our code.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from innovation_platform.labs.models import LabMembership
from innovation_platform.live.models import Notification
from proposals.models import Proposal, ProposalMember
from tests.browser.test_console_list import sign_in, submit
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def english(browser, open_context) -> BrowserContext:
    return open_context(locale="en-US", timezone_id="America/Lima")


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-browser")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab, "reto-contacto", code="CONTACTO", visibility="published", phases={"proposals": (NOW - 9 * DAY, NOW + DAY)}
    )
    rosa = make_user("rosa@example.org", full_name="Rosa Quispe", language="en")
    pedro = make_user("pedro@example.org", full_name="Pedro Ñahui", language="en")
    sent = Proposal.objects.create(challenge=challenge, title="Quinua andina", number=1, status="submitted")
    ProposalMember.objects.create(proposal=sent, user=rosa, role="lead")
    ProposalMember.objects.create(proposal=sent, user=pedro, role="member")
    draft = Proposal.objects.create(challenge=challenge, title="Huerto escolar", summary="Un huerto")
    ProposalMember.objects.create(proposal=draft, user=pedro, role="lead")
    return {"challenge": challenge, "organizer": organizer, "rosa": rosa, "sent": sent}


def test_a_member_agrees_to_be_contacted_and_the_organizer_sees_her_address_only(english, live_server, call):
    sign_in(english, live_server.url, call["rosa"])
    page = english.new_page()
    page.goto(f"{live_server.url}/profile/")
    consent = page.get_by_label("Organizers of the calls I take part in may contact me by e-mail")
    expect(consent).not_to_be_checked()
    consent.check()
    page.get_by_label("Region").select_option("PE-CUS")  # required in Peru
    submit(page, "Save profile")
    expect(page.get_by_role("status").first).to_contain_text("Your profile has been saved.")
    expect(consent).to_be_checked()
    english.clear_cookies()

    sign_in(english, live_server.url, call["organizer"])
    page.goto(f"{live_server.url}/console/{call['challenge'].slug}/proposals/{call['sent'].pk}/")

    team = page.get_by_role("region", name="Team")
    expect(team.get_by_role("link", name="rosa@example.org")).to_have_attribute("href", "mailto:rosa@example.org")
    expect(team.get_by_role("listitem").filter(has_text="Pedro Ñahui")).to_contain_text(
        "Has not agreed to be contacted"
    )
    expect(team).not_to_contain_text("pedro@example.org")


def test_a_reminder_to_drafts_carries_each_persons_own_part(english, live_server, call):
    sign_in(english, live_server.url, call["organizer"])
    page = english.new_page()
    page.goto(f"{live_server.url}/console/{call['challenge'].slug}/messages/new/")
    page.get_by_label("To").select_option("drafts")
    page.get_by_label("Subject").fill("Last day")
    page.get_by_role("textbox", name="Message:").fill("The call closes **tomorrow**.")
    submit(page, "Preview")
    expect(
        page.get_by_text("Each person also receives, in their language, what their drafts still miss")
    ).to_be_visible()
    submit(page, "Send to 1 person")
    english.clear_cookies()

    pedro = ProposalMember.objects.get(role="lead", proposal__status="draft").user
    sign_in(english, live_server.url, pedro)
    page.goto(live_server.url + Notification.objects.get(user=pedro, kind="message").url)

    mine = page.get_by_role("region", name="For you, today")
    expect(mine).to_contain_text("“Huerto escolar” still misses")
    expect(mine).to_contain_text(re.compile(r"The call closes in \d+ hours, on"))
    expect(mine.get_by_role("link", name="Open it in the editor")).to_be_visible()
