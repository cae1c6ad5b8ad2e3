"""The challenge page, its schedule and its announcements: who sees what, times, content, queries."""

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from challenges.models import Announcement, ChallengeRole, FAQItem, Follow, Question, Quota, Session
from innovation_platform.labs.models import LabMembership
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db

LIMA = zoneinfo.ZoneInfo("America/Lima")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def challenge(db):
    return make_challenge(
        make_lab(),
        "reto-agua",
        title="Reto del agua",
        visibility="published",
        phases={
            "proposals": (NOW - 5 * DAY, NOW + 10 * DAY),
            "evaluation": (NOW + 10 * DAY, NOW + 20 * DAY),
        },
    )


PHASE_KINDS = ["proposals", "evaluation", "lab"]


@pytest.fixture
def bare(db):
    """A published challenge with nothing yet, to fill with 1 and then 3 of everything."""
    return make_challenge(make_lab("lab-vacio"), "reto-vacio", visibility="published")


def add_content(challenge, numbers: range) -> None:
    """A phase, question, FAQ entry, quota, session, announcement and tag for each number."""
    for i in numbers:
        phase_starts = NOW + (10 * i - 5) * DAY
        challenge.phases.create(kind=PHASE_KINDS[i], starts_at=phase_starts, ends_at=phase_starts + 10 * DAY)
        Question.objects.create(challenge=challenge, label=f"Pregunta {i}", kind="short_text", position=i)
        FAQItem.objects.create(challenge=challenge, question=f"¿Duda {i}?", answer="Respuesta", position=i)
        Quota.objects.create(challenge=challenge, kind="min_abroad", count=i + 1)
        starts = NOW + (i + 1) * DAY
        Session.objects.create(challenge=challenge, title=f"Sesión {i}", starts_at=starts, ends_at=starts + DAY / 24)
        Announcement.objects.create(challenge=challenge, title=f"Anuncio {i}", body="Texto", published_at=NOW - i * DAY)
        challenge.tags.add(f"tema {i}")


def page(client, url, **kwargs):
    with time_machine.travel(NOW, tick=False):
        return client.get(url, **kwargs)


class TestWhoSeesIt:
    def test_drafts_are_not_found_for_anonymous_people_and_citizens(self, client, citizen):
        draft = make_challenge(make_lab(), "borrador")
        urls = [
            draft.get_absolute_url(),
            reverse("challenges:schedule", args=[draft.slug]),
            reverse("challenges:announcements", args=[draft.slug]),
            reverse("challenges:calendar", args=[draft.slug]),
        ]

        assert [client.get(url).status_code for url in urls] == [404] * 4
        client.force_login(citizen)
        assert [client.get(url).status_code for url in urls] == [404] * 4

    def test_organizers_and_mentors_preview_a_draft_with_a_banner(self, client, lab, lab_admin):
        draft = make_challenge(lab, "borrador")
        mentor = make_user("mentor@example.org")
        ChallengeRole.objects.create(challenge=draft, user=mentor, role="mentor")

        for person in (lab_admin, mentor):
            client.force_login(person)
            response = client.get(draft.get_absolute_url())
            assert (response.status_code, response.context["is_draft"]) == (200, True)
            assert 'class="message message-warning draft-banner"' in response.content.decode()

    def test_a_published_challenge_has_no_banner(self, client, challenge):
        response = page(client, challenge.get_absolute_url())

        assert response.context["is_draft"] is False
        assert "draft-banner" not in response.content.decode()

    def test_an_unknown_challenge_is_not_found(self, client):
        assert client.get(reverse("challenges:detail", args=["nope"])).status_code == 404


