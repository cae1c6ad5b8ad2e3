"""Participation figures without tracking: views of public pages counted per day and kind of page, buffered in the
cache, with nothing about the visitor stored; robots left out; shown on the figures page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from figures.middleware import PageViewMiddleware
from figures.models import PageView
from figures.visits import page_views_flush
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
LIMA = ZoneInfo("America/Lima")


@pytest.fixture
def browser():
    return Client(headers={"user-agent": BROWSER})


def counted() -> dict:
    return {(row.day.isoformat(), row.page): row.views for row in PageView.objects.all()}


@time_machine.travel(datetime(2026, 5, 4, 23, 30, tzinfo=LIMA), tick=False)  # after midnight in UTC
def test_a_view_of_a_public_page_is_counted_on_the_day_in_lima(browser, settings):
    settings.PAGE_VIEWS_FLUSH_EVERY = 1
    browser.get(reverse("challenges:list"))
    browser.get(reverse("challenges:list"))
    browser.get(reverse("labs:list"))

    assert counted() == {("2026-05-04", "challenges:list"): 2, ("2026-05-04", "labs:list"): 1}


@pytest.mark.parametrize(
    "user_agent",
    ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32", "Slurp"],
)
def test_robots_and_scripts_are_not_counted(settings, user_agent):
    settings.PAGE_VIEWS_FLUSH_EVERY = 1
    Client(headers={"user-agent": user_agent}).get(reverse("challenges:list"))

    assert counted() == {}


def test_only_successful_gets_of_public_pages_are_counted(browser, settings):
    settings.PAGE_VIEWS_FLUSH_EVERY = 1
    browser.get(reverse("account_login"))  # not a public page of the network
    browser.get("/challenges/no-such-call/")  # 404
    browser.post(reverse("challenges:list"))  # 405
    browser.get(reverse("home"))

    assert [page for _day, page in counted()] == ["home"]


def test_nothing_about_the_visitor_is_stored(settings):
    """The record has a day, a kind of page and a number: no person, address, cookie, agent or page address."""
    settings.PAGE_VIEWS_FLUSH_EVERY = 1
    person = make_user("visitante@example.org", full_name="Vera Visitante")
    client = Client(headers={"user-agent": BROWSER}, REMOTE_ADDR="203.0.113.7")
    client.force_login(person)
    client.cookies["tracking"] = "abc123"
    client.get(reverse("challenges:list") + "?q=secreto")

    assert [field.name for field in PageView._meta.get_fields()] == ["id", "day", "page", "views"]
    assert list(PageView.objects.values_list("page", "views")) == [("challenges:list", 1)]
    stored = repr(list(PageView.objects.values()))
    for personal in ("203.0.113", "visitante", "Vera", "abc123", "secreto", "Mozilla"):
        assert personal not in stored


def test_the_counter_sets_no_cookie_and_reads_no_session():
    request = RequestFactory().get("/", headers={"user-agent": BROWSER})
    request.resolver_match = type("Match", (), {"view_name": "home"})()
    response = PageViewMiddleware(lambda request: HttpResponse("ok"))(request)

    assert response.cookies == {}
    assert not hasattr(request, "session")


def test_views_wait_in_the_cache_and_reach_the_database_in_one_update(browser, settings, django_assert_num_queries):
    settings.PAGE_VIEWS_FLUSH_EVERY = 3
    browser.get(reverse("labs:list"))
    browser.get(reverse("labs:list"))
    assert counted() == {}  # still in the cache

    browser.get(reverse("labs:list"))
    assert list(counted().values()) == [3]

    browser.get(reverse("labs:list"))
    with django_assert_num_queries(1):  # an UPDATE … views + 1 of the existing row
        page_views_flush()
    assert list(counted().values()) == [4]


def test_the_figures_page_shows_the_visits(browser, settings, english_client):
    settings.PAGE_VIEWS_FLUSH_EVERY = 20
    for _ in range(2):
        browser.get(reverse("challenges:list"))
    browser.get(reverse("home"))

    response = english_client.get(reverse("figures:index"))

    assert response.context["visits"]["total"] == 3
    pages = {row[0]: row[1] for row in response.context["charts"]["visit_pages"].rows}
    assert pages == {"Challenges": "2", "Home page": "1"}
    assert "seen 3 times in the last 30 days" in response.content.decode()
