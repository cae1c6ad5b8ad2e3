"""Signed-in visitors of the home page, the challenges list and a challenge's page (core/page_cache.py): what every
visitor sees is kept rendered once (`{% shared %}`) and costs the next visitor no query, while what is their own
(their name, whether they follow the call, the organizers' links and charts) is never kept for someone else."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from challenges.models import Announcement, Challenge, FAQItem, Follow, Question, Session
from challenges.services import challenge_publish
from innovation_platform.core.models import PageVersion
from innovation_platform.core.page_cache import SITE, challenge_scope
from innovation_platform.labs.models import Lab
from innovation_platform.labs.services import lab_update
from tests.conftest import make_challenge, make_user
from tests.core import page_cache_world
from tests.core.page_cache_world import DAY

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
world = page_cache_world.world
english = page_cache_world.english

CHALLENGE = "/challenges/reto-lluvia/"
# What the shared parts of the three pages read: a visitor who gets them kept reads none of it.
KEPT_TABLES = re.compile(
    r'FROM "(challenges_challenge|challenges_phase|challenges_question|challenges_faqitem|challenges_quota'
    r'|challenges_session|challenges_announcement|taggit_tag|labs_lab|proposals_proposal|projects_\w+)"'
)


def signed_in(user) -> Client:
    visitor = Client(headers={"accept-language": "en"})
    visitor.force_login(user)
    return visitor


def read_without_kept_queries(visitor: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url)
    assert response.status_code == 200
    assert [q["sql"] for q in queries if KEPT_TABLES.search(q["sql"])] == []
    return response.content.decode()


def part(pattern: str, page: str) -> str:
    return re.search(pattern, page, re.S).group()


LAYOUT = r'<div class="challenge-layout">.*</article>'


def test_a_follower_and_a_stranger_share_the_challenge_page_and_keep_their_own_follow_button(world):
    follower = make_user("fede@example.org", full_name="Fede Flores")
    Follow.objects.create(challenge=world["challenge"], user=follower)
    first = signed_in(follower).get(CHALLENGE).content.decode()
    stranger = signed_in(make_user("beto@example.org", full_name="Beto Bravo"))

    second = read_without_kept_queries(stranger, CHALLENGE)

    assert part(LAYOUT, first) == part(LAYOUT, second)
    assert "Reto Lluvia" in second and "¿Cuántas familias?" in second and "Laboratorio Altiplano" in second
    assert "Beto Bravo" in second and "Fede Flores" not in second
    assert "Follow this challenge" in second and "You follow this challenge" not in second
    again = read_without_kept_queries(signed_in(follower), CHALLENGE)
    assert "You follow this challenge" in again and "Stop following" in again


def test_an_organizer_keeps_their_links_and_charts_and_a_citizen_never_gets_them(world):
    """A call that keeps its proposals private charts them for its organizers only: the kept layout differs."""
    Challenge.objects.filter(pk=world["challenge"].pk).update(proposals_public=False)
    organizer_page = signed_in(world["organizer"]).get(CHALLENGE).content.decode()
    citizen_page = signed_in(make_user("beto@example.org")).get(CHALLENGE).content.decode()

    assert "Edit in the console" in organizer_page and 'class="call-charts"' in organizer_page
    assert "Edit in the console" not in citizen_page and 'class="call-charts"' not in citizen_page
    assert "/console/reto-lluvia/" not in citizen_page
    organizer_again = read_without_kept_queries(signed_in(world["organizer"]), CHALLENGE)
    assert "Edit in the console" in organizer_again and 'class="call-charts"' in organizer_again


def test_an_events_entry_pass_is_offered_only_to_the_signed_in(world, english):
    """The actions' kept part depends on whether the visitor is signed in: a visitor signed out with a message
    waiting (who gets parts, not the cached page) is not offered an entry pass."""
    make_challenge(world["lab"], "taller", title="Taller", kind="training", visibility="published")
    assert "My entry pass" in signed_in(make_user("beto@example.org")).get("/challenges/taller/").content.decode()
    english.force_login(make_user("ana@example.org"))
    response = english.post("/accounts/logout/", {"next": "/challenges/taller/"}, follow=True)
    assert response.request["PATH_INFO"] == "/challenges/taller/"
    page = response.content.decode()
    assert "Log in to follow this challenge" in page and "My entry pass" not in page


def add_call_content(challenge, count: int, start: int) -> None:
    for i in range(start, start + count):
        Question.objects.create(challenge=challenge, label=f"Pregunta {i}", kind="short_text", position=i + 1)
        FAQItem.objects.create(challenge=challenge, question=f"¿Duda {i}?", answer="Respuesta", position=i)
        moment = challenge.phases.get().starts_at + i * timedelta(hours=1)
        Session.objects.create(challenge=challenge, title=f"Sesión {i}", starts_at=moment, ends_at=moment + DAY / 24)
        Announcement.objects.create(challenge=challenge, title=f"Anuncio {i}", body="Texto", published_at=moment)
        challenge.tags.add(f"tema {i}")


def test_a_signed_in_challenge_page_costs_the_same_few_queries_for_3_and_30_of_everything(world):
    visitor = signed_in(make_user("ana@example.org"))
    counts = []
    for start, count in ((0, 3), (3, 27)):
        add_call_content(world["challenge"], count, start)
        PageVersion.objects.update_or_create(scope=challenge_scope(world["challenge"].pk), defaults={"version": count})
        assert f"Pregunta {start + count - 1}" in visitor.get(CHALLENGE).content.decode()
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(CHALLENGE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_signed_in_visitors_share_the_challenges_list_and_keep_their_own_header(world):
    first = signed_in(make_user("ana@example.org", full_name="Ana Arce")).get("/challenges/").content.decode()
    second = read_without_kept_queries(signed_in(make_user("beto@example.org", full_name="Beto Bravo")), "/challenges/")

    cards = r'<ul class="cards challenge-cards">.*?</ul>'
    assert part(cards, first) == part(cards, second) and "Reto Lluvia" in second
    assert "Beto Bravo" in second and "Ana Arce" not in second


def add_calls(lab, count: int, start: int, now) -> None:
    for i in range(start, start + count):
        make_challenge(lab, f"reto-{i}", visibility="published", phases={"proposals": (now - DAY, now + i * DAY)})


@pytest.mark.parametrize("url", ["/", "/challenges/"])
def test_a_signed_in_list_of_calls_costs_the_same_few_queries_for_3_and_30_calls(world, url):
    visitor = signed_in(make_user("ana@example.org"))
    counts = []
    for start, count in ((0, 2), (2, 27)):
        add_calls(world["lab"], count, start, world["now"])
        PageVersion.objects.update_or_create(scope=SITE, defaults={"version": count})
        visitor.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_challenges_filters_and_counts_show_a_change_on_the_next_request(
    world, settings, django_capture_on_commit_callbacks
):
    """The themes, labs and counts per kind are kept under the site's version, not for minutes."""
    settings.FIGURES_CACHE_SECONDS = 300  # as in production: what was kept for minutes would still show the old ones
    visitor = signed_in(make_user("ana@example.org"))
    phases = {"proposals": (world["now"], world["now"] + DAY)}
    draft = make_challenge(
        world["lab"], "reto-nuevo", theme="salud", kind="hackathon", visibility="draft", phases=phases
    )
    before = visitor.get("/challenges/").content.decode()
    assert ">salud</option>" not in before and "1 challenge found" in before
    with django_capture_on_commit_callbacks(execute=True):
        challenge_publish(challenge=draft, actor=world["organizer"])
        lab_update(lab=world["lab"], data={"name": "Laboratorio del Lago"})
    after = visitor.get("/challenges/").content.decode()
    assert ">salud</option>" in after and "2 challenges found" in after
    assert ">Laboratorio del Lago</option>" in after
    kinds = part(r"<h3>By kind</h3>.*?</ul>", after)
    assert re.search(r'kind=hackathon"[^>]*>Hackathon</a> <span class="count">1</span>', kinds)


