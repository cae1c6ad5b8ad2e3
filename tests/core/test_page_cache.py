"""The page cache (core/page_cache.py): who gets a cached copy, in which language, with whose CSRF token; conditional
requests; the clock; queries per page, whatever the call's size; and for signed-in visitors, the parts of a page every
visitor sees, kept while what is their own is not."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from innovation_platform.core.models import PageVersion
from innovation_platform.core.page_cache import DIRECTORY, challenge_scope, shared_part
from innovation_platform.labs.models import Lab
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_user
from tests.core import page_cache_world

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
english = page_cache_world.english
world = page_cache_world.world

GALLERY = "/proposals/challenge/reto-lluvia/"
PUBLIC_PAGES = ["/", "/challenges/", "/challenges/reto-lluvia/", GALLERY, "/labs/", "/innovators/"]


def token_of(content: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_spanish_page_is_never_served_to_an_english_visitor(world, url):
    spanish = Client(headers={"accept-language": "es"})
    english = Client(headers={"accept-language": "en"})
    assert '<html lang="es">' in spanish.get(url).content.decode()
    response = english.get(url)
    assert '<html lang="en">' in response.content.decode()
    assert '<html lang="es">' in spanish.get(url).content.decode()
    assert {"Cookie", "Accept-Language"} <= {part.strip() for part in response["Vary"].split(",")}


def test_a_signed_in_person_gets_their_own_page(world, english, client):
    english.get("/labs/")
    client.force_login(world["lead"])
    assert "Log out" in client.get("/labs/", headers={"accept-language": "en"}).content.decode()


def test_a_visitor_with_a_message_waiting_sees_it(world, client):
    client.get("/")  # cached
    client.force_login(world["lead"])
    response = client.post("/accounts/logout/", follow=True)  # signed out, with "You have signed out."
    assert response.request["PATH_INFO"] == "/"
    assert "Cerraste sesión" in response.content.decode()


def test_each_visitor_gets_their_own_csrf_token_that_works(world):
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        visitor.get("/labs/")  # the first visit sets the CSRF cookie
        content = visitor.get("/labs/").content  # the cached copy
        tokens.append(token_of(content))
        answer = visitor.post("/i18n/setlang/", {"language": "en", "next": "/labs/", "csrfmiddlewaretoken": tokens[-1]})
        assert answer.status_code == 302
    assert tokens[0] != tokens[1]


def test_a_conditional_request_is_answered_304_until_the_page_changes(
    world, english, django_capture_on_commit_callbacks
):
    english.get(GALLERY)
    response = english.get(GALLERY)
    assert response["Cache-Control"] == "no-cache"
    etag = response["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert english.get(GALLERY, headers={"if-none-match": etag}).status_code == 304
    assert len(queries) == 2  # the challenge's id and the versions: nothing rendered
    with django_capture_on_commit_callbacks(execute=True):
        Proposal.objects.get(pk=world["shown"].pk).save()
    changed = english.get(GALLERY, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_version_bumped_by_another_worker_is_seen_at_once(world, english):
    """The versions are read from the database on every request, not from this worker's memory."""
    english.get("/labs/")
    Lab.objects.filter(pk=world["lab"].pk).update(name="Laboratorio del Lago")  # no signal: nothing bumped here
    assert "Laboratorio Altiplano" in english.get("/labs/").content.decode()
    PageVersion.objects.update_or_create(scope=DIRECTORY, defaults={"version": 41})  # as another worker's commit
    assert "Laboratorio del Lago" in english.get("/labs/").content.decode()


def test_a_cached_page_is_rendered_again_once_its_period_is_over(world, english, settings):
    """What changes with the clock alone (a call closing, a countdown) shows within PUBLIC_PAGE_CACHE_SECONDS."""
    with time_machine.travel(world["now"], tick=False) as traveller:
        english.get("/labs/")
        Lab.objects.filter(pk=world["lab"].pk).update(name="Laboratorio del Lago")
        assert "Laboratorio Altiplano" in english.get("/labs/").content.decode()
        traveller.shift(timedelta(seconds=settings.PUBLIC_PAGE_CACHE_SECONDS))
        assert "Laboratorio del Lago" in english.get("/labs/").content.decode()


