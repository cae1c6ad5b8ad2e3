"""The public figures page /cifras/: aggregates in SQL (constant queries), innovators only as counts with small
cells suppressed, private calls left out, fresh after a change, within the page-weight budget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_lab
from tests.core.page_cache_world import LOCAL_CACHE
from tests.figures.figures_world import make_innovators, make_proposals, network

pytestmark = pytest.mark.django_db
PAGE_BUDGET = 150 * 1024  # bytes of the first load: the HTML with its inline charts, the stylesheet, the scripts


def chart_rows(response, key: str) -> dict[str, list[str]]:
    chart = response.context["charts"][key]
    return {row[0]: list(row[1:]) for row in chart.rows}


def test_the_page_shows_every_chart_with_its_data(english_client):
    network(3)

    response = english_client.get(reverse("figures:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    for key in ("regions", "innovators", "kinds", "growth_labs", "growth_innovators", "editions", "origin", "visits"):
        assert f'id="{response.context["charts"][key].key}"' in html
    assert chart_rows(response, "kinds") == {"Academia": ["1"], "Public sector": ["1"], "Private sector": ["1"]}
    assert chart_rows(response, "regions")["Cusco"] == ["2", "3"]
    assert chart_rows(response, "regions")["Lima (region)"] == ["1", "0"]
    assert response.context["headline"] == {"labs": 3, "regions": 2, "innovators": 5, "proposals": 3}


def test_only_public_calls_are_counted_with_their_origin(english_client):
    network(3)

    response = english_client.get(reverse("figures:index"))

    assert chart_rows(response, "editions") == {"AGUA26": ["3"]}  # the private call's 4 proposals are left out
    assert chart_rows(response, "origin") == {"AGUA26": ["2", "1"]}


def test_innovators_are_never_shown_in_cells_smaller_than_three(english_client):
    network(3)
    make_innovators(1, region="PE-TAC")

    response = english_client.get(reverse("figures:index"))

    innovators = chart_rows(response, "innovators")
    assert innovators["Puno"] == ["<3"]
    assert innovators["Tacna"] == ["<3"]
    assert innovators["Cusco"] == ["3"]
    published = [cell for cells in innovators.values() for cell in cells]
    assert not {"1", "2"} & set(published)
    assert "persona" not in response.content.decode()  # no e-mail, no name


def test_queries_do_not_grow_with_the_network(client, django_assert_max_num_queries, django_assert_num_queries):
    network(3)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("figures:index"))
    count = len(small.captured_queries)
    for index in range(27):
        make_lab(f"lab-mas-{index}", region="PE-ARE")
    make_innovators(27, region="PE-ARE", prefix="mas")
    make_proposals(network_call(), 27, country="AR")

    with django_assert_num_queries(count):
        client.get(reverse("figures:index"))


def network_call():
    from challenges.models import Challenge

    return Challenge.objects.get(slug="reto-agua")


def test_figures_are_kept_until_a_change_and_the_next_request_after_it_draws_it(
    english_client, settings, django_capture_on_commit_callbacks
):
    """The counts are kept under the site's version (core/page_cache.py `kept_for_pages`): a second view counts
    nothing again, and the first view after a lab is registered draws it (the charts' key follows the data)."""
    settings.CACHES = LOCAL_CACHE
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):  # the network, committed
        network(3)
    english_client.get(reverse("figures:index"))
    with CaptureQueriesContext(connection) as second_view:
        english_client.get(reverse("figures:index"))
    assert not [query for query in second_view if 'FROM "labs_lab"' in query["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        make_lab("lab-nuevo", kind="civil_society", region="PE-PUN")

    fresh = english_client.get(reverse("figures:index"))
    assert chart_rows(fresh, "kinds")["Civil society"] == ["1"]
    assert chart_rows(fresh, "regions")["Puno"] == ["1", "<3"]


def test_the_english_address_leads_to_the_page(client):
    response = client.get("/figures/")

    assert response.status_code == 301
    assert response["Location"] == reverse("figures:index")


def test_the_first_load_stays_within_the_page_weight_budget(client):
    network(30)
    response = client.get(reverse("figures:index"))
    html = response.content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    weight = len(html) + sum(len(b"".join(client.get(asset.decode()).streaming_content)) for asset in assets)

    assert assets  # the stylesheet and scripts are counted
    assert weight <= PAGE_BUDGET


def test_the_home_page_shows_the_labs_growth_and_every_page_links_the_figures(english_client):
    network(3)

    html = english_client.get(reverse("home")).content.decode()

    assert '<figure class="chart" id="chart-growth-labs"' in html
    assert html.count(f'href="{reverse("figures:index")}"') == 2  # the chart's link and the footer's
    assert "3 at the end of" in html
