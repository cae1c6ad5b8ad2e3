"""The organizer console through the test client."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, Phase, Question
from innovation_platform.core.audit import audit_log
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_user
from tests.images import image_bytes, png_bomb, upload

pytestmark = pytest.mark.django_db


def basics(**overrides):
    data = {
        "title": "Reto hídrico",
        "tagline": "Agua para todos",
        "theme": "agua",
        "tags": "agua, clima",
        "kind": "hackathon",
        "scope": "national",
        "timezone": "America/Lima",
        "team_min": 1,
        "team_max": 5,
        "proposals_per_person": 1,
        "selection_count": 8,
        "waitlist_size": 2,
        "appeal_days": 0,
        "supports_per_person": 0,
        "supports_counts": "live",
        "description": "**Hola**",
    }
    return {**data, **overrides}


@pytest.fixture
def organizer(client, lab_admin):
    client.force_login(lab_admin)
    return lab_admin


def test_lab_organizer_creates_a_draft_and_lands_on_the_timeline(client, organizer, lab):
    response = client.post(reverse("console:new"), basics(lab=lab.pk, cover=upload(image_bytes("PNG", (800, 450)))))

    challenge = Challenge.objects.get()
    assert response.url == reverse("console:timeline", args=[challenge.slug])
    assert (challenge.lab, challenge.visibility, challenge.cover_thumbnail.width) == (lab, "draft", 480)


def test_people_who_organize_no_lab_cannot_create(client, citizen, lab):
    client.force_login(citizen)

    assert client.get(reverse("console:new")).status_code == 404
    assert client.post(reverse("console:new"), basics(lab=lab.pk)).status_code == 404
    assert not Challenge.objects.exists()


def test_invalid_basics_keep_the_typed_text_and_save_nothing(client, organizer, lab):
    challenge = make_challenge(lab)

    response = client.post(
        reverse("console:edit", args=[challenge.slug]),
        basics(team_min=6, team_max=2, scope="regional", cover=upload(png_bomb(20000, 20000))),
    )

    form = response.context["form"]
    assert set(form.errors) == {"team_max", "eligible_regions", "cover"}
    assert form["tagline"].value() == "Agua para todos"
    challenge.refresh_from_db()
    assert challenge.title == "Reto Agua"


def test_timeline_is_typed_in_the_challenge_time_zone(client, organizer, lab):
    challenge = make_challenge(lab, timezone="America/Lima")

    client.post(
        reverse("console:timeline", args=[challenge.slug]),
        {"proposals_start": "2026-03-01T09:00", "proposals_end": "2026-03-31T23:59"},
    )

    phase = Phase.objects.get(challenge=challenge)
    # "23:59" includes that whole minute.
    assert phase.ends_at.astimezone(UTC) == datetime(2026, 4, 1, 4, 59, 59, 999999, tzinfo=UTC)
    page = client.get(reverse("console:timeline", args=[challenge.slug])).content.decode()
    assert 'value="2026-03-31T23:59"' in page


def test_invalid_timeline_shows_why_and_saves_nothing(client, organizer, lab):
    challenge = make_challenge(lab)

    response = client.post(
        reverse("console:timeline", args=[challenge.slug]),
        {
            "proposals_start": "2026-03-10T09:00",
            "proposals_end": "2026-03-01T09:00",
            "evaluation_start": "2026-03-05T09:00",
        },
    )

    assert len(response.context["form"].errors["__all__"]) == 1
    assert "evaluation_end" in response.context["form"].errors
    assert not Phase.objects.exists()


def test_publishing_with_a_past_deadline_is_refused_with_a_message(client, organizer, lab):
    now = timezone.now()
    challenge = make_challenge(lab, phases={"proposals": (now - timedelta(days=9), now - timedelta(days=1))})

    response = client.post(reverse("console:publish", args=[challenge.slug]), follow=True)

    challenge.refresh_from_db()
    assert challenge.visibility == "draft"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_publish_then_the_public_page_is_visible(client, organizer, lab):
    now = timezone.now()
    challenge = make_challenge(lab, phases={"proposals": (now, now + timedelta(days=9))})

    response = client.post(reverse("console:publish", args=[challenge.slug]))

    assert response.url == challenge.get_absolute_url()
    challenge.refresh_from_db()
    assert challenge.visibility == "published"


def test_questions_are_added_validated_edited_and_removed(client, organizer, lab):
    challenge = make_challenge(lab)
    url = reverse("console:section", args=[challenge.slug, "questions"])

    bad = client.post(url, {"label": "¿Qué cultivo?", "kind": "single_choice", "choices": "papa", "position": 1})
    assert "choices" in bad.context["form"].errors
    client.post(url, {"label": "¿Qué cultivo?", "kind": "single_choice", "choices": "papa\nquinua\n", "position": 1})
    question = Question.objects.get()
    assert question.choices == ["papa", "quinua"]

    client.post(
        reverse("console:section_edit", args=[challenge.slug, "questions", question.pk]),
        {"label": "¿Qué cultivos?", "kind": "multiple_choice", "choices": "papa\nquinua", "position": 1},
    )
    question.refresh_from_db()
    assert question.kind == "multiple_choice"

    client.post(reverse("console:section_delete", args=[challenge.slug, "questions", question.pk]))
    assert not Question.objects.exists()
    actions = list(AuditLogEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["challenge.questions.added", "challenge.questions.changed", "challenge.questions.removed"]


def test_locked_questions_show_a_warning_and_cannot_be_added(client, organizer, lab):
    challenge = make_challenge(lab, questions_locked_at=timezone.now())
    url = reverse("console:section", args=[challenge.slug, "questions"])

    page = client.get(url)
    response = client.post(url, {"label": "Nueva", "kind": "short_text", "position": 1})

    assert page.context["editable"] is False
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_sessions_are_typed_in_local_time_and_must_end_after_starting(client, organizer, lab):
    challenge = make_challenge(lab)
    url = reverse("console:section", args=[challenge.slug, "sessions"])

    bad = client.post(url, {"title": "Demo", "starts_at": "2026-05-02T10:00", "ends_at": "2026-05-02T09:00"})
    client.post(
        url,
        {
            "title": "Demo",
            "starts_at": "2026-05-02T10:00",
            "ends_at": "2026-05-02T12:00",
            "online_url": "meet.example.org/demo",
        },
    )

    assert "ends_at" in bad.context["form"].errors
    session = challenge.sessions.get()
    assert session.starts_at.astimezone(UTC).hour == 15
    assert session.online_url == "https://meet.example.org/demo"


def test_announcement_with_script_is_stored_as_typed_and_rendered_safely_later(client, organizer, lab):
    challenge = make_challenge(lab)

    client.post(
        reverse("console:section", args=[challenge.slug, "announcements"]),
        {"title": "Aviso", "body": "<script>alert(1)</script>**Hola**"},
    )

    assert challenge.announcements.get().body == "<script>alert(1)</script>**Hola**"


def test_unknown_section_is_not_found(client, organizer, lab):
    challenge = make_challenge(lab)

    assert client.get(reverse("console:section", args=[challenge.slug, "secrets"])).status_code == 404


@pytest.mark.parametrize("name", ["edit", "timeline", "roles", "audit", "duplicate"])
def test_other_people_are_refused_everywhere_and_drafts_stay_hidden(client, lab, name):
    draft = make_challenge(lab)
    published = make_challenge(lab, "publicado", visibility="published")
    client.force_login(make_user("otro@example.org"))

    assert client.get(reverse(f"console:{name}", args=[draft.slug])).status_code == 404
    assert client.get(reverse(f"console:{name}", args=[published.slug])).status_code == 403


def test_duplicate_creates_a_new_draft_edition(client, organizer, lab):
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        now = timezone.now()
        challenge = make_challenge(lab, phases={"proposals": (now, now + timedelta(days=30))})

        response = client.post(
            reverse("console:duplicate", args=[challenge.slug]),
            {"title": "Reto 2027", "proposals_open_at": "2027-01-01T00:00"},
        )

    copy = Challenge.objects.get(slug="reto-2027")
    assert response.url == reverse("console:edit", args=[copy.slug])
    assert copy.phases.get().starts_at == datetime(2027, 1, 1, 5, 0, tzinfo=UTC)


def test_roles_page_grants_a_mentor(client, organizer, lab, citizen):
    challenge = make_challenge(lab)

    client.post(reverse("console:roles", args=[challenge.slug]), {"email": citizen.email, "role": "mentor"})

    assert list(challenge.roles.values_list("user", "role")) == [(citizen.pk, "mentor")]


def test_audit_log_is_readable_by_organizers_with_a_constant_number_of_queries(
    client, organizer, lab, django_assert_num_queries
):
    challenge = make_challenge(lab)
    url = reverse("console:audit", args=[challenge.slug])
    client.get(url)
    audit_log(challenge, "challenge.updated", actor=organizer, fields=["title"])
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(2):
        audit_log(challenge, "challenge.updated", actor=organizer, fields=["title"])
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["page"]) == 3


def test_console_section_list_uses_a_constant_number_of_queries(client, organizer, lab, django_assert_num_queries):
    challenge = make_challenge(lab)
    url = reverse("console:section", args=[challenge.slug, "questions"])
    Question.objects.create(challenge=challenge, label="Q0", kind="short_text")
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    for i in range(2):
        Question.objects.create(challenge=challenge, label=f"Q{i + 1}", kind="short_text")
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["page"]) == 3


def test_the_question_type_has_no_blank_choice_and_starts_on_short_text(client, organizer, lab):
    challenge = make_challenge(lab)

    page = client.get(reverse("console:section", args=[challenge.slug, "questions"])).content.decode()

    kind = page[page.index('name="kind"') :].split("</select>")[0]
    assert 'value=""' not in kind
    assert 'value="short_text" selected' in kind


def test_publishing_starts_with_a_checklist_and_a_preview(client, organizer, lab):
    now = timezone.now()
    challenge = make_challenge(lab, phases={"proposals": (now, now + timedelta(days=9))}, description="Agua")
    url = reverse("console:publish", args=[challenge.slug])

    page = client.get(url).content.decode()

    call, description, rules, questions, cover = client.get(url).context["checklist"]
    assert call.required and call.done and description.done
    assert not rules.done and not questions.done and not cover.done
    assert challenge.get_absolute_url() in page  # the preview
    assert 'type="submit"' in page
    challenge.refresh_from_db()
    assert challenge.visibility == "draft"  # looking publishes nothing


def test_without_a_call_for_proposals_the_checklist_holds_publishing_back(client, organizer, lab):
    challenge = make_challenge(lab)

    response = client.get(reverse("console:publish", args=[challenge.slug]))

    assert not response.context["ready"]
    assert 'type="submit"' not in response.content.decode().split('id="step-title"')[1]
    refused = client.post(reverse("console:publish", args=[challenge.slug]))
    assert refused.url == reverse("console:publish", args=[challenge.slug])
    challenge.refresh_from_db()
    assert challenge.visibility == "draft"


class TestDeadlineMovedEarlier:
    """Moving an open call's deadline earlier asks first and says who is affected; later or unchanged doesn't."""

    @pytest.fixture
    def open_call(self, lab):
        now = timezone.now()
        challenge = make_challenge(
            lab, visibility="published", phases={"proposals": (now - timedelta(days=5), now + timedelta(days=9))}
        )
        follower = make_user("sigue@example.org")
        challenge.follows.create(user=follower)
        draft = Proposal.objects.create(challenge=challenge, title="Borrador", status="draft")
        for email, role in (("a@example.org", "lead"), ("b@example.org", "member")):
            ProposalMember.objects.create(proposal=draft, user=make_user(email), role=role)
        return challenge

    def post(self, client, challenge, *, ends_in_days, **extra):
        now = timezone.now().astimezone(challenge.tzinfo)
        form = {
            "proposals_start": (now - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "proposals_end": (now + timedelta(days=ends_in_days)).strftime("%Y-%m-%dT%H:%M"),
            **extra,
        }
        return client.post(reverse("console:timeline", args=[challenge.slug]), form)

    def deadline(self, challenge):
        return challenge.phases.get(kind="proposals").ends_at

    def test_earlier_asks_first_and_says_who_is_affected(self, client, organizer, open_call):
        before = self.deadline(open_call)

        asked = self.post(client, open_call, ends_in_days=2)

        assert asked.status_code == 200
        change = asked.context["change"]
        assert not change.closes_now
        assert change.affected == [
            "1 persona sigue el reto.",
            "1 borrador sigue en preparación. 2 personas que escriben tendrían menos tiempo para enviar.",
        ]
        assert self.deadline(open_call) == before  # nothing moved yet
        confirmed = self.post(client, open_call, ends_in_days=2, confirm_earlier_deadline="on")
        assert confirmed.status_code == 302
        assert self.deadline(open_call) < before

    def test_into_the_past_says_the_call_would_close_now(self, client, organizer, open_call):
        asked = self.post(client, open_call, ends_in_days=-1)

        assert asked.context["change"].closes_now

    def test_later_is_saved_without_asking(self, client, organizer, open_call):
        before = self.deadline(open_call)

        response = self.post(client, open_call, ends_in_days=12)

        assert response.status_code == 302
        assert self.deadline(open_call) > before


def test_the_country_picker_lists_the_chosen_then_ibero_america_then_the_rest(client, organizer, lab):
    challenge = make_challenge(lab, eligible_countries=["DE", "PE"])

    page = client.get(reverse("console:edit", args=[challenge.slug])).content.decode()

    picker = page[page.index("data-picker") :].split("</fieldset>")[0]
    values = [chunk.split('"')[0] for chunk in picker.split('name="eligible_countries" value="')[1:]]
    assert values[:3] == ["DE", "PE", "AR"]  # the chosen ones, then Ibero-America by name
    assert values.index("BR") < values.index("AF")  # the rest after
    assert "Alemania, Perú" in picker  # what is chosen, said on top


def test_the_time_zones_are_the_networks_with_the_challenges_own_kept(client, organizer, lab):
    challenge = make_challenge(lab, timezone="Asia/Tokyo")

    choices = dict(
        client.get(reverse("console:edit", args=[challenge.slug])).context["form"].fields["timezone"].choices
    )

    assert "America/Lima" in choices and "Europe/Madrid" in choices
    assert "Asia/Tokyo" in choices and "Africa/Abidjan" not in choices
    assert len(choices) < 40


def test_the_kept_steps_mark_each_page_and_leave_out_what_an_event_has_not(client, organizer, lab):
    """The steps' links are kept per call, step and language: each page still marks its own step in its language,
    and an event (no call for proposals) never gets a call's steps."""
    call = make_challenge(lab, "reto-agua")
    event = make_challenge(lab, "taller-agua", kind="training")

    def steps(url, language="en"):
        html = client.get(url, headers={"accept-language": language}).content.decode()
        nav = html[html.index('<nav class="sidebar console-steps"') :].split("</nav>")[0]
        return re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', nav), nav

    for _ in range(2):  # drawn, then read from what was kept
        assert steps(reverse("console:audit", args=[call.slug]))[0] == ["Audit log"]
        assert steps(reverse("console:audit", args=[call.slug]), "es")[0] == ["Registro de cambios"]
        assert steps(reverse("console:roles", args=[call.slug]))[0] == ["Organizers and mentors"]
        current, nav = steps(reverse("console:edit", args=[call.slug]))
        assert current == ["Basics"]
        assert reverse("call_proposals:list", args=[call.slug]) in nav
        current, nav = steps(reverse("console:edit", args=[event.slug]))
        assert current == ["Basics"]
        assert reverse("call_proposals:list", args=[event.slug]) not in nav
        assert reverse("console:audit", args=[event.slug]) in nav
