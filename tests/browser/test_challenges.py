"""A challenge's life in a real browser: an organizer builds and publishes it in the console,
a citizen finds it in the directory, follows it and takes its calendar.

As in the other journeys, elements are found by structure (field names, addresses, ARIA
attributes) rather than by our own wording, whose Spanish catalogue may change; where the
page's own words matter (the follow button), the expected text comes from the catalogue.
"""

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from playwright.sync_api import Page, expect

from challenges.models import Challenge, Follow, Question
from innovation_platform.core.audit import audit_entries
from tests.browser.test_journeys import log_in_with_password, submit
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser

LIMA = ZoneInfo("America/Lima")
TITLE = "Agua limpia para Cusco"
SESSION_TITLE = "Taller de arranque"
ORGANIZER_EMAIL = "lucia@example.org"
CITIZEN_EMAIL = "rosa@example.org"
# The console's pages: the current step's own form (the item list's delete forms have an action).
STEP_FORM = 'main section[aria-labelledby="step-title"] form:not([action])'
STEP_ITEMS = 'main section[aria-labelledby="step-title"] ul.item-list > li'
SUCCESS = "main .messages .message-success"
CARDS = "main ul.challenge-cards > li.challenge-card"


def local_input(moment: datetime) -> str:
    """A moment as a datetime-local value in Lima, the challenge's time zone."""
    return timezone.localtime(moment, LIMA).strftime("%Y-%m-%dT%H:%M")


def in_spanish(message: str) -> str:
    """What the catalogue shows for `message` in the browser's language."""
    with translation.override("es"):
        return gettext(message)


def open_console_step(page: Page, slug: str, step: str) -> None:
    with page.expect_navigation():
        page.locator(f'nav.console-steps a[href="/console/{slug}/{step}/"]').click()
    expect(page.locator(f'nav.console-steps a[href="/console/{slug}/{step}/"]')).to_have_attribute(
        "aria-current", "page"
    )


def add_item(page: Page, fields: dict[str, str], *, count: int) -> None:
    """Fill the step's form by field names, add the item and see it listed (`count` in all)."""
    form = page.locator(STEP_FORM)
    for name, value in fields.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    submit(page, STEP_FORM)
    expect(page.locator(SUCCESS)).to_have_count(1)
    expect(page.locator(f"{STEP_FORM} .errorlist")).to_have_count(0)
    expect(page.locator(STEP_ITEMS)).to_have_count(count)


