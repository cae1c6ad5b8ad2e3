"""Calendar files (RFC 5545): one event per phase and session, UTC times, escaping, folding, CRLF."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from challenges.models import Session
from tests.conftest import make_challenge, make_lab

pytestmark = pytest.mark.django_db

LIMA = zoneinfo.ZoneInfo("America/Lima")
TRICKY = "Taller, diseño; fase 1\nTarde \\ noche"


@pytest.fixture
def challenge(db):
    return make_challenge(
        make_lab(),
        "reto-agua",
        title="Agua, vida; futuro",
        tagline="Una línea\ny otra",
        visibility="published",
        phases={
            "proposals": (datetime(2026, 3, 1, 9, 0, tzinfo=LIMA), datetime(2026, 3, 31, 23, 59, 59, tzinfo=LIMA)),
            "evaluation": (datetime(2026, 4, 1, 0, 0, tzinfo=LIMA), datetime(2026, 4, 15, 0, 0, tzinfo=LIMA)),
        },
    )


@pytest.fixture
def session(challenge):
    return Session.objects.create(
        challenge=challenge,
        title=TRICKY,
        description="Traer laptop; " + "muy " * 40 + "importante.",
        starts_at=datetime(2026, 5, 2, 19, 30, tzinfo=LIMA),
        ends_at=datetime(2026, 5, 2, 21, 0, tzinfo=LIMA),
        place="Casa de la Cultura, Cusco",
        speakers="Ana Quispe",
    )


def assert_valid_lines(body: bytes) -> None:
    """CRLF line endings only, and no line longer than 75 octets (longer ones are folded)."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 75


class TestChallengeFeed:
    def test_one_event_per_phase_and_session_in_utc(self, client, challenge, session):
        response = client.get(reverse("challenges:calendar", args=[challenge.slug]))

        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="reto-agua.ics"'
        assert_valid_lines(response.content)
        calendar = Calendar.from_ical(response.content)
        events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
        phases = {phase.kind: phase.pk for phase in challenge.phases.all()}
        expected = [f"phase-{phases['proposals']}@cocrea", f"phase-{phases['evaluation']}@cocrea"]
        assert sorted(events) == sorted([*expected, f"session-{session.pk}@cocrea"])
        proposals = events[f"phase-{phases['proposals']}@cocrea"]
        assert (proposals.start, proposals.end) == (
            datetime(2026, 3, 1, 14, 0, tzinfo=UTC),
            datetime(2026, 4, 1, 4, 59, 59, tzinfo=UTC),
        )
        assert str(proposals["TRANSP"]) == "TRANSPARENT"
        assert str(proposals["URL"]) == "http://testserver/challenges/reto-agua/"
        assert b"DTSTART:20260301T140000Z\r\n" in response.content
        assert b"DTEND:20260401T045959Z\r\n" in response.content
        assert all("DTSTAMP" in event for event in events.values())
        assert str(calendar["VERSION"]) == "2.0"

    def test_text_is_escaped_and_reads_back_the_same(self, client, challenge, session):
        response = client.get(reverse("challenges:calendar", args=[challenge.slug]))

        assert "SUMMARY:Taller\\, diseño\\; fase 1\\nTarde \\\\ noche\r\n".encode() in response.content
        assert b"LOCATION:Casa de la Cultura\\, Cusco\r\n" in response.content
        event = next(e for e in Calendar.from_ical(response.content).walk("VEVENT") if e["UID"].startswith("session"))
        assert str(event["SUMMARY"]) == TRICKY
        assert str(event["DESCRIPTION"]).startswith("Traer laptop; muy muy")
        assert "Ana Quispe" in str(event["DESCRIPTION"])
        assert str(event["URL"]) == f"http://testserver/challenges/reto-agua/schedule/#session-{session.pk}"

    def test_uids_are_stable_between_downloads(self, client, challenge, session):
        url = reverse("challenges:calendar", args=[challenge.slug])

        def uids():
            return [str(e["UID"]) for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")]

        assert uids() == uids()

    def test_a_drafts_feed_is_not_found(self, client):
        draft = make_challenge(make_lab("lab-dos"), "borrador")

        assert client.get(reverse("challenges:calendar", args=[draft.slug])).status_code == 404


class TestSessionFile:
    def test_one_event_with_the_feeds_uid(self, client, challenge, session):
        response = client.get(reverse("challenges:session_calendar", args=[challenge.slug, session.pk]))

        assert response["Content-Disposition"] == f'attachment; filename="reto-agua-{session.pk}.ics"'
        assert_valid_lines(response.content)
        [event] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["UID"]) == f"session-{session.pk}@cocrea"
        assert (event.start, event.end) == (
            datetime(2026, 5, 3, 0, 30, tzinfo=UTC),
            datetime(2026, 5, 3, 2, 0, tzinfo=UTC),
        )

    def test_a_session_of_another_challenge_is_not_found(self, client, challenge, session):
        other = make_challenge(challenge.lab, "otro-reto", visibility="published")

        assert client.get(reverse("challenges:session_calendar", args=[other.slug, session.pk])).status_code == 404

    def test_only_get(self, client, challenge, session):
        url = reverse("challenges:session_calendar", args=[challenge.slug, session.pk])

        assert client.post(url).status_code == 405


def test_a_long_multibyte_title_is_folded_within_75_octets(client, challenge):
    Session.objects.create(
        challenge=challenge,
        title="Conversatorio: niñas, niños y señoras de Ñuñoa "
        * 3,  # 138 characters: within the field, well over 75 octets
        starts_at=datetime(2026, 5, 2, 9, tzinfo=LIMA),
        ends_at=datetime(2026, 5, 2, 10, tzinfo=LIMA) + timedelta(minutes=30),
    )

    response = client.get(reverse("challenges:calendar", args=[challenge.slug]))

    assert_valid_lines(response.content)
    assert Calendar.from_ical(response.content).walk("VEVENT")[-1]["SUMMARY"].startswith("Conversatorio: niñas")
