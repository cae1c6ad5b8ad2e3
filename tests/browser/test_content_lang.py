"""An announcement arriving live on the English interface is marked as Spanish, like the ones the server rendered."""

import threading

import pytest
from django.db import connection, transaction
from playwright.sync_api import expect

from challenges import events
from challenges.models import Announcement
from tests.browser.test_live import ANNOUNCEMENTS, asgi_url, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def publish(challenge) -> None:
    with transaction.atomic():
        announcement = Announcement.objects.create(challenge=challenge, title="Cambio de aula", body="En el aula 2.")
        events.announcement_published(announcement)
    connection.close()


def test_a_live_announcement_keeps_the_language_it_was_written_in(asgi_url, world, new_page):  # noqa: F811
    Announcement.objects.create(challenge=world, title="Bienvenida", body="Hola a todos.")
    watcher = new_page(locale="en-GB")
    watcher.goto(f"{asgi_url}/challenges/{world.slug}/live/")
    expect(watcher.locator(f"{ANNOUNCEMENTS} h3")).to_have_attribute("lang", "es")

    # Published from another thread: Playwright's event loop runs in this one, and the broadcast is synchronous.
    publisher = threading.Thread(target=publish, args=[world])
    publisher.start()
    publisher.join()

    expect(watcher.locator(ANNOUNCEMENTS)).to_have_count(2)
    arrived = watcher.locator(ANNOUNCEMENTS).first
    expect(arrived.locator("h3")).to_have_text("Cambio de aula")
    expect(arrived.locator("h3")).to_have_attribute("lang", "es")
    expect(arrived.locator(".prose")).to_have_attribute("lang", "es")
    expect(watcher.locator("html")).to_have_attribute("lang", "en")