def test_organizer_publishes_a_challenge_and_a_citizen_follows_it(page: Page, new_page, live_server):
    base = live_server.url
    now = timezone.now()
    organizer = make_user(ORGANIZER_EMAIL, full_name="Lucía Paredes")
    citizen = make_user(CITIZEN_EMAIL, full_name="Rosa Quispe")
    lab = make_lab("lab-cusco", admin=organizer)
    # Two other public challenges that the directory's filters must leave out: an open one of
    # another kind, and an upcoming one of the same kind.
    other_lab = make_lab("lab-lima", region="PE-LIM")
    make_challenge(
        other_lab,
        "hackaton-lima",
        kind="hackathon",
        visibility="published",
        phases={"proposals": (now - timedelta(days=2), now + timedelta(days=5))},
    )
    make_challenge(
        lab,
        "ideaton-futuro",
        kind="ideathon",
        visibility="published",
        phases={"proposals": (now + timedelta(days=30), now + timedelta(days=40))},
    )

    # The timeline: a call for proposals running now, then an evaluation; a session in 3 days.
    proposals_start, proposals_end = now - timedelta(days=1), now + timedelta(days=10)
    evaluation_start, evaluation_end = proposals_end + timedelta(minutes=1), proposals_end + timedelta(days=20)
    session_day = timezone.localtime(now, LIMA).date() + timedelta(days=3)
    session_start = datetime.combine(session_day, time(18, 0), tzinfo=LIMA)
    session_end = session_start + timedelta(hours=2)

    # 1. The organizer logs in and creates the challenge from the console.
    log_in_with_password(page, base, ORGANIZER_EMAIL)
    page.goto(f"{base}/console/")
    with page.expect_navigation():
        page.locator('main a[href="/console/new/"]').click()
    new_form = 'main form[enctype="multipart/form-data"]'
    page.locator(f'{new_form} select[name="lab"]').select_option(str(lab.pk))
    page.locator(f'{new_form} input[name="title"]').fill(TITLE)
    page.locator(f'{new_form} input[name="tagline"]').fill("Ideas para el agua de las comunidades")
    page.locator(f'{new_form} input[name="theme"]').fill("agua")
    page.locator(f'{new_form} select[name="kind"]').select_option("ideathon")
    page.locator(f'{new_form} select[name="scope"]').select_option("national")
    expect(page.locator(f'{new_form} select[name="timezone"]')).to_have_value("America/Lima")
    # The eligible countries: typing filters the long list (accents ignored), and what is ticked is said on top.
    picker = page.locator(f"{new_form} [data-picker]")
    picker.locator('input[type="search"]').fill("peru")
    expect(picker.locator(".picker-option:visible")).to_have_count(1)
    picker.locator('input[value="PE"]').check()
    picker.locator('input[type="search"]').fill("colom")
    picker.locator('input[value="CO"]').check()
    expect(picker.locator("[data-picker-chosen]")).to_contain_text("Perú, Colombia")
    page.locator(f'{new_form} textarea[name="description"]').fill("Buscamos **soluciones** para el agua.")
    submit(page, new_form)

    # A draft, and the console goes on to its timeline.
    challenge = Challenge.objects.get(title=TITLE)
    slug = challenge.slug
    assert (challenge.lab, challenge.kind, challenge.visibility) == (lab, "ideathon", "draft")
    assert [country.code for country in challenge.eligible_countries] == ["CO", "PE"]
    expect(page).to_have_url(f"{base}/console/{slug}/timeline/")
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(SUCCESS)).to_have_count(1)

    timeline = page.locator(STEP_FORM)
    timeline.locator('input[name="proposals_start"]').fill(local_input(proposals_start))
    timeline.locator('input[name="proposals_end"]').fill(local_input(proposals_end))
    timeline.locator('input[name="evaluation_start"]').fill(local_input(evaluation_start))
    timeline.locator('input[name="evaluation_end"]').fill(local_input(evaluation_end))
    submit(page, STEP_FORM)

    expect(page).to_have_url(f"{base}/console/{slug}/timeline/")
    expect(page.locator(SUCCESS)).to_have_count(1)
    expect(timeline.locator('input[name="proposals_start"]')).to_have_value(local_input(proposals_start))
    expect(timeline.locator('input[name="proposals_end"]')).to_have_value(local_input(proposals_end))
    expect(timeline.locator('input[name="evaluation_end"]')).to_have_value(local_input(evaluation_end))

    # Two questions: a short text one and a single choice one with two choices, one per line.
    open_console_step(page, slug, "questions")
    add_item(page, {"label": "¿Cómo se llama tu equipo?", "kind": "short_text"}, count=1)
    add_item(
        page,
        {"label": "¿Dónde lo pondrías a prueba?", "kind": "single_choice", "choices": "Cusco\nApurímac\n"},
        count=2,
    )
    assert list(Question.objects.filter(challenge=challenge).order_by("pk").values_list("kind", "choices")) == [
        ("short_text", []),
        ("single_choice", ["Cusco", "Apurímac"]),
    ]

    # One session in the schedule.
    open_console_step(page, slug, "sessions")
    add_item(
        page,
        {
            "title": SESSION_TITLE,
            "starts_at": local_input(session_start),
            "ends_at": local_input(session_end),
            "place": "Casa de la Cultura, Cusco",
        },
        count=1,
    )

    # Publishing goes through the checklist, then leads to the public page, on which the call for proposals is the
    # current phase.
    page.locator(f'main a[href="/console/{slug}/publish/"]').click()
    expect(page.locator("main ul.checklist > li")).to_have_count(5)
    with page.expect_navigation():
        page.locator('main form.inline-form:not([action]) button[type="submit"]').click()
    expect(page).to_have_url(f"{base}/challenges/{slug}/")
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(SUCCESS)).to_have_count(1)
    expect(page.locator("main .draft-banner")).to_have_count(0)
    phases = page.locator("main ol.timeline > li")
    expect(phases).to_have_count(2)
    expect(phases.nth(0)).to_have_attribute("aria-current", "step")
    expect(phases.nth(1)).not_to_have_attribute("aria-current", "step")
    expect(page.locator('main ol.timeline > li[aria-current="step"]')).to_have_count(1)

    # 2. A citizen, in another browser and without JavaScript, filters the directory.
    citizen_page = new_page(java_script_enabled=False)
    log_in_with_password(citizen_page, base, CITIZEN_EMAIL)
    citizen_page.goto(f"{base}/challenges/")
    expect(citizen_page.locator(CARDS)).to_have_count(3)
    filters = "main form.filter-form"
    citizen_page.locator("main details.filters-panel > summary").click()  # the panel starts closed without JavaScript
    citizen_page.locator(f'{filters} select[name="status"]').select_option("open")
    citizen_page.locator(f'{filters} select[name="kind"]').select_option("ideathon")
    submit(citizen_page, filters)

    expect(citizen_page).to_have_url(re.compile(r"/challenges/\?(?=.*\bstatus=open\b)(?=.*\bkind=ideathon\b)"))
    expect(citizen_page.locator(f'{filters} select[name="status"]')).to_have_value("open")
    card = citizen_page.locator(CARDS)
    expect(card).to_have_count(1)
    expect(card.locator("h3 a")).to_have_text(TITLE)
    with citizen_page.expect_navigation():
        card.locator("h3 a").click()
    expect(citizen_page).to_have_url(f"{base}/challenges/{slug}/")
    expect(citizen_page.locator("main h1")).to_have_text(TITLE)

    # Following: the same form now offers to stop following.
    follow = citizen_page.locator(f'main form[action="/challenges/{slug}/follow/"]')
    expect(follow.locator('button[type="submit"]')).to_have_text(in_spanish("Follow this challenge"))
    with citizen_page.expect_navigation():
        follow.locator('button[type="submit"]').click()
    expect(citizen_page).to_have_url(f"{base}/challenges/{slug}/")
    expect(citizen_page.locator(SUCCESS)).to_have_count(1)
    expect(follow.locator('button[type="submit"]')).to_have_text(in_spanish("Stop following"))
    expect(follow.locator(".badge")).to_have_count(1)

    # The whole challenge's calendar: downloaded as a file, served as text/calendar.
    calendar_path = f"/challenges/{slug}/calendar.ics"
    with citizen_page.expect_download() as download_info:
        citizen_page.locator(f'main .actions a[href="{calendar_path}"]').click()
    download = download_info.value
    assert download.suggested_filename == f"{slug}.ics"
    ics = Path(download.path()).read_bytes().decode()  # as served: CRLF line ends
    response = citizen_page.request.get(base + calendar_path)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text() == ics

    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == 3  # two phases and the session
    [session] = [event for event in events if str(event["SUMMARY"]) == SESSION_TITLE]
    utc_start = session_start.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    assert session["DTSTART"].to_ical().decode() == utc_start
    assert f"\r\nDTSTART:{utc_start}\r\n" in ics  # written in UTC, with its "Z"

    # 3. What was stored: the follow, and the audit trail of the organizer's steps, in order.
    assert Follow.objects.filter(user=citizen, challenge=challenge).exists()
    trail = audit_entries(challenge).order_by("created_at", "pk")
    assert [entry.action for entry in trail] == [
        "challenge.created",
        "challenge.timeline_changed",
        "challenge.questions.added",
        "challenge.questions.added",
        "challenge.sessions.added",
        "challenge.published",
    ]
    assert {entry.actor for entry in trail} == {organizer}
