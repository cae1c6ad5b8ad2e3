"""Mobile first, in a real browser: on a 390 px phone the gallery shows its results first with the filters folded
(without JavaScript too) and sorts and filters through the URL; on a wide screen the filters stand open beside the
results; the expo juror's vote buttons are on the first screen at every stand; the live page's big-screen mode
shows the socket's state and keeps updating. axe-core checks each page (WCAG 2.2 A and AA)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from challenges.models import Announcement
from challenges.services import section_save
from tests.browser.test_judging import off_the_test_thread, sign_in
from tests.browser.test_live import asgi_url  # noqa: F401  (the ASGI server, for real sockets)
from tests.conftest import make_challenge, make_lab, make_user
from tests.core.mobile_world import call_with_supports, make_proposal
from tests.judging.pairwise_world import make_projects, make_round
from tests.judging.scoring_world import make_juror

pytestmark = [pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def on_first_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.fixture
def gallery_url(live_server, lab):
    challenge = call_with_supports(lab)
    for i in range(12):
        make_proposal(challenge, f"Biohuertos {i:02d}" if i % 2 else f"Ferias {i:02d}", region="PE-CUS")
    return f"{live_server.url}/proposals/challenge/{challenge.slug}/"


def test_on_a_phone_the_gallery_shows_results_first_and_filters_and_sorts_through_the_url(open_context, gallery_url):
    page = open_context(**PHONE).new_page()
    page.goto(gallery_url)
    panel = page.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator(".filter-form")).to_be_hidden()
    assert on_first_screen(page, ".proposal-cards > li h3")  # a result, not a form, on the first screen
    assert_accessible(page)

    panel.locator("summary").click()
    expect(page.locator(".filter-form")).to_be_visible()
    page.locator(".filter-form input[name=q]").fill("biohuertos")
    with page.expect_navigation():
        page.locator(".filter-form button[type=submit]").click()
    expect(page.locator(".proposal-cards > li")).to_have_count(6)
    expect(panel.locator("summary .count")).to_have_text(re.compile(r"^1 \w+"))  # "1 aplicado"

    page.select_option("#id_sort", "title")
    with page.expect_navigation():
        page.locator(".list-sort button[type=submit]").click()
    assert "q=biohuertos" in page.url and "sort=title" in page.url
    titles = page.locator(".proposal-cards > li h3").all_inner_texts()
    assert titles == sorted(titles) and len(titles) == 6
    assert_accessible(page)


def test_without_javascript_the_phone_gallery_still_folds_and_filters(open_context, gallery_url):
    page = open_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(gallery_url + "?sort=nonsense")
    expect(page.locator(".filter-form")).to_be_hidden()
    assert on_first_screen(page, ".proposal-cards > li h3")
    page.locator("details.filters-panel summary").click()  # the browser's own disclosure
    page.locator(".filter-form input[name=q]").fill("ferias")
    with page.expect_navigation():
        page.locator(".filter-form button[type=submit]").click()
    expect(page.locator(".proposal-cards > li")).to_have_count(6)


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(open_context, gallery_url, live_server):
    page = open_context(**DESKTOP).new_page()
    for url in [gallery_url, f"{live_server.url}/labs/", f"{live_server.url}/challenges/"]:
        page.goto(url)
        expect(page.locator("details.filters-panel")).to_have_attribute("open", "")
        form = page.locator(".filter-form").bounding_box()
        results = page.locator(".list-results").bounding_box()
        assert form["x"] + form["width"] <= results["x"]  # side by side
        assert_accessible(page)


def test_the_expo_jurors_vote_is_on_the_first_screen_at_every_stand(open_context, live_server):
    organizer = make_user("org@example.org")
    challenge = make_challenge(make_lab("lab-expo", admin=organizer), "reto-expo", visibility="published")
    round_ = make_round(challenge)
    for project in make_projects(challenge, 4):
        project.summary = " ".join(["Una explicación larga del proyecto y de su equipo."] * 12)
        project.save(update_fields=["summary"])
    juror = make_juror(round_, make_user("ana@example.org", full_name="Ana Jurado"))
    context = open_context(**PHONE)
    sign_in(context, live_server.url, juror.user)
    page = context.new_page()
    page.goto(f"{live_server.url}/judging/rounds/{round_.pk}/expo/")
    with page.expect_navigation():
        page.locator("form[action$='/expo/start/'] button").click()
    for stand in range(4):
        vote = page.locator("form.expo-vote button[name=better]")
        expect(vote.first).to_be_visible()
        assert on_first_screen(page, "form.expo-vote .actions"), f"the vote is below the first screen at stand {stand}"
        if stand == 1:
            assert_accessible(page)
        with page.expect_navigation():
            vote.first.click()


def test_the_big_screen_shows_the_connection_and_keeps_updating(open_context, asgi_url):  # noqa: F811
    organizer = make_user("org@example.org")
    challenge = make_challenge(make_lab(admin=organizer), "reto-agua", title="Reto del agua", visibility="published")
    context = open_context(**PROJECTOR)
    page = context.new_page()
    page.goto(f"{asgi_url}/challenges/{challenge.slug}/live/screen/")
    indicator = page.locator("[data-live-connection]")
    expect(indicator).to_have_attribute("data-state", "connected")
    expect(indicator).to_be_visible()
    expect(indicator).to_contain_text(indicator.get_attribute("data-label-connected"))
    expect(page.locator("header.site-header, footer.site-footer")).to_have_count(0)
    font_size = page.locator("h1").evaluate("heading => parseFloat(getComputedStyle(heading).fontSize)")
    assert font_size >= 60  # read from the back of the room
    assert_accessible(page)

    announcement = Announcement(title="¡Empezamos!", body="Bienvenidas y bienvenidos.")
    off_the_test_thread(
        lambda: section_save(challenge=challenge, actor=organizer, obj=announcement, section="announcements")
    )
    expect(page.locator("[data-live-announcements] > article.announcement h3")).to_have_text(["¡Empezamos!"])

    context.set_offline(True)
    expect(indicator).to_have_attribute("data-state", "offline")
    expect(indicator).to_contain_text(indicator.get_attribute("data-label-offline"))
    context.set_offline(False)
    expect(indicator).to_have_attribute("data-state", "connected")


def test_my_proposals_keep_status_and_actions_in_view_on_a_phone(open_context, live_server, lab, citizen):
    challenge = call_with_supports(lab)
    make_proposal(challenge, "Red de biohuertos familiares en San Jerónimo", lead=citizen, region="PE-CUS")
    context = open_context(**PHONE)
    sign_in(context, live_server.url, citizen)
    page = context.new_page()
    page.goto(f"{live_server.url}/proposals/mine/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing cut off to the right
    for cell in [".stack-table .badge", ".stack-table .row-actions a"]:
        box = page.locator(cell).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
    expect(page.locator(".stack-table thead")).not_to_be_in_viewport()
    assert_accessible(page)
