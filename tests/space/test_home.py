"""The home page leads with the open calls (nearest deadline first) and the upcoming ones, then the network's
figures and labs. Its calls are kept between requests, yet a call published, changed or closed shows on the very
next request."""

from datetime import timedelta

import pytest
from django.urls import reverse

from challenges.models import Phase, PhaseKind, Visibility
from challenges.services import challenge_publish
from tests.conftest import make_challenge, make_lab
from tests.space import space_world
from tests.space.space_world import NOW, lima

client, english, frozen, world = space_world.client, space_world.english, space_world.frozen, space_world.world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    """Results may be kept for minutes, as in production (the test settings keep nothing by default)."""
    settings.FIGURES_CACHE_SECONDS = 300


def titles(response, key: str) -> list[str]:
    return [challenge.title for challenge in response.context[key]]


def test_open_calls_come_first_by_nearest_deadline_then_the_upcoming_ones(client, world):
    response = client.get(reverse("home"))
    page = response.content.decode()

    assert titles(response, "open_calls") == ["Reto Pronto", "Reto Abierto"]
    assert titles(response, "upcoming") == ["Reto Futuro"]
    assert page.index("Reto Pronto") < page.index("Reto Abierto") < page.index("Reto Futuro")
    assert page.index("Reto Futuro") < page.index("The network in figures") < page.index("Recently verified labs")
    assert "Reto Pasado" not in page and "Reto Borrador" not in page and "Reto En Evaluacion" not in page
    assert "11 hours left" in page and "Closes in 3 days" in page and "Starts in 4 days" in page


def test_the_anonymous_home_reads_its_calls_once_whatever_their_number(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Cold: the site's version (1), the open calls, the upcoming ones and their next change (3 queries), the
    figures (2), the labs (1) and the labs' growth chart (1); warm: the calls are not read again (the figures and the
    chart are kept only by the page cache, off here, under the versions of what they count)."""
    with django_assert_num_queries(8):
        client.get(reverse("home"))
    with django_assert_num_queries(5):
        client.get(reverse("home"))
    lab = make_lab("lab-more")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(30):
            make_challenge(
                lab,
                f"reto-mas-{number}",
                visibility="published",
                phases={PhaseKind.PROPOSALS: (lima(1), lima(12) + timedelta(hours=number))},
            )
    client.get(reverse("home"))  # the new calls were saved: read again once

    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert len(response.context["open_calls"]) == 6  # the six nearest deadlines, "See all open calls" for the rest


def test_a_call_published_shows_on_the_next_request(client, world, django_capture_on_commit_callbacks):
    client.get(reverse("home"))
    draft = world["calls"]["draft"]

    with django_capture_on_commit_callbacks(execute=True):
        challenge_publish(challenge=draft, actor=world["people"]["organizer"])

    assert "Reto Borrador" in titles(client.get(reverse("home")), "open_calls")


def test_a_deadline_moved_shows_on_the_next_request(client, world, django_capture_on_commit_callbacks):
    client.get(reverse("home"))
    phase = Phase.objects.get(challenge=world["calls"]["open"], kind=PhaseKind.PROPOSALS)
    phase.ends_at = lima(10, 18)
    with django_capture_on_commit_callbacks(execute=True):
        phase.save()

    assert titles(client.get(reverse("home")), "open_calls") == ["Reto Abierto", "Reto Pronto"]


def test_a_call_that_closes_leaves_the_open_calls_at_its_deadline(client, world, frozen):
    assert "Reto Pronto" in titles(client.get(reverse("home")), "open_calls")

    frozen.move_to(lima(10, 23, 59, 58))
    assert "Reto Pronto" in titles(client.get(reverse("home")), "open_calls")
    frozen.move_to(lima(11, 0, 0, 0))
    response = client.get(reverse("home"))

    assert titles(response, "open_calls") == ["Reto Abierto"]


def test_an_upcoming_call_moves_to_the_open_ones_when_it_opens(client, world, frozen):
    client.get(reverse("home"))
    frozen.move_to(lima(15, 0, 0, 1))

    response = client.get(reverse("home"))

    assert "Reto Futuro" in titles(response, "open_calls") and titles(response, "upcoming") == []


def test_an_archived_call_leaves_the_home_on_the_next_request(client, world, django_capture_on_commit_callbacks):
    client.get(reverse("home"))
    call = world["calls"]["open"]
    call.visibility = Visibility.ARCHIVED
    with django_capture_on_commit_callbacks(execute=True):
        call.save()

    assert "Reto Abierto" not in titles(client.get(reverse("home")), "open_calls")


def test_signed_in_people_are_led_to_their_space_from_the_home(client, world):
    anonymous = client.get(reverse("home")).content.decode()
    client.force_login(world["people"]["citizen"])

    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("space:mine")}"' in page and "Go to My space" in page
    assert "Go to My space" not in anonymous


def test_without_calls_the_home_says_what_to_do(client, db):
    page = client.get(reverse("home")).content.decode()

    assert "No call is open right now." in page


def test_the_same_moment_in_lima_is_used_for_the_countdowns(client, world):
    """12:00 in Lima is 17:00 UTC: "Reto Pronto" closes at 23:59:59 Lima time, almost 12 hours later."""
    assert NOW.utcoffset() == timedelta(hours=-5)
    page = client.get(reverse("home")).content.decode()

    assert 'datetime="2027-03-11T04:59:59Z"' in page
