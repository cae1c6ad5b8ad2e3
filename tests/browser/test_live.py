"""Live updates in a real browser over a real WebSocket: an organizer publishes announcements from the console
and a citizen watching the challenge's live page sees them arrive without reloading, including one published
while the citizen's network was down (replayed on reconnection).

pytest-django's `live_server` speaks WSGI only, so the ASGI application (HTTP and WebSockets, as deployed) is
served by uvicorn in a thread of the test process. A thread rather than a process: the suite's SQLite database
lives in memory (shared between the connections of one process), and the in-memory channel layer is per process;
with DATABASE_URL and REDIS_URL set (CI's second pass) the same test runs on PostgreSQL and Redis. Uvicorn rather
than daphne because Twisted's reactor cannot be started twice in one process.
"""

import re
import threading
import time
from datetime import timedelta

import pytest
import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from challenges.models import Announcement, Follow
from innovation_platform.accounts.models import User
from innovation_platform.asgi import application
from innovation_platform.live.models import LiveEvent
from tests.browser.test_challenges import add_item, local_input
from tests.browser.test_journeys import log_in_with_password
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = [pytest.mark.browser]

ANNOUNCEMENTS = "main [data-live-announcements] > article.announcement"
STATUS = "main [data-live-status]"
BELL = "header [data-live-unread-count]"


@pytest.fixture
def asgi_url(transactional_db, monkeypatch):
    """The base URL of the ASGI application served on a free port until the test ends."""
    # Django runs each ASGI request in a thread of its own: a persistent connection (PostgreSQL's CONN_MAX_AGE)
    # would outlive its thread and keep the test database busy, so the server's connections close after use.
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
    # Static files as Django's and Channels' live servers serve them (WhiteNoise's responses are synchronous).
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),
        host="127.0.0.1",
        port=0,
        lifespan="off",
        ws="websockets-sansio",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the ASGI server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def world(transactional_db):
    """A published challenge organized by Lucía, and Rosa, a citizen."""
    organizer = make_user("lucia@example.org", full_name="Lucía Paredes")
    make_user("rosa@example.org", full_name="Rosa Quispe")
    return make_challenge(make_lab("lab-cusco", admin=organizer), "reto-agua", visibility="published")


def publish_announcement(console: Page, title: str, *, count: int) -> None:
    """From the console's announcements step; returns once the organizer's page has answered."""
    add_item(console, {"title": title, "body": f"Detalles de *{title}*."}, count=count)


def test_announcements_reach_a_watching_citizen_live_and_after_a_network_drop(
    asgi_url, world, context: BrowserContext, new_page
):
    organizer = new_page()
    log_in_with_password(organizer, asgi_url, "lucia@example.org")
    organizer.goto(f"{asgi_url}/console/{world.slug}/announcements/")
    # Following the challenge: each announcement is also a notification, counted on the bell over /ws/me/.
    Follow.objects.create(challenge=world, user=User.objects.get(email="rosa@example.org"))
    citizen = context.new_page()
    log_in_with_password(citizen, asgi_url, "rosa@example.org")
    sockets = []
    citizen.on("websocket", lambda socket: sockets.append(socket.url))
    citizen.goto(f"{asgi_url}/challenges/{world.slug}/live/")
    expect(citizen.locator("main [data-live-empty]")).to_have_count(1)
    # Set on the page's window: still there at the end means the page was never reloaded.
    citizen.evaluate("window.stillTheSamePage = true")

    publish_announcement(organizer, "Cambio de aula", count=1)

    expect(citizen.locator(ANNOUNCEMENTS)).to_have_count(1, timeout=1000)
    first = citizen.locator(ANNOUNCEMENTS).first
    expect(first.locator("h3")).to_have_text("Cambio de aula")
    expect(first.locator(".prose")).to_have_text("Detalles de Cambio de aula.")
    expect(citizen.locator(STATUS)).to_have_text(re.compile("Cambio de aula"))
    expect(citizen.locator("main [data-live-empty]")).to_have_count(0)
    expect(citizen.locator(BELL)).to_have_text("1")

    context.set_offline(True)
    publish_announcement(organizer, "Nueva fecha del demo day", count=2)
    citizen.wait_for_timeout(1000)
    expect(citizen.locator(ANNOUNCEMENTS)).to_have_count(1)  # nothing arrives while offline
    context.set_offline(False)

    expect(citizen.locator(f"{ANNOUNCEMENTS} h3")).to_have_text(["Nueva fecha del demo day", "Cambio de aula"])
    expect(citizen.locator(BELL)).to_have_text("2")
    assert citizen.evaluate("window.stillTheSamePage") is True
    # The page's socket started after the last event it rendered (none), and came back after the one it had seen.
    seen = LiveEvent.objects.get(type="announcement.published", payload__title="Cambio de aula")
    socket = f"{asgi_url.replace('http://', 'ws://')}/ws/challenges/{world.slug}/"
    assert [url for url in sockets if "/ws/challenges/" in url] == [f"{socket}?last=0", f"{socket}?last={seen.pk}"]


def test_a_session_added_for_today_appears_on_the_watching_page(asgi_url, world, context: BrowserContext, new_page):
    organizer = new_page()
    log_in_with_password(organizer, asgi_url, "lucia@example.org")
    organizer.goto(f"{asgi_url}/console/{world.slug}/sessions/")
    citizen = context.new_page()
    citizen.goto(f"{asgi_url}/challenges/{world.slug}/live/")
    expect(citizen.locator("main #live-schedule li")).to_have_count(0)
    citizen.evaluate("window.stillTheSamePage = true")
    now = timezone.now()

    add_item(
        organizer,
        {"title": "Mentoría abierta", "starts_at": local_input(now), "ends_at": local_input(now + timedelta(hours=1))},
        count=1,
    )

    # The section is fetched again from the server, within the client's spread of 1.5 s.
    expect(citizen.locator("main #live-schedule li")).to_have_text([re.compile("Mentoría abierta")], timeout=5000)
    assert citizen.evaluate("window.stillTheSamePage") is True


def test_the_live_page_is_complete_without_javascript(asgi_url, world, new_page):
    Announcement.objects.create(challenge=world, title="Bienvenida", body="Hola")
    page = new_page(java_script_enabled=False)

    page.goto(f"{asgi_url}/challenges/{world.slug}/live/")

    expect(page.locator(f"{ANNOUNCEMENTS} h3")).to_have_text(["Bienvenida"])
    expect(page.locator("main #live-figures dd")).to_have_text(["0", "0", "0"])
