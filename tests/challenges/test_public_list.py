"""The public challenges directory: filters, status from the clock, drafts, countdowns, queries."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from challenges.countdown import countdown
from tests.conftest import make_challenge, make_lab

pytestmark = pytest.mark.django_db

LIMA = zoneinfo.ZoneInfo("America/Lima")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
URL = reverse("challenges:list")


@pytest.fixture
def directory(db):
    """Four public challenges in every status around NOW, and a draft that is never listed."""
    cusco = make_lab("lab-cusco", name="Lab Cusco", region="PE-CUS")
    puno = make_lab("lab-puno", name="Lab Puno", region="PE-PUN")
    make_challenge(
        cusco,
        "abierto",
        title="Agua limpia para Cusco",
        theme="agua",
        visibility="published",
        phases={"proposals": (NOW - 5 * DAY, NOW + 10 * DAY)},
    )
    make_challenge(
        puno,
        "evaluando",
        title="Ollas comunes",
        theme="Seguridad alimentaria",
        kind="hackathon",
        visibility="published",
        phases={"proposals": (NOW - 30 * DAY, NOW - 10 * DAY), "evaluation": (NOW - 10 * DAY, NOW + 5 * DAY)},
    )
    make_challenge(
        cusco,
        "proximo",
        title="Turismo comunitario",
        theme="turismo",
        kind="citizen_lab",
        visibility="published",
        phases={"proposals": (NOW + 5 * DAY, NOW + 20 * DAY)},
    )
    make_challenge(
        puno,
        "terminado",
        title="Reto terminado",
        theme="agua",
        visibility="archived",
        phases={"proposals": (NOW - 60 * DAY, NOW - 30 * DAY), "results": (NOW - 30 * DAY, NOW - DAY)},
    )
    make_challenge(
        cusco,
        "borrador",
        title="Borrador secreto",
        theme="secreto",
        phases={"proposals": (NOW - 5 * DAY, NOW + 10 * DAY)},
    )


def listed(client, **params) -> list[str]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(URL, params)
    assert response.status_code == 200
    return [challenge.slug for challenge in response.context["page"]]


class TestFilters:
    def test_lists_public_challenges_by_nearest_deadline_and_never_drafts(self, client, directory):
        assert listed(client) == ["evaluando", "abierto", "proximo", "terminado"]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"q": "alimentaria"}, ["evaluando"]),
            ({"q": "cusco"}, ["abierto"]),
            ({"kind": "hackathon"}, ["evaluando"]),
            ({"region": "PE-CUS"}, ["abierto", "proximo"]),
            ({"theme": "agua"}, ["abierto", "terminado"]),
            ({"lab": "lab-puno"}, ["evaluando", "terminado"]),
            ({"status": "upcoming"}, ["proximo"]),
            ({"status": "open"}, ["abierto"]),
            ({"status": "running"}, ["evaluando", "abierto"]),
            ({"status": "finished"}, ["terminado"]),
            ({"phase": "evaluation"}, ["evaluando"]),
            ({"phase": "proposals"}, ["abierto"]),
            ({"phase": "lab"}, []),
            ({"kind": "public_challenge", "region": "PE-PUN"}, ["terminado"]),
        ],
    )
    def test_each_filter(self, client, directory, params, expected):
        assert listed(client, **params) == expected

    @pytest.mark.parametrize("params", [{"kind": "nope"}, {"theme": "secreto"}, {"lab": "nope"}, {"status": "x"}])
    def test_an_invalid_value_is_dropped(self, client, directory, params):
        """A draft's theme is not a choice either: drafts leak nothing through the filters."""
        assert listed(client, **params) == ["evaluando", "abierto", "proximo", "terminado"]

    def test_the_total_and_kind_facets_follow_the_filters(self, client, directory):
        with time_machine.travel(NOW, tick=False):
            figures = client.get(URL, {"region": "PE-CUS"}).context["figures"]

        assert figures["total"] == 2
        assert {kind["value"]: kind["count"] for kind in figures["kinds"]} == {
            "public_challenge": 1,
            "hackathon": 0,
            "citizen_lab": 1,
            "ideathon": 0,
            "training": 0,
            "meetup": 0,
            "conference": 0,
        }

    def test_filter_choices_offer_only_what_public_challenges_have(self, client, directory):
        form = client.get(URL).context["form"]

        assert [value for value, _label in form.fields["theme"].choices] == [
            "",
            "agua",
            "Seguridad alimentaria",
            "turismo",
        ]
        assert [value for value, _label in form.fields["lab"].choices] == ["", "lab-cusco", "lab-puno"]