def add_proposals(challenge, count: int) -> None:
    start = Proposal.objects.filter(challenge=challenge).count()
    for i in range(count):
        proposal = Proposal.objects.create(
            challenge=challenge, title=f"Propuesta {i}", status="submitted", number=start + i + 1
        )
        ProposalMember.objects.create(proposal=proposal, user=make_user(f"p{start + i}@example.org"), role="lead")


def queries_with_3_and_30_proposals(world, visitor, url: str) -> list[int]:
    """The queries of the page's second view (the first keeps what it may) with 3, then 30 proposals in the call."""
    counts = []
    for extra in (2, 27):
        add_proposals(world["challenge"], extra)
        PageVersion.objects.update_or_create(scope=challenge_scope(world["challenge"].pk), defaults={"version": extra})
        visitor.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(url).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "proposal"])
def test_a_cached_page_costs_the_same_few_queries_for_3_and_30_proposals(world, english, url):
    url = f"/proposals/{world['shown'].pk}/" if url == "proposal" else url
    counts = queries_with_3_and_30_proposals(world, english, url)
    # The page's scope (a challenge's or a proposal's row) when its address names one, and the versions.
    per_answer = 2 if "/challenges/reto" in url or "/proposals/" in url else 1
    assert counts == [per_answer, per_answer]


def test_the_signed_in_gallery_counts_from_the_cache(world, client):
    """The gallery's total comes from the count kept under the call's version: the second view runs no COUNT."""
    client.force_login(world["lead"])
    add_proposals(world["challenge"], 29)
    client.get(GALLERY)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(GALLERY)
    assert "30 proposals" in response.content.decode() or "30 propuestas" in response.content.decode()
    assert not [q for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]  # the facets, cached apart, group


def signed_in(user) -> Client:
    visitor = Client(headers={"accept-language": "en"})
    visitor.force_login(user)
    return visitor


def test_signed_in_visitors_share_the_cards_and_keep_their_own_header(world):
    """The second signed-in visitor gets the cards the first one's view rendered, without a query for them, and
    their own name in the header."""
    add_proposals(world["challenge"], 3)
    first = signed_in(make_user("ana@example.org", full_name="Ana Arce")).get(GALLERY).content.decode()
    other = signed_in(make_user("beto@example.org", full_name="Beto Bravo"))
    with CaptureQueriesContext(connection) as queries:
        second = other.get(GALLERY).content.decode()
    assert not [q for q in queries if 'FROM "proposals_proposal"' in q["sql"] or "taggit_tag" in q["sql"]]
    cards = re.compile(r'<ul class="cards proposal-cards">.*?</ul>', re.S)
    assert cards.search(first).group() == cards.search(second).group()
    assert "Propuesta 2" in second and "Bofedales vivos" in second
    assert "Beto Bravo" in second and "Ana Arce" not in second


def test_a_signed_in_gallery_costs_the_same_few_queries_for_3_and_30_proposals(world):
    counts = queries_with_3_and_30_proposals(world, signed_in(make_user("ana@example.org")), GALLERY)
    assert counts[0] == counts[1]


def test_a_kept_part_carries_each_visitors_own_csrf_token(world):
    """A kept part with a form gets the token of whoever reads it, never the one of who rendered it first."""
    requests = [RequestFactory().get("/labs/") for _ in range(2)]
    for request in requests:
        request.shared_parts_key = "the-same-page"
    rendered = [
        shared_part(
            request,
            "form",
            (),
            lambda request=request: f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">',
        )
        for request in requests
    ]
    # Each token is masked anew: what must match is the secret it hides, the visitor's own.
    secrets = [_unmask_cipher_token(token_of(part.encode())) for part in rendered]
    assert secrets == [request.META["CSRF_COOKIE"] for request in requests]
    assert secrets[0] != secrets[1]