class TestDetail:
    def test_the_timeline_is_in_the_challenges_time_zone_with_the_current_phase_marked(self, client, challenge):
        challenge.timezone = "Europe/Madrid"
        challenge.save()

        response = page(client, challenge.get_absolute_url())

        html = response.content.decode()
        assert response.context["shown"].current_phase.kind == "proposals"
        # NOW - 5 days is 2026-03-10 12:00 UTC, 13:00 in Madrid (and 07:00 in Lima, the site's zone).
        assert '<time datetime="2026-03-10T13:00:00+0100">' in html
        current = re.findall(r'<li aria-current="step" class="is-current">\s*<strong>([^<]+)</strong>', html)
        assert current == [str(challenge.phases.get(kind="proposals").get_kind_display())]

    def test_no_phase_is_current_before_the_timeline_starts(self, client, challenge):
        with time_machine.travel(NOW - 6 * DAY, tick=False):
            response = client.get(challenge.get_absolute_url())

        assert response.context["shown"].current_phase is None
        assert 'aria-current="step"' not in response.content.decode()
        assert response.context["shown"].countdown.opening is True

    def test_markdown_is_rendered_and_sanitised(self, client, challenge):
        challenge.description = "Hola **red**<script>alert(1)</script>"
        challenge.rules = '[bases](javascript:alert(1)) <img src=x onerror="alert(2)">'
        challenge.prizes = "- Premio <iframe src='https://evil.example'></iframe>"
        challenge.save()

        html = page(client, challenge.get_absolute_url()).content.decode()

        assert "<strong>red</strong>" in html
        assert "<script>alert(1)" not in html
        assert "javascript:" not in html
        assert "onerror" not in html
        assert "<iframe" not in html

    def test_eligibility_questions_faq_and_announcements(self, client, challenge):
        challenge.eligible_countries = ["PE", "CO"]
        challenge.eligible_regions = ["PE-CUS", "PE-PUN", "XX-BAD"]
        challenge.save()
        Question.objects.create(challenge=challenge, label="Presupuesto", kind="number", is_private=True, required=True)
        FAQItem.objects.create(challenge=challenge, question="¿Quién participa?", answer="*Todas* las personas")
        old_pinned = Announcement.objects.create(
            challenge=challenge, title="Fijado", body="x", pinned=True, published_at=NOW - 9 * DAY
        )
        newest = Announcement.objects.create(challenge=challenge, title="Nuevo", body="x", published_at=NOW - DAY)
        Announcement.objects.create(challenge=challenge, title="Viejo", body="x", published_at=NOW - 5 * DAY)
        Announcement.objects.create(challenge=challenge, title="Más viejo", body="x", published_at=NOW - 7 * DAY)

        response = page(client, challenge.get_absolute_url())

        html = response.content.decode()
        assert "<dd>Cusco, Puno</dd>" in html
        assert [a.title for a in response.context["shown"].announcements] == [old_pinned.title, newest.title, "Viejo"]
        assert "Presupuesto" in html
        assert '<details class="faq">\n              <summary>¿Quién participa?</summary>' in html
        assert "<em>Todas</em>" in html
        assert reverse("challenges:announcements", args=[challenge.slug]) in html
        assert reverse("challenges:calendar", args=[challenge.slug]) in html

    def test_anonymous_people_get_a_link_to_log_in_to_follow(self, client, challenge):
        html = page(client, challenge.get_absolute_url()).content.decode()

        assert f"{reverse('account_login')}?next=/challenges/reto-agua/" in html
        assert reverse("challenges:follow", args=[challenge.slug]) not in html

    def test_verified_people_get_a_follow_button_that_knows_whether_they_follow(self, client, challenge, citizen):
        client.force_login(citizen)
        follow_url = reverse("challenges:follow", args=[challenge.slug])

        response = page(client, challenge.get_absolute_url())
        assert (response.context["is_following"], follow_url in response.content.decode()) == (False, True)

        Follow.objects.create(challenge=challenge, user=citizen)
        assert page(client, challenge.get_absolute_url()).context["is_following"] is True

    def test_unverified_people_are_asked_to_verify_instead(self, client, challenge):
        client.force_login(make_user("nuevo@example.org", verified=False))

        html = page(client, challenge.get_absolute_url()).content.decode()

        assert reverse("challenges:follow", args=[challenge.slug]) not in html
        assert reverse("account_email") in html

    @pytest.mark.parametrize("as_organizer", [False, True])
    def test_page_uses_a_constant_number_of_queries(self, client, bare, django_assert_num_queries, as_organizer):
        """1 and 3 phases, questions, FAQ entries, sessions, announcements and tags: same count."""
        # The challenge's id (its page's scope), the challenge and its lab; its phases, questions, FAQ, quotas, tags,
        # sessions and announcements; the proposals' key figures; the lab's figures (projects); the proposals' charts
        # (per day, places, categories) and the edition's outcomes (the lab's figures: nothing more before the lab has
        # run).
        expected = 15
        if as_organizer:
            organizer = make_user("org@example.org")
            LabMembership.objects.create(lab=bare.lab, user=organizer, role="organizer")
            client.force_login(organizer)
            page(client, bare.get_absolute_url())  # warm the session
            # session, user, follow, verified e-mail, challenge role, lab membership
            expected = 21
        add_content(bare, range(1))
        with django_assert_num_queries(expected):
            page(client, bare.get_absolute_url())
        add_content(bare, range(1, 3))
        with django_assert_num_queries(expected):
            response = page(client, bare.get_absolute_url())
        shown = response.context["shown"]
        assert (len(shown.phases), len(shown.sessions), len(shown.announcements)) == (3, 3, 3)


