"""The look, checked in a real browser over the demo: every key page, signed out and as each role, at 1366 px and
390 px, has no axe-core violation of WCAG 2.2 A and AA and weighs at most 150 KB on a first load (HTML, CSS, JS,
images and fonts, as Chromium received them); the header keeps one row and its account menu works by keyboard."""

from importlib.resources import files

import pytest
from playwright.sync_api import Page, expect

from tests.browser.key_pages import CITIZEN, key_pages
from tests.browser.test_journeys import log_in_with_password
from tests.conftest import make_user
from tests.core.identity_world import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser

AXE_SCRIPT = files("axe_playwright_python").joinpath("axe.min.js").read_text()
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGE_BUDGET = 150 * 1024
WIDTHS = {"desktop": 1366, "mobile": 390}


def axe_violations(page: Page) -> list[str]:
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_22_A_AA}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:160]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def signed_in_state(open_context, base: str, email: str) -> dict:
    page = open_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.locator('main input[name="login"]').fill(email)
    page.locator('main input[name="password"]').fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator('main input[name="password"]').press("Enter")
    return page.context.storage_state()


def test_key_pages_have_no_accessibility_violations_and_stay_within_the_page_budget(open_context, live_server):
    load_demo()
    base = live_server.url
    pages = key_pages()
    assert len({name for _who, name, _path in pages}) >= 20
    states = {None: None}
    for who in dict.fromkeys(who for who, _name, _path in pages if who):
        states[who] = signed_in_state(open_context, base, who)

    violations, heavy, wrapped = [], [], []
    for who, name, path in pages:
        for device, width in WIDTHS.items():
            # A fresh profile per page: nothing cached, as on a first visit.
            context = open_context(viewport={"width": width, "height": 900}, storage_state=states[who])
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request, finished=finished: finished.append(request))
            response = page.goto(base + path)
            assert response.status == 200, (who, path, response.status)
            label = f"{who or 'anonymous'} {name} ({device})"
            weight = sum(request.sizes()["responseBodySize"] for request in finished)
            if weight > PAGE_BUDGET:
                heavy.append(f"{label}: {weight / 1024:.0f} KB")
            header = page.locator("header.site-header").bounding_box()
            if header["height"] > 64:
                wrapped.append(f"{label}: the header is {header['height']:.0f} px high")
            violations += [f"{label} {violation}" for violation in axe_violations(page)]
            context.close()
    assert not violations, "\n".join(violations)
    assert not heavy, "\n".join(heavy)
    assert not wrapped, "\n".join(wrapped)


def test_the_account_menu_opens_from_the_keyboard_and_closes_with_escape(page: Page, live_server):
    make_user(CITIZEN, full_name="Rosa Quispe")
    log_in_with_password(page, live_server.url, CITIZEN)
    menu = page.locator("header details.menu-account")
    log_out = menu.locator('form[action="/accounts/logout/"] button')
    expect(log_out).to_be_hidden()

    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(log_out).to_be_visible()
    expect(menu.get_by_role("link", name="Mis propuestas")).to_be_visible()
    # A citizen who organizes nothing is not offered the console.
    expect(menu.get_by_role("link", name="Consola")).to_have_count(0)

    page.keyboard.press("Escape")
    expect(log_out).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()


def test_the_account_menu_works_without_javascript(open_context, live_server):
    make_user(CITIZEN, full_name="Rosa Quispe")
    page = open_context(java_script_enabled=False).new_page()
    log_in_with_password(page, live_server.url, CITIZEN)
    page.locator("header details.menu-account > summary").click()
    with page.expect_navigation():
        page.locator('header form[action="/accounts/logout/"] button').click()
    expect(page.locator("header details.menu-account")).to_have_count(0)
