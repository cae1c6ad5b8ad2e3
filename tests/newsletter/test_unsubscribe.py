"""Unsubscribing without signing in: one click from the mail client (RFC 8058 POST), or the page with a button;
a second time says so, a tampered link is refused, and the withdrawal is recorded with its time."""

import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from innovation_platform.accounts.personal_data import consents
from innovation_platform.accounts.services import POLICIES_SESSION_KEY, profile_update
from newsletter.unsubscribe import SALT, unsubscribe_token
from tests.newsletter import newsletter_world
from tests.newsletter.newsletter_world import reader

world = newsletter_world.world

WITHDRAWN_AT = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


@pytest.fixture
def ana(world):
    return reader("ana")


def url_for(token: str) -> str:
    return reverse("newsletter:unsubscribe", args=[token])


def subscribed(user) -> tuple:
    user.profile.refresh_from_db()
    return user.profile.newsletter_consent, user.profile.newsletter_consent_at, user.profile.newsletter_withdrawn_at


def test_the_one_click_post_unsubscribes_and_records_when(ana):
    """What a mail client sends: a POST with `List-Unsubscribe=One-Click`, no cookie, no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(WITHDRAWN_AT, tick=False):
        response = client.post(url_for(unsubscribe_token(ana)), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert subscribed(ana) == (False, None, WITHDRAWN_AT)
    assert consents(ana)["newsletter"] == {"given": False, "given_at": None, "withdrawn_at": WITHDRAWN_AT.isoformat()}


def test_the_page_asks_before_unsubscribing(ana):
    """A link opened (by the person, or by a mail scanner) changes nothing until the button is pressed."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = url_for(unsubscribe_token(ana))

    page = client.get(url)
    before = subscribed(ana)[0]
    done = client.post(url)

    assert (page.status_code, before) == (200, True)
    assert "The network's newsletter will no longer be sent to ana@example.org." in page.content.decode()
    assert '<form method="post">' in page.content.decode()
    assert "Done: ana@example.org is unsubscribed from the network's newsletter." in done.content.decode()
    assert subscribed(ana)[0] is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_used_twice_says_it_is_already_done(ana, method):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = url_for(unsubscribe_token(ana))
    with time_machine.travel(WITHDRAWN_AT, tick=False):
        client.post(url)

    response = getattr(client, method)(url)

    assert response.status_code == 200
    assert "ana@example.org is already unsubscribed from the network's newsletter" in response.content.decode()
    assert subscribed(ana)[2] == WITHDRAWN_AT  # the first withdrawal's time stands


@pytest.mark.parametrize(
    "token",
    [
        "tampered",
        "x" * 300,
        # Signed by the site for another purpose: the salt tells them apart.
        signing.dumps({"user": 1}),
        signing.dumps({"user": "1"}, salt=SALT),
        signing.dumps([1], salt=SALT),
        signing.dumps({"user": 999999}, salt=SALT),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_clearly(ana, token, method):
    response = getattr(Client(HTTP_ACCEPT_LANGUAGE="en"), method)(url_for(token))

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert subscribed(ana)[0] is True


def test_a_changed_signature_is_refused(ana):
    token = unsubscribe_token(ana)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = Client().post(url_for(forged))

    assert (response.status_code, subscribed(ana)[0]) == (400, True)


def test_withdrawing_on_the_profile_records_the_time_too(ana):
    with time_machine.travel(WITHDRAWN_AT, tick=False):
        profile_update(
            profile=ana.profile, user_data={}, profile_data={"newsletter_consent": False}, skills=[], interests=[]
        )

    assert subscribed(ana) == (False, None, WITHDRAWN_AT)


def test_someone_with_policies_to_accept_can_still_unsubscribe(ana):
    """The page to leave the newsletter is open even before accepting a new version of the policies."""
    client = Client()
    client.force_login(ana)
    session = client.session
    session[POLICIES_SESSION_KEY] = {"ids": [1], "at": time.time()}
    session.save()

    elsewhere = client.get(reverse("newsletter:archive"))
    response = client.get(url_for(unsubscribe_token(ana)))

    assert (elsewhere.status_code, response.status_code) == (302, 200)