class TestSchedule:
    def test_sessions_are_grouped_by_day_in_the_challenges_time_zone(self, client, challenge):
        late = Session.objects.create(
            challenge=challenge,
            title="Cierre nocturno",
            starts_at=datetime(2026, 3, 20, 23, 0, tzinfo=LIMA),  # 2026-03-21 04:00 UTC
            ends_at=datetime(2026, 3, 21, 1, 0, tzinfo=LIMA),
            place="Plaza de Armas",
            online_url="https://meet.example.org/x",
            speakers="Ana Quispe",
        )
        early = Session.objects.create(
            challenge=challenge,
            title="Apertura",
            starts_at=datetime(2026, 3, 20, 9, 0, tzinfo=LIMA),
            ends_at=datetime(2026, 3, 20, 10, 0, tzinfo=LIMA),
        )
        next_day = Session.objects.create(
            challenge=challenge,
            title="Día dos",
            starts_at=datetime(2026, 3, 21, 9, 0, tzinfo=LIMA),
            ends_at=datetime(2026, 3, 21, 10, 0, tzinfo=LIMA),
        )

        response = page(client, reverse("challenges:schedule", args=[challenge.slug]))

        assert [(day["date"], [s.pk for s in day["sessions"]]) for day in response.context["days"]] == [
            (date(2026, 3, 20), [early.pk, late.pk]),
            (date(2026, 3, 21), [next_day.pk]),
        ]
        html = response.content.decode()
        assert '<time datetime="2026-03-20T23:00:00-0500">' in html
        assert 'href="https://meet.example.org/x"' in html
        assert "Ana Quispe" in html
        assert reverse("challenges:session_calendar", args=[challenge.slug, late.pk]) in html

    def test_page_uses_a_constant_number_of_queries(self, client, bare, django_assert_num_queries):
        url = reverse("challenges:schedule", args=[bare.slug])
        add_content(bare, range(1))
        with django_assert_num_queries(3):
            page(client, url)
        add_content(bare, range(1, 3))
        with django_assert_num_queries(3):
            response = page(client, url)
        assert sum(len(day["sessions"]) for day in response.context["days"]) == 3


class TestAnnouncements:
    def test_pinned_first_then_newest_in_pages_of_twenty(self, client, challenge):
        for i in range(20):
            Announcement.objects.create(
                challenge=challenge, title=f"Anuncio {i:02d}", body="x", published_at=NOW - i * DAY
            )
        pinned = Announcement.objects.create(
            challenge=challenge, title="Fijado", body="x", pinned=True, published_at=NOW - 90 * DAY
        )
        url = reverse("challenges:announcements", args=[challenge.slug])

        first = page(client, url).context["page"]
        second = page(client, url, data={"page": 2}).context["page"]

        assert [a.title for a in first][:3] == [pinned.title, "Anuncio 00", "Anuncio 01"]
        assert (len(first), [a.title for a in second]) == (20, ["Anuncio 19"])

    def test_page_uses_a_constant_number_of_queries(self, client, bare, django_assert_num_queries):
        url = reverse("challenges:announcements", args=[bare.slug])
        add_content(bare, range(1))
        with django_assert_num_queries(3):
            page(client, url)
        add_content(bare, range(1, 3))
        with django_assert_num_queries(3):
            response = page(client, url)
        assert len(response.context["page"]) == 3
