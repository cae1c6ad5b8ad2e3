"""The challenge's live page rendered on the server: complete without JavaScript, bounded in queries, and telling
its client where the socket's replay starts."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from challenges.models import Announcement, Session
from challenges.selectors import challenge_for_live
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from proposals.models import Proposal
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db

LIMA = zoneinfo.ZoneInfo("America/Lima")
NOW = datetime(2026, 3, 15, 17, 0, tzinfo=UTC)  # noon in Lima
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@pytest.fixture
def challenge(db):
    return make_challenge(
        make_lab(),
        "reto-agua",
        title="Reto del agua",
        code="AGUA",
        visibility="published",
        proposals_public=True,
        phases={"proposals": (NOW - 5 * DAY, NOW + 10 * DAY), "evaluation": (NOW + 10 * DAY, NOW + 20 * DAY)},
    )


def live_page(client, challenge):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("challenges:live", args=[challenge.slug]), headers={"accept-language": "en"})


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section #{section_id}"
    return match.group(0)


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def make_proposal(challenge, number: int, *, status: str = "submitted", **fields) -> Proposal:
    return Proposal.objects.create(
        challenge=challenge, title=f"Propuesta {number}", number=number, status=status, **fields
    )


class TestCurrentState:
    def test_shows_the_phase_and_its_countdown(self, client, challenge):
        html = live_page(client, challenge).content.decode()

        phase = section(html, "live-phase")
        assert 'data-live-refresh="phase.started phase.ended"' in phase
        assert "Call for proposals" in text(phase)
        # The countdown static/js/countdown.js refines: to the end of the running phase, in UTC.
        assert re.search(r'<time class="countdown" datetime="2026-03-25T17:00:00Z" data-countdown', phase)
        assert "Closes in 10 days" in text(phase)

    def test_shows_the_latest_announcements_newest_first_pinned_on_top(self, client, challenge):
        for i in range(7):
            Announcement.objects.create(
                challenge=challenge, title=f"Anuncio {i}", body="Texto", published_at=NOW - i * HOUR
            )
        Announcement.objects.create(
            challenge=challenge, title="Fijado", body="Importante", pinned=True, published_at=NOW - DAY
        )

        html = live_page(client, challenge).content.decode()

        titles = re.findall(r'<h3 id="announcement-\d+"[^>]*>([^<]+)</h3>', section(html, "live-announcements"))
        assert titles == ["Fijado", "Anuncio 0", "Anuncio 1", "Anuncio 2", "Anuncio 3"]
        assert 'data-live-announcements="5"' in html
        assert "data-live-empty" not in html

    def test_says_when_there_is_nothing_announced_yet(self, client, challenge):
        html = live_page(client, challenge).content.decode()

        assert "No announcements yet." in text(section(html, "live-announcements"))

    def test_shows_the_proposal_figures(self, client, challenge):
        make_proposal(challenge, 1, country="PE", region="PE-CUS")
        make_proposal(challenge, 2, country="PE", region="PE-LIM")
        make_proposal(challenge, 3, country="BO")
        make_proposal(challenge, 4, status="draft", country="CL")

        figures = section(live_page(client, challenge).content.decode(), "live-figures")

        counters = dict(re.findall(r'data-live-counter="(\w+)">(\d+)<', figures))
        assert counters == {"submitted": "3", "countries": "2", "regions": "2"}

    def test_shows_only_today_s_sessions_in_the_challenge_s_time_zone(self, client, challenge):
        today = datetime(2026, 3, 15, 9, 30, tzinfo=LIMA)
        Session.objects.create(
            challenge=challenge, title="Taller", starts_at=today, ends_at=today + HOUR, place="Aula 1"
        )
        Session.objects.create(
            challenge=challenge, title="Demo", starts_at=today + 10 * HOUR, ends_at=today + 11 * HOUR
        )
        # Tomorrow in Lima, although still the 15th in UTC until 19:00 Lima.
        Session.objects.create(challenge=challenge, title="Mañana", starts_at=today + DAY, ends_at=today + DAY + HOUR)
        Session.objects.create(challenge=challenge, title="Ayer", starts_at=today - DAY, ends_at=today - DAY + HOUR)

        schedule = text(section(live_page(client, challenge).content.decode(), "live-schedule"))

        assert schedule == (
            "Today's schedule 9:30 a.m. – 10:30 a.m. · Taller · Aula 1 7:30 p.m. – 8:30 p.m. · Demo "
            "Times in the challenge's time zone, America/Lima. See the full schedule"
        )

    def test_the_selection_appears_once_confirmed(self, client, challenge):
        make_proposal(challenge, 1)
        html = live_page(client, challenge).content.decode()
        assert re.search(r'<section id="live-selection"[^>]* hidden>', html)

        make_proposal(challenge, 2, status="selected")
        make_proposal(challenge, 3, status="selected", hidden_at=NOW)
        make_proposal(challenge, 4, status="not_selected")
        html = live_page(client, challenge).content.decode()

        selection = section(html, "live-selection")
        assert " hidden" not in selection.split(">", 1)[0]
        assert text(selection) == "Selected proposals AGUA-0002 Propuesta 2"

    def test_a_draft_is_not_found(self, client, citizen):
        draft = make_challenge(make_lab("otro-lab"), "borrador")
        client.force_login(citizen)

        assert client.get(reverse("challenges:live", args=[draft.slug])).status_code == 404


class TestClientHooks:
    def test_tells_the_client_its_socket_and_the_last_event_it_shows(self, client, challenge):
        other = make_challenge(make_lab("otro-lab"), "otro", visibility="published")
        LiveEvent.objects.create(group=groups.challenge(challenge.pk), type="announcement.published")
        latest = LiveEvent.objects.create(group=groups.challenge(challenge.pk), type="proposals.counters")
        LiveEvent.objects.create(group=groups.challenge(other.pk), type="announcement.published")
        LiveEvent.objects.create(group=groups.user(1), type="notification")

        html = live_page(client, challenge).content.decode()

        assert 'data-live-url="/ws/challenges/reto-agua/"' in html
        assert f'data-live-last="{latest.pk}"' in html
        assert 'aria-live="polite"' in html

    def test_before_any_event_the_replay_starts_at_zero(self, client, challenge):
        assert 'data-live-last="0"' in live_page(client, challenge).content.decode()

    def test_the_challenge_page_links_to_it_and_follows_the_same_socket(self, client, challenge):
        with time_machine.travel(NOW, tick=False):
            html = client.get(challenge.get_absolute_url()).content.decode()

        assert f'href="{reverse("challenges:live", args=[challenge.slug])}"' in html
        assert 'data-live-url="/ws/challenges/reto-agua/" data-live-last="0"' in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_page_uses_a_constant_number_of_queries(client, challenge, django_assert_num_queries, signed_in):
    """1 and 3 announcements, sessions of today and selected proposals: same count."""
    # The challenge with its lab and last live event; its phases, today's sessions and latest announcements; the
    # proposals' figures; the selection; the lab's figures and the latest public posts of the projects' logbooks;
    # the proposals' charts (per day, places, categories).
    expected = 11
    if signed_in:
        client.force_login(make_user("rosa@example.org"))
        live_page(client, challenge)  # warm the session
        expected += 2  # the session and the user

    def add(numbers):
        for i in numbers:
            starts = NOW + i * HOUR
            Announcement.objects.create(
                challenge=challenge, title=f"Anuncio {i}", body="Texto", published_at=NOW - i * HOUR
            )
            Session.objects.create(challenge=challenge, title=f"Sesión {i}", starts_at=starts, ends_at=starts + HOUR)
            make_proposal(challenge, i + 1, status="selected")

    add(range(1))
    with django_assert_num_queries(expected):
        live_page(client, challenge)
    add(range(1, 3))
    with django_assert_num_queries(expected):
        response = live_page(client, challenge)
    assert len(response.context["announcements"]) == len(response.context["sessions_today"]) == 3


@pytest.mark.parametrize("items", [1, 3])
def test_the_live_selector_reads_what_the_page_shows_in_four_queries(challenge, django_assert_num_queries, items):
    """The challenge with its lab and last live event, its phases, its latest announcements and today's sessions in its
    time zone; reading them afterwards costs nothing."""
    today = datetime(2026, 3, 15, 9, 30, tzinfo=LIMA)
    for i in range(items):
        Announcement.objects.create(
            challenge=challenge, title=f"Anuncio {i}", body="Texto", published_at=NOW - i * HOUR
        )
        Session.objects.create(challenge=challenge, title=f"Hoy {i}", starts_at=today + i * HOUR, ends_at=today + DAY)
        Session.objects.create(challenge=challenge, title=f"Mañana {i}", starts_at=today + DAY, ends_at=today + 2 * DAY)
    event = LiveEvent.objects.create(group=groups.challenge(challenge.pk), type="announcement.published")

    with django_assert_num_queries(4):
        loaded = challenge_for_live(challenge.slug, now=NOW, announcements=2)
    with django_assert_num_queries(0):
        shown = (
            loaded.lab.name,
            loaded.last_live_event,
            [phase.kind for phase in loaded.phases.all()],
            [announcement.title for announcement in loaded.latest_announcements],
            [session.title for session in loaded.sessions_today],
        )

    assert shown == (
        challenge.lab.name,
        event.pk,
        ["proposals", "evaluation"],
        ["Anuncio 0", "Anuncio 1"][:items],
        [f"Hoy {i}" for i in range(items)],
    )