class TestStatusAtTheEdges:
    CLOSES = datetime(2026, 3, 31, 23, 59, 59, tzinfo=LIMA)  # 2026-04-01 04:59:59 UTC

    @pytest.fixture
    def challenge(self, db):
        return make_challenge(
            make_lab(),
            "al-filo",
            visibility="published",
            phases={
                "proposals": (datetime(2026, 3, 1, 9, 0, tzinfo=LIMA), self.CLOSES),
                "evaluation": (self.CLOSES + SECOND, self.CLOSES + 10 * DAY),
            },
        )

    def statuses(self, client, moment) -> dict[str, list[str]]:
        with time_machine.travel(moment, tick=False):
            return {
                status: [c.slug for c in client.get(URL, {"status": status}).context["page"]]
                for status in ("upcoming", "open", "running", "finished")
            }

    def test_one_second_before_and_after_the_deadline(self, client, challenge):
        assert self.statuses(client, self.CLOSES - SECOND) == {
            "upcoming": [],
            "open": ["al-filo"],
            "running": ["al-filo"],
            "finished": [],
        }
        # The end is exclusive: at the deadline itself, and after it, the call is closed.
        assert self.statuses(client, self.CLOSES)["open"] == []
        assert self.statuses(client, self.CLOSES + SECOND) == {
            "upcoming": [],
            "open": [],
            "running": ["al-filo"],
            "finished": [],
        }

    def test_a_deadline_at_the_end_of_a_lima_day_is_still_open_on_the_next_utc_day(self, client, challenge):
        next_utc_day = datetime(2026, 4, 1, 4, 59, 58, tzinfo=UTC)

        assert self.statuses(client, next_utc_day)["open"] == ["al-filo"]
        assert self.statuses(client, next_utc_day + SECOND)["open"] == []

    def test_before_the_first_phase_it_is_upcoming_and_after_the_last_finished(self, client, challenge):
        assert self.statuses(client, datetime(2026, 3, 1, 8, 59, 59, tzinfo=LIMA))["upcoming"] == ["al-filo"]
        assert self.statuses(client, self.CLOSES + 10 * DAY)["finished"] == ["al-filo"]

    def test_the_card_shows_the_running_phase_and_its_countdown(self, client, challenge):
        with time_machine.travel(self.CLOSES - 3 * DAY - SECOND, tick=False):
            response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

        card = response.context["page"][0]
        assert card.running_phase == "proposals"
        assert card.countdown.text == "Closes in 3 days"
        html = response.content.decode()
        assert '<time class="countdown" datetime="2026-04-01T04:59:59Z" data-countdown' in html
        assert ">Closes in 3 days</time>" in html
        assert "js/countdown.js" in html and " defer" in html


class TestCountdown:
    @pytest.mark.parametrize(
        ("left", "opening", "text"),
        [
            (3 * DAY + 5 * 3600 * SECOND, False, "Closes in 3 days"),
            (2 * DAY, False, "Closes in 2 days"),
            (2 * DAY - SECOND, False, "47 hours left"),
            (12 * 3600 * SECOND + 59 * 60 * SECOND, False, "12 hours left"),
            (3600 * SECOND, False, "1 hour left"),
            (3599 * SECOND, False, "59 minutes left"),
            (59 * SECOND, False, "Less than a minute left"),
            (11 * DAY, True, "Starts in 11 days"),
            (90 * 60 * SECOND, True, "Starts in 1 hour"),
        ],
    )
    def test_text_by_time_left(self, left, opening, text):
        with translation.override("en"):
            assert countdown(NOW + left, NOW, opening=opening).text == text

    def test_an_upcoming_card_counts_down_to_the_opening(self, client, directory):
        with time_machine.travel(NOW, tick=False):
            cards = {c.slug: c for c in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").context["page"]}

        assert (cards["proximo"].countdown.target, cards["proximo"].countdown.opening) == (NOW + 5 * DAY, True)
        assert (cards["abierto"].countdown.target, cards["abierto"].countdown.opening) == (NOW + 10 * DAY, False)
        assert cards["terminado"].countdown is None
        assert cards["terminado"].is_finished is True


class TestQueries:
    def test_page_uses_a_constant_number_of_queries(self, client, django_assert_num_queries):
        lab = make_lab()
        make_challenge(lab, "reto-0", visibility="published", phases={"proposals": (NOW - DAY, NOW + DAY)})
        with time_machine.travel(NOW, tick=False), django_assert_num_queries(5):
            client.get(URL)
        other = make_lab("lab-puno", region="PE-PUN")
        make_challenge(other, "reto-1", kind="hackathon", visibility="published", phases={"lab": (NOW, NOW + DAY)})
        make_challenge(other, "reto-2", theme="salud", visibility="archived")
        with time_machine.travel(NOW, tick=False), django_assert_num_queries(5):
            response = client.get(URL)
        assert len(response.context["page"]) == 3

    def test_pages_of_twelve(self, client):
        lab = make_lab()
        for i in range(13):
            make_challenge(lab, f"reto-{i:02d}", visibility="published")

        first = client.get(URL)
        second = client.get(URL, {"page": 2})

        assert (len(first.context["page"]), len(second.context["page"])) == (12, 1)
        assert first.context["page"].paginator.num_pages == 2


@pytest.mark.django_db
def test_a_challenge_published_after_the_figures_were_cached_is_listed(client, settings, lab):
    settings.FIGURES_CACHE_SECONDS = 300
    client.get(reverse("challenges:list"))
    make_challenge(lab, "recien-publicado", visibility="published")

    response = client.get(reverse("challenges:list"))

    assert [challenge.slug for challenge in response.context["page"]] == ["recien-publicado"]
