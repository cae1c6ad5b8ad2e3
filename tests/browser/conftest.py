"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Chromium is never downloaded: the tests use the system's /usr/bin/chromium and skip
without it, unless REQUIRE_BROWSER=1 (as in CI), where a missing browser fails.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous enough for a slow CI machine; a real failure still ends the test quickly.
TIMEOUT_MS = 15_000
LIVE_SOCKETS = re.compile(r"^wss?://[^/]+/ws/")


@pytest.fixture(scope="module")
def _chromium_available() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM}; install it with: apt-get install chromium"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    """Let the test thread use the ORM while Playwright's event loop is alive.

    Between calls, Playwright's sync API leaves its asyncio loop marked as running in
    the test thread, so Django would raise SynchronousOnlyOperation for every query
    (the test's own and pytest-django's flush after each test). Scoped to the module,
    the variable outlives the browser and is restored before any other test runs.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_chromium_available, _async_unsafe_allowed) -> Browser:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_context(browser: Browser, request: pytest.FixtureRequest):
    """Open fresh browser profiles, closed when the test ends: Spanish as in Peru unless `locale` says otherwise;
    other keyword arguments go to `browser.new_context`, e.g. `java_script_enabled=False`.

    Every signed-in page follows the person's socket (/ws/me/ in base.html) and some follow others. pytest-django's
    `live_server` speaks WSGI only: there each handshake was answered 404 ("Not Found: /ws/me/" in the log) and
    live.js, which cannot tell a 404 from a dropped connection, retried with backoff for as long as the page stayed
    open, so a retry could still be in the server when the test ended and the database was flushed under it. On
    that server the sockets are therefore answered by the browser itself, open and silent: the page renders its
    current state anyway, and no request reaches a server that cannot serve it. Tests that need live updates serve
    the ASGI application (`asgi_url` in test_live), where the sockets are real.

    Every page opened must keep the Content Security Policy: a refusal fails the test.
    """
    contexts = []
    violations = []  # the Content Security Policy's refusals, which Chromium reports on the console
    on_wsgi_server = "live_server" in request.fixturenames

    def open_one(**options) -> BrowserContext:
        context = browser.new_context(**{"locale": "es-PE", "timezone_id": "America/Lima", **options})
        context.set_default_timeout(TIMEOUT_MS)
        context.on(
            "console",
            lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        if on_wsgi_server:
            context.route_web_socket(LIVE_SOCKETS, lambda socket: None)  # never connected to the server
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()
    assert violations == [], "the pages broke their Content Security Policy"


@pytest.fixture
def context(open_context) -> BrowserContext:
    """A fresh profile (no cookies) whose browser asks for Spanish, as in Peru."""
    return open_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def new_page(open_context):
    """Open pages in further fresh profiles, set up like `context`, for another person in the same test."""
    return lambda **options: open_context(**options).new_page()
