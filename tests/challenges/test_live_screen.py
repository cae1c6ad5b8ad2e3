"""The live page's big-screen mode for the lab's projector (/challenges/<slug>/live/screen/): the same live board
without the site's header and footer, with a connection indicator for static/js/live.js, visible to whoever may
see the live page, and still fed by the challenge's socket."""

import re

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from challenges.models import Announcement
from challenges.services import section_save
from tests.conftest import make_challenge, make_lab, make_user
from tests.live.conftest import TIMEOUT, connect


@pytest.fixture
def challenge(db):
    return make_challenge(make_lab(), "reto-agua", title="Reto del agua", visibility="published")


def screen_url(challenge) -> str:
    return reverse("challenges:live_screen", args=[challenge.slug])


@pytest.mark.django_db
class TestThePage:
    def test_it_is_the_live_board_without_the_sites_chrome(self, client, challenge):
        html = client.get(screen_url(challenge)).text
        assert '<body class="screen-mode">' in html
        assert "site-header" not in html and "site-footer" not in html and "skip-link" not in html
        assert f'data-live-url="/ws/challenges/{challenge.slug}/"' in html
        for section in ["live-phase", "live-figures", "live-announcements", "live-schedule", "live-selection"]:
            assert f'id="{section}"' in html  # the sections live.js refreshes by id, as on the live page
        assert "js/live.js" in html and "js/countdown.js" in html

    def test_the_connection_indicator_waits_for_the_script(self, english_client, challenge):
        """Hidden in the markup: without JavaScript nothing connects, so nothing claims to be live."""
        html = english_client.get(screen_url(challenge)).text
        indicator = re.search(r"<p class=\"live-connection\" data-live-connection hidden[^>]*>", html, re.S)
        assert indicator is not None
        for state, label in [
            ("connecting", "Connecting…"),
            ("connected", "Live"),
            ("offline", "Offline: reconnecting"),
        ]:
            assert f'data-label-{state}="{label}"' in indicator.group(0)
        assert "data-live-connection" not in english_client.get(reverse("challenges:live", args=[challenge.slug])).text

    def test_the_live_page_links_to_it(self, client, challenge):
        html = client.get(reverse("challenges:live", args=[challenge.slug])).text
        assert f'href="{screen_url(challenge)}"' in html

    def test_navigation_links_stay_on_the_site_page(self, client, challenge):
        html = client.get(screen_url(challenge)).text
        assert reverse("challenges:announcements", args=[challenge.slug]) not in html
        assert reverse("challenges:schedule", args=[challenge.slug]) not in html

    @pytest.mark.parametrize(
        ("who", "status"), [("anonymous", 404), ("citizen", 404), ("organizer", 200)]
    )  # fmt: skip
    def test_a_draft_challenges_screen_is_for_its_organizers_only(self, client, who, status):
        organizer = make_user("org@example.org")
        draft = make_challenge(make_lab("lab-puno", admin=organizer), "borrador")
        if who != "anonymous":
            client.force_login(organizer if who == "organizer" else make_user("rosa@example.org"))
        assert client.get(screen_url(draft)).status_code == status

    def test_it_answers_only_get(self, client, challenge):
        assert client.post(screen_url(challenge)).status_code == 405


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_screen_follows_the_socket_it_names_and_receives_new_announcements():
    """The page names its socket and the replay's start; an announcement published from the console arrives."""

    @database_sync_to_async
    def setting_up():
        organizer = make_user("org@example.org")
        challenge = make_challenge(make_lab(admin=organizer), "reto-agua", visibility="published")
        html = Client().get(screen_url(challenge)).text
        return organizer, challenge, re.search(r'data-live-url="([^"]+)" data-live-last="(\d+)"', html).groups()

    organizer, challenge, (path, last) = await setting_up()
    communicator = await connect(f"{path}?last={last}")
    try:
        await database_sync_to_async(section_save)(
            challenge=challenge,
            actor=organizer,
            obj=Announcement(title="¡Empezamos!", body="Bienvenidas y bienvenidos."),
            section="announcements",
        )
        frame = await communicator.receive_json_from(timeout=TIMEOUT)
    finally:
        await communicator.disconnect()
    assert frame["type"] == "announcement.published"
    assert frame["payload"]["title"] == "¡Empezamos!"