def test_signed_in_visitors_share_the_home_page_and_keep_their_own_greeting(world, client):
    first = signed_in(make_user("ana@example.org", full_name="Ana Arce")).get("/").content.decode()
    second = read_without_kept_queries(signed_in(make_user("beto@example.org", full_name="Beto Bravo")), "/")

    calls = r'<section aria-labelledby="open-calls-title".*</main>'
    assert part(calls, first) == part(calls, second) and "Reto Lluvia" in second
    assert "Beto Bravo" in second and "Ana Arce" not in second and "Go to My space" in second
    assert "Go to My space" not in client.get("/").content.decode()


def test_the_home_figures_count_a_new_lab_on_the_next_request(world, settings, django_capture_on_commit_callbacks):
    """The network's figures are kept under the labs' version, not for minutes."""
    settings.FIGURES_CACHE_SECONDS = 300
    visitor = signed_in(make_user("ana@example.org"))
    labs = r"<dt>Labs</dt><dd>(\d+)</dd>"
    before = int(re.search(labs, visitor.get("/").content.decode()).group(1))
    with django_capture_on_commit_callbacks(execute=True):
        Lab.objects.create(slug="lab-nuevo", name="Lab Nuevo", kind="public", country="PE", region="PE-CUS")
    assert int(re.search(labs, visitor.get("/").content.decode()).group(1)) == before + 1
