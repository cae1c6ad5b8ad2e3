"""A call's proposals in charts on its page and live page: submitted per day against the deadline (a running total
that stops today), by region, country and category; only as the call's visibility allows; constant queries."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal
from tests.conftest import make_challenge, make_lab, make_user
from tests.figures.figures_world import make_proposals

pytestmark = pytest.mark.django_db
LIMA = ZoneInfo("America/Lima")
OPENS = datetime(2026, 3, 1, 0, 0, tzinfo=LIMA)
CLOSES = datetime(2026, 3, 10, 23, 59, 59, tzinfo=LIMA)
TODAY = datetime(2026, 3, 4, 12, 0, tzinfo=LIMA)


def charts_of(response) -> dict:
    """The charts shown, by their key's last word, with their table rows."""
    found = {}
    for context in response.context:
        for chart in context.get("charts") or []:
            if hasattr(chart, "rows"):
                found[chart.key.rsplit("-", 1)[-1]] = {row[0]: list(row[1:]) for row in chart.rows}
    return found


@pytest.fixture
def call(lab):
    challenge = make_challenge(
        lab, "reto-agua", code="AGUA26", visibility="published", phases={"proposals": (OPENS, CLOSES)}
    )
    make_proposals(challenge, 2, submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=LIMA))  # late evening in Lima
    make_proposals(challenge, 3, region="PE-PUN", submitted_at=datetime(2026, 3, 3, 9, 0, tzinfo=LIMA))
    make_proposals(challenge, 1, country="CL", submitted_at=datetime(2026, 3, 3, 10, 0, tzinfo=LIMA))
    first = Proposal.objects.filter(challenge=challenge).first()
    first.tags.set(["agua", "salud"])
    return challenge


@time_machine.travel(TODAY, tick=False)
def test_the_running_total_counts_days_in_the_calls_zone_and_stops_today(client, call):
    response = client.get(reverse("challenges:detail", args=[call.slug]))

    per_day = charts_of(response)["day"]
    assert list(per_day.values())[:5] == [["2"], ["2"], ["6"], ["6"], ["–"]]
    assert len(per_day) == 10  # to the deadline
    chart = next(c for c in response.context["charts"] if c.key.endswith("per-day"))
    assert "marker" in chart.svg  # the deadline's line


@time_machine.travel(TODAY, tick=False)
def test_regions_countries_and_categories(english_client, call):
    response = english_client.get(reverse("challenges:detail", args=[call.slug]))

    charts = charts_of(response)
    assert charts["regions"] == {"Puno": ["3"], "Cusco": ["2"]}
    assert charts["countries"] == {"Peru": ["5"], "Chile": ["1"]}
    assert charts["categories"] == {"agua": ["1"], "salud": ["1"]}


@time_machine.travel(TODAY, tick=False)
def test_the_live_page_shows_the_charts_too(client, call):
    response = client.get(reverse("challenges:live", args=[call.slug]))

    assert "day" in charts_of(response)


@pytest.mark.parametrize(
    ("viewer", "shown"), [("anonymous", False), ("citizen", False), ("organizer", True), ("staff", True)]
)
@time_machine.travel(TODAY, tick=False)
def test_a_call_that_keeps_its_proposals_private_shows_charts_to_its_organizers_only(call, viewer, shown):
    call.proposals_public = False
    call.save()
    client = Client()
    if viewer != "anonymous":
        user = make_user(f"{viewer}@example.org", is_staff=viewer == "staff")
        if viewer == "organizer":
            LabMembership.objects.create(lab=call.lab, user=user, role="organizer")
        client.force_login(user)

    response = client.get(reverse("challenges:detail", args=[call.slug]))

    assert response.status_code == 200
    assert ("day" in charts_of(response)) is shown
    assert ('class="call-charts"' in response.content.decode()) is shown


def test_no_charts_before_a_proposal_is_in(client, lab):
    challenge = make_challenge(lab, "reto-nuevo", visibility="published")

    response = client.get(reverse("challenges:detail", args=[challenge.slug]))

    assert charts_of(response) == {}


@time_machine.travel(TODAY, tick=False)
def test_queries_do_not_grow_with_the_proposals(client, call, django_assert_max_num_queries, django_assert_num_queries):
    url = reverse("challenges:detail", args=[call.slug])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    make_proposals(call, 24, country="AR", submitted_at=datetime(2026, 3, 2, 9, 0, tzinfo=LIMA))

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_an_anonymous_user_is_asked_the_central_rule(call):
    from innovation_platform.core.permissions import can

    assert can(AnonymousUser(), "proposals.view_call_charts", call) is True
    assert (
        can(AnonymousUser(), "proposals.view_call_charts", make_challenge(make_lab("otro"), "b", visibility="draft"))
        is False
    )
