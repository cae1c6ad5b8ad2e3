"""The challenges API: public directory and pages, and organizer writes through the services and rules."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from challenges.models import (
    Announcement,
    Challenge,
    ChallengeRole,
    FAQItem,
    Follow,
    Question,
    Session,
)
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.labs.models import LabMembership
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
DAY = timedelta(days=1)
LIMA = zoneinfo.ZoneInfo("America/Lima")
OPEN_CALL = {"proposals": (NOW - DAY, NOW + 10 * DAY)}
XSS = '**bold** <script>alert(1)</script><img src=x onerror="alert(2)"> [link](javascript:alert(3))'
XSS_HTML = '<p><strong>bold</strong>  <a rel="nofollow noopener noreferrer">link</a></p>'


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api():
    # Messages are compared in English, whatever the site's default language.
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def people(lab, lab_admin, staff, citizen):
    """Everyone the write endpoints are tried with; `lab` is the challenges' lab."""
    lab_organizer = make_user("organizer@example.org", full_name="Óscar Mamani")
    LabMembership.objects.create(lab=lab, user=lab_organizer, role="organizer")
    other_lab_organizer = make_user("other@example.org", full_name="Elena Ccori")
    make_lab("lab-puno", region="PE-PUN", admin=other_lab_organizer)
    return {
        "anonymous": None,
        "citizen": citizen,
        "other_lab_organizer": other_lab_organizer,
        "lab_organizer": lab_organizer,
        "lab_admin": lab_admin,
        "staff": staff,
    }


def iso(moment: datetime) -> str:
    """How the API writes a time to a visitor without a time zone of their own: in Lima's."""
    return moment.astimezone(LIMA).isoformat()


def audit_actions() -> list[tuple[str, str]]:
    return list(AuditLogEntry.objects.order_by("pk").values_list("action", "actor__email"))


class TestList:
    def test_lists_public_challenges_only_the_nearest_deadline_first(self, api, lab):
        make_challenge(lab, "lejano", visibility="published", phases={"proposals": (NOW - DAY, NOW + 30 * DAY)})
        make_challenge(lab, "cercano", visibility="published", phases={"proposals": (NOW - DAY, NOW + 3 * DAY)})
        make_challenge(lab, "archivado", visibility="archived")
        make_challenge(lab, "borrador", phases={"proposals": (NOW - DAY, NOW + DAY)})

        data = api.get("/api/v1/challenges/").json()

        assert (data["count"], [c["slug"] for c in data["results"]]) == (3, ["cercano", "lejano", "archivado"])
        assert data["results"][0] == {
            "url": "http://testserver/api/v1/challenges/cercano/",
            "slug": "cercano",
            "title": "Cercano",
            "tagline": "",
            "theme": "agua",
            "kind": "public_challenge",
            "kind_display": "Public challenge",
            "visibility": "published",
            "timezone": "America/Lima",
            "lab": {
                "url": "http://testserver/api/v1/labs/lab-cusco/",
                "slug": "lab-cusco",
                "name": "Lab Cusco",
                "country": "PE",
                "region": "PE-CUS",
            },
            "cover": None,
            "running_phase": "proposals",
            "running_phase_display": "Call for proposals",
            "next_deadline": iso(NOW + 3 * DAY),
        }

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({}, ["agua", "salud", "futuro", "pasado"]),
            ({"kind": "hackathon"}, ["agua"]),
            ({"theme": "SALUD"}, ["salud"]),
            ({"lab": "lab-puno"}, ["salud"]),
            ({"region": "PE-PUN"}, ["salud"]),
            ({"status": "open"}, ["agua"]),
            ({"status": "running"}, ["agua", "salud"]),
            ({"status": "upcoming"}, ["futuro"]),
            ({"status": "finished"}, ["pasado"]),
            ({"phase": "evaluation"}, ["salud"]),
            ({"q": "salu"}, ["salud"]),
            ({"kind": "hackathon", "region": "PE-PUN"}, []),
            ({"kind": ""}, ["agua", "salud", "futuro", "pasado"]),
        ],
    )
    def test_filters_are_those_of_the_directory(self, api, lab, filters, expected):
        puno = make_lab("lab-puno", region="PE-PUN")
        make_challenge(lab, "agua", kind="hackathon", visibility="published", phases=OPEN_CALL)
        make_challenge(
            puno, "salud", theme="salud", visibility="published", phases={"evaluation": (NOW - DAY, NOW + 20 * DAY)}
        )
        make_challenge(
            lab, "futuro", kind="ideathon", visibility="published", phases={"proposals": (NOW + DAY, NOW + 30 * DAY)}
        )
        make_challenge(lab, "pasado", visibility="published", phases={"proposals": (NOW - 9 * DAY, NOW - DAY)})

        data = api.get("/api/v1/challenges/", filters).json()

        assert [c["slug"] for c in data["results"]] == expected

    def test_invalid_filter_value_is_a_clean_400(self, api):
        response = api.get("/api/v1/challenges/", {"status": "someday", "region": "PE-XXX"})

        assert response.status_code == 400
        assert sorted(response.json()) == ["region", "status"]

    def test_list_uses_a_constant_number_of_queries(self, api, lab, django_assert_num_queries):
        make_challenge(lab, "reto-0", visibility="published", phases=OPEN_CALL)
        with django_assert_num_queries(2):
            api.get("/api/v1/challenges/")
        for n in (1, 2):
            make_challenge(lab, f"reto-{n}", visibility="published", phases=OPEN_CALL)
        with django_assert_num_queries(2):
            assert len(api.get("/api/v1/challenges/").json()["results"]) == 3


@pytest.fixture
def full_challenge(lab):
    """A published challenge with every kind of related row, in its call for proposals."""
    challenge = make_challenge(
        lab,
        visibility="published",
        published_at=NOW - 5 * DAY,
        prizes="**S/ 10 000**",
        rules="1. Be kind",
        phases={
            "announcement": (NOW - 5 * DAY, NOW - DAY),
            "proposals": (NOW - DAY, NOW + 10 * DAY),
            "evaluation": (NOW + 10 * DAY, NOW + 20 * DAY),
        },
    )
    challenge.tags.set(["water", "andes"])
    Question.objects.create(challenge=challenge, label="Team?", kind="long_text", required=True, position=1)
    Question.objects.create(
        challenge=challenge, label="Budget", kind="single_choice", choices=["< 1000", ">= 1000"], is_private=True
    )
    Session.objects.create(
        challenge=challenge, title="Kick-off", starts_at=NOW + DAY, ends_at=NOW + DAY + timedelta(hours=2)
    )
    Announcement.objects.create(challenge=challenge, title="Old", body="old", published_at=NOW - 2 * DAY)
    Announcement.objects.create(challenge=challenge, title="Pinned", body="_pin_", pinned=True, published_at=NOW - DAY)
    Announcement.objects.create(challenge=challenge, title="New", body="new", published_at=NOW - DAY)
    FAQItem.objects.create(challenge=challenge, question="Who?", answer="*Anyone*")
    return challenge


class TestDetail:
    def test_detail_has_the_timeline_and_every_public_section(self, api, full_challenge):
        data = api.get("/api/v1/challenges/reto-agua/").json()

        assert list(data) == [
            "url",
            "slug",
            "title",
            "tagline",
            "theme",
            "kind",
            "kind_display",
            "visibility",
            "timezone",
            "lab",
            "published_at",
            "tags",
            "cover",
            "cover_thumbnail",
            "description",
            "description_html",
            "rules",
            "rules_html",
            "prizes",
            "prizes_html",
            "resources",
            "resources_html",
            "scope",
            "scope_display",
            "eligible_countries",
            "eligible_regions",
            "team_residence_required",
            "team_min",
            "team_max",
            "proposals_per_person",
            "selection_count",
            "waitlist_size",
            "edit_after_submit",
            "proposals_public",
            "supports_enabled",
            "supports_per_person",
            "supports_counts",
            "supports_ranking_public",
            "phases",
            "running_phase",
            "running_phase_display",
            "next_deadline",
            "allowed_actions",
            "questions",
            "sessions",
            "announcements",
            "faq",
        ]
        assert data["phases"] == [
            {
                "kind": "announcement",
                "label": "Announcement",
                "starts_at": iso(NOW - 5 * DAY),
                "ends_at": iso(NOW - DAY),
                "is_current": False,
            },
            {
                "kind": "proposals",
                "label": "Call for proposals",
                "starts_at": iso(NOW - DAY),
                "ends_at": iso(NOW + 10 * DAY),
                "is_current": True,
            },
            {
                "kind": "evaluation",
                "label": "Evaluation",
                "starts_at": iso(NOW + 10 * DAY),
                "ends_at": iso(NOW + 20 * DAY),
                "is_current": False,
            },
        ]
        assert (data["running_phase"], data["next_deadline"], data["allowed_actions"]) == (
            "proposals",
            iso(NOW + 10 * DAY),
            ["submit", "edit", "support"],
        )
        assert data["questions"] == [
            {
                "label": "Budget",
                "kind": "single_choice",
                "required": False,
                "help_text": "",
                "choices": ["< 1000", ">= 1000"],
                "position": 0,
            },
            {"label": "Team?", "kind": "long_text", "required": True, "help_text": "", "choices": [], "position": 1},
        ]
        assert data["sessions"] == [
            {
                "title": "Kick-off",
                "description": "",
                "starts_at": iso(NOW + DAY),
                "ends_at": iso(NOW + DAY + timedelta(hours=2)),
                "place": "",
                "online_url": "",
                "speakers": "",
            }
        ]
        assert [(a["title"], a["body_html"]) for a in data["announcements"]] == [
            ("Pinned", "<p><em>pin</em></p>"),
            ("New", "<p>new</p>"),
            ("Old", "<p>old</p>"),
        ]
        assert data["faq"] == [
            {"question": "Who?", "answer": "*Anyone*", "answer_html": "<p><em>Anyone</em></p>", "position": 0}
        ]
        assert (data["prizes"], data["prizes_html"]) == ("**S/ 10 000**", "<p><strong>S/ 10 000</strong></p>")
        assert data["rules_html"] == "<ol>\n<li>Be kind</li>\n</ol>"
        assert data["tags"] == ["andes", "water"]

    def test_no_action_is_allowed_between_phases(self, api, lab):
        make_challenge(lab, visibility="published", phases={"proposals": (NOW + DAY, NOW + 5 * DAY)})

        data = api.get("/api/v1/challenges/reto-agua/").json()

        assert (data["running_phase"], data["allowed_actions"], data["next_deadline"]) == (
            None,
            [],
            iso(NOW + 5 * DAY),
        )

    def test_markdown_comes_back_sanitised(self, api, lab):
        make_challenge(lab, visibility="published", description=XSS, prizes=XSS)

        data = api.get("/api/v1/challenges/reto-agua/").json()

        assert (data["description"], data["description_html"], data["prizes_html"]) == (XSS, XSS_HTML, XSS_HTML)

    def test_detail_uses_a_fixed_number_of_queries(self, api, full_challenge, django_assert_num_queries):
        # The challenge with its lab, then phases, questions, FAQ, quotas, tags, sessions, announcements.
        with django_assert_num_queries(8):
            assert api.get("/api/v1/challenges/reto-agua/").status_code == 200

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("anonymous", 404),
            ("citizen", 404),
            ("other_lab_organizer", 404),
            ("lab_organizer", 200),
            ("challenge_organizer", 200),
            ("mentor", 200),
            ("staff", 200),
        ],
    )
    def test_drafts_are_found_only_by_who_may_see_them(self, api, lab, people, role, expected):
        draft = make_challenge(lab, phases=OPEN_CALL)
        if role in {"challenge_organizer", "mentor"}:
            user = make_user(f"{role}@example.org")
            ChallengeRole.objects.create(challenge=draft, user=user, role=role.replace("challenge_", ""))
        else:
            user = people[role]
        if user:
            api.force_authenticate(user)

        response = api.get("/api/v1/challenges/reto-agua/")

        assert response.status_code == expected
        if expected == 200:
            assert (response.json()["visibility"], response.json()["allowed_actions"]) == ("draft", [])

    def test_unknown_challenge_is_not_found(self, api):
        assert api.get("/api/v1/challenges/nope/").status_code == 404


def new_challenge(**fields) -> dict:
    return {"lab": "lab-cusco", "title": "Agua segura", "theme": "agua", "kind": "hackathon", **fields}


def timeline_body(start: datetime = NOW + DAY) -> list[dict]:
    return [
        {"kind": "proposals", "starts_at": start.isoformat(), "ends_at": (start + 10 * DAY).isoformat()},
        {"kind": "evaluation", "starts_at": (start + 10 * DAY).isoformat(), "ends_at": (start + 20 * DAY).isoformat()},
    ]


# (method, path, body, success status) for every write; `reto-agua` is archived (public, so
# nobody gets a 404) with an open call, so publishing it again is a real change.
WRITES = {
    "create": ("post", "/api/v1/challenges/", new_challenge(), 201),
    "update": ("patch", "/api/v1/challenges/reto-agua/", {"title": "Agua limpia"}, 200),
    "timeline": ("put", "/api/v1/challenges/reto-agua/timeline/", timeline_body(), 200),
    "publish": ("post", "/api/v1/challenges/reto-agua/publish/", None, 200),
    "announce": ("post", "/api/v1/challenges/reto-agua/announcements/", {"title": "Hi", "body": "News"}, 201),
}


class TestWritePermissions:
    @pytest.mark.parametrize("write", WRITES)
    @pytest.mark.parametrize(
        ("role", "allowed"),
        [
            ("anonymous", False),
            ("citizen", False),
            ("other_lab_organizer", False),
            ("lab_organizer", True),
            ("lab_admin", True),
            ("staff", True),
        ],
    )
    def test_matrix(self, api, lab, people, write, role, allowed):
        make_challenge(lab, visibility="archived", phases=OPEN_CALL)
        method, path, body, success = WRITES[write]
        if people[role]:
            api.force_authenticate(people[role])

        response = getattr(api, method)(path, body, format="json")

        if allowed:
            assert response.status_code == success, response.content
            assert len(audit_actions()) == 1
        else:
            assert response.status_code == (401 if role == "anonymous" else 403)
            assert (Challenge.objects.count(), audit_actions()) == (1, [])

    def test_anonymous_is_asked_for_a_token(self, api):
        response = api.post("/api/v1/challenges/", new_challenge(), format="json")

        assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")
        assert (Challenge.objects.count(), audit_actions()) == (0, [])

    def test_token_authentication_writes_as_its_owner(self, api, lab, lab_admin):
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=lab_admin).key}")

        response = api.post("/api/v1/challenges/", new_challenge(), format="json")

        assert response.status_code == 201
        assert audit_actions() == [("challenge.created", "admin@example.org")]

    @pytest.mark.parametrize("write", ["update", "timeline", "publish", "announce"])
    @pytest.mark.parametrize(("role", "expected"), [("anonymous", 401), ("citizen", 404), ("other_lab_organizer", 404)])
    def test_drafts_stay_hidden_from_writers_who_may_not_see_them(self, api, lab, people, write, role, expected):
        make_challenge(lab, phases=OPEN_CALL)
        method, path, body, _success = WRITES[write]
        if people[role]:
            api.force_authenticate(people[role])

        response = getattr(api, method)(path, body, format="json")

        assert (response.status_code, audit_actions()) == (expected, [])


class TestCreate:
    def test_creates_an_audited_draft_with_the_creator_as_organizer(self, api, lab, lab_admin):
        api.force_authenticate(lab_admin)
        body = new_challenge(
            tags=["agua", "Agua", " andes "],
            description=XSS,
            scope="regional",
            eligible_regions=["PE-CUS", "PE-PUN", "PE-CUS"],
            eligible_countries=["PE"],
            team_min=2,
            team_max=4,
            timezone="America/Bogota",
        )

        response = api.post("/api/v1/challenges/", body, format="json")

        assert response.status_code == 201
        data = response.json()
        assert (data["slug"], data["visibility"], data["lab"]["slug"], data["tags"]) == (
            "agua-segura",
            "draft",
            "lab-cusco",
            ["agua", "andes"],
        )
        assert (data["eligible_regions"], data["eligible_countries"], data["timezone"]) == (
            ["PE-CUS", "PE-PUN"],
            ["PE"],
            "America/Bogota",
        )
        assert data["description_html"] == XSS_HTML
        challenge = Challenge.objects.get()
        assert list(challenge.roles.values_list("user__email", "role")) == [("admin@example.org", "organizer")]
        assert audit_actions() == [("challenge.created", "admin@example.org")]

    @pytest.mark.parametrize(
        ("changes", "errors"),
        [
            ({"title": ""}, {"title": ["This field may not be blank."]}),
            ({"title": None}, {"title": ["This field may not be null."]}),
            (
                {"team_min": 6, "team_max": 3},
                {"team_max": ["The maximum team size cannot be smaller than the minimum."]},
            ),
            ({"team_min": 6}, {"team_max": ["The maximum team size cannot be smaller than the minimum."]}),
            (
                {"eligible_regions": ["PE-CUS", "PE-XYZ"]},
                {
                    "eligible_regions": {
                        "1": ["PE-XYZ is not a region of Peru; use its ISO 3166-2:PE code, such as PE-CUS."]
                    }
                },
            ),
            ({"scope": "regional"}, {"eligible_regions": ["A regional call needs at least one eligible region."]}),
            (
                {"timezone": "Mars/Olympus"},
                {"timezone": ["Mars/Olympus is not a known time zone, such as America/Lima."]},
            ),
            ({"lab": "lab-nope"}, {"lab": ["Object with slug=lab-nope does not exist."]}),
        ],
    )
    def test_invalid_input_is_a_400_and_saves_nothing(self, api, lab, staff, changes, errors):
        api.force_authenticate(staff)

        response = api.post("/api/v1/challenges/", new_challenge(**changes), format="json")

        assert (response.status_code, response.json()) == (400, errors)
        assert (Challenge.objects.count(), audit_actions()) == (0, [])

    def test_title_is_required(self, api, lab, lab_admin):
        api.force_authenticate(lab_admin)
        body = new_challenge()
        del body["title"]

        response = api.post("/api/v1/challenges/", body, format="json")

        assert (response.status_code, response.json()) == (400, {"title": ["This field is required."]})
        assert (Challenge.objects.count(), audit_actions()) == (0, [])

    def test_a_lab_nobody_organizes_here_is_refused(self, api, lab, lab_admin):
        api.force_authenticate(lab_admin)

        response = api.post("/api/v1/challenges/", new_challenge(lab="lab-nope"), format="json")

        assert (response.status_code, response.json()) == (
            403,
            {"detail": "You can only create challenges in a lab you organize."},
        )
        assert (Challenge.objects.count(), audit_actions()) == (0, [])


class TestUpdate:
    def test_changes_are_saved_through_the_service_and_audited(self, api, lab, lab_admin):
        challenge = make_challenge(lab, visibility="published", phases=OPEN_CALL)
        challenge.tags.set(["agua"])
        api.force_authenticate(lab_admin)

        response = api.patch(
            "/api/v1/challenges/reto-agua/", {"title": "Agua limpia", "prizes": XSS, "team_max": 8}, format="json"
        )

        assert response.status_code == 200
        data = response.json()
        assert (data["title"], data["team_max"], data["prizes_html"], data["tags"]) == (
            "Agua limpia",
            8,
            XSS_HTML,
            ["agua"],
        )
        entry = AuditLogEntry.objects.get()
        assert (entry.action, entry.actor, entry.data) == (
            "challenge.updated",
            lab_admin,
            {"fields": ["title", "team_max", "prizes"]},
        )

    def test_sending_the_same_values_again_changes_nothing(self, api, lab, lab_admin):
        make_challenge(lab)
        api.force_authenticate(lab_admin)
        body = {"eligible_countries": ["PE", "CO", "PE"], "eligible_regions": ["PE-PUN"], "tags": ["b", "a"]}

        first = api.patch("/api/v1/challenges/reto-agua/", body, format="json").json()
        api.patch("/api/v1/challenges/reto-agua/", body, format="json")

        assert (first["eligible_countries"], first["eligible_regions"], first["tags"]) == (
            ["CO", "PE"],
            ["PE-PUN"],
            ["a", "b"],
        )
        assert list(AuditLogEntry.objects.order_by("pk").values_list("data", flat=True)) == [
            {"fields": ["eligible_countries", "eligible_regions", "tags"]},
            {"fields": []},
        ]

    def test_team_sizes_are_checked_against_the_current_values(self, api, lab, lab_admin):
        make_challenge(lab, team_min=2, team_max=4)
        api.force_authenticate(lab_admin)

        response = api.patch("/api/v1/challenges/reto-agua/", {"team_min": 5}, format="json")

        assert (response.status_code, response.json()) == (
            400,
            {"team_max": ["The maximum team size cannot be smaller than the minimum."]},
        )
        assert (Challenge.objects.get().team_min, audit_actions()) == (2, [])

    def test_put_is_not_offered(self, api, lab, lab_admin):
        make_challenge(lab)
        api.force_authenticate(lab_admin)

        assert api.put("/api/v1/challenges/reto-agua/", new_challenge(), format="json").status_code == 405
        assert (Challenge.objects.get().title, audit_actions()) == ("Reto Agua", [])


class TestTimeline:
    def test_replaces_the_timeline_and_audits_it(self, api, lab, lab_admin):
        challenge = make_challenge(lab, phases={"announcement": (NOW - 5 * DAY, NOW - DAY)})
        api.force_authenticate(lab_admin)

        response = api.put("/api/v1/challenges/reto-agua/timeline/", timeline_body(), format="json")

        assert response.status_code == 200
        assert [(p["kind"], p["starts_at"], p["is_current"]) for p in response.json()] == [
            ("proposals", iso(NOW + DAY), False),
            ("evaluation", iso(NOW + 11 * DAY), False),
        ]
        assert list(challenge.phases.values_list("kind", "starts_at", "ends_at")) == [
            ("proposals", NOW + DAY, NOW + 11 * DAY),
            ("evaluation", NOW + 11 * DAY, NOW + 21 * DAY),
        ]
        assert audit_actions() == [("challenge.timeline_changed", "admin@example.org")]

    def test_times_without_offset_are_read_in_the_challenge_time_zone(self, api, lab, lab_admin):
        challenge = make_challenge(lab, timezone="Europe/Madrid")
        api.force_authenticate(lab_admin)
        body = [{"kind": "proposals", "starts_at": "2026-04-01T09:00", "ends_at": "2026-04-30T18:00"}]

        assert api.put("/api/v1/challenges/reto-agua/timeline/", body, format="json").status_code == 200

        assert list(challenge.phases.values_list("starts_at", "ends_at")) == [
            (datetime(2026, 4, 1, 7, tzinfo=UTC), datetime(2026, 4, 30, 16, tzinfo=UTC))
        ]

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (
                [{"kind": "proposals", "starts_at": (NOW + 5 * DAY).isoformat(), "ends_at": NOW.isoformat()}],
                "Call for proposals must end after it starts.",
            ),
            (
                [
                    {"kind": "proposals", "starts_at": NOW.isoformat(), "ends_at": (NOW + 10 * DAY).isoformat()},
                    {
                        "kind": "evaluation",
                        "starts_at": (NOW + 5 * DAY).isoformat(),
                        "ends_at": (NOW + 20 * DAY).isoformat(),
                    },
                ],
                "Evaluation cannot start before Call for proposals ends.",
            ),
        ],
        ids=["end-before-start", "overlap"],
    )
    def test_an_invalid_timeline_is_refused_with_the_reason_and_nothing_saved(self, api, lab, lab_admin, body, message):
        challenge = make_challenge(lab, phases=OPEN_CALL)
        api.force_authenticate(lab_admin)

        response = api.put("/api/v1/challenges/reto-agua/timeline/", body, format="json")

        assert (response.status_code, response.json()) == (400, {"detail": message})
        assert list(challenge.phases.values_list("kind", "starts_at", "ends_at")) == [
            ("proposals", NOW - DAY, NOW + 10 * DAY)
        ]
        assert audit_actions() == []

    def test_spans_must_be_a_list_of_known_phases(self, api, lab, lab_admin):
        make_challenge(lab)
        api.force_authenticate(lab_admin)

        not_a_list = api.put("/api/v1/challenges/reto-agua/timeline/", {"kind": "proposals"}, format="json")
        unknown = api.put(
            "/api/v1/challenges/reto-agua/timeline/",
            [{"kind": "party", "starts_at": NOW.isoformat(), "ends_at": (NOW + DAY).isoformat()}],
            format="json",
        )

        assert (not_a_list.status_code, unknown.status_code) == (400, 400)
        assert unknown.json() == {"0": {"kind": ['"party" is not a valid choice.']}}
        assert audit_actions() == []


class TestPublish:
    def test_publishes_a_draft_with_an_open_call(self, api, lab, lab_admin):
        make_challenge(lab, phases={"proposals": (NOW + DAY, NOW + 10 * DAY)})
        api.force_authenticate(lab_admin)

        response = api.post("/api/v1/challenges/reto-agua/publish/")

        assert response.status_code == 200
        assert (response.json()["visibility"], response.json()["published_at"]) == ("published", iso(NOW))
        assert audit_actions() == [("challenge.published", "admin@example.org")]
        api.force_authenticate(None)
        assert api.get("/api/v1/challenges/reto-agua/").status_code == 200

    @pytest.mark.parametrize(
        ("phases", "message"),
        [
            ({"announcement": (NOW, NOW + DAY)}, "Add the call for proposals to the timeline before publishing."),
            (
                {"proposals": (NOW - 10 * DAY, NOW - DAY)},
                "The call for proposals has already closed; move its deadline before publishing.",
            ),
        ],
        ids=["no-call", "call-closed"],
    )
    def test_publishing_without_an_open_call_is_refused(self, api, lab, lab_admin, phases, message):
        make_challenge(lab, phases=phases)
        api.force_authenticate(lab_admin)

        response = api.post("/api/v1/challenges/reto-agua/publish/")

        assert (response.status_code, response.json()) == (400, {"detail": message})
        assert (Challenge.objects.get().visibility, audit_actions()) == ("draft", [])


class TestAnnouncements:
    def test_posts_an_audited_announcement_and_emails_followers_after_commit(
        self, api, lab, lab_admin, citizen, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge = make_challenge(lab, visibility="published", phases=OPEN_CALL)
        Follow.objects.create(challenge=challenge, user=citizen)
        api.force_authenticate(lab_admin)

        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                "/api/v1/challenges/reto-agua/announcements/",
                {"title": "New venue", "body": XSS, "pinned": True},
                format="json",
            )

        assert response.status_code == 201
        assert response.json() == {
            "title": "New venue",
            "body": XSS,
            "body_html": XSS_HTML,
            "pinned": True,
            "published_at": iso(NOW),
        }
        announcement = Announcement.objects.get()
        assert (announcement.challenge, announcement.author) == (challenge, lab_admin)
        assert audit_actions() == [("challenge.announcements.added", "admin@example.org")]
        assert [m.to for m in mailoutbox] == [["citizen@example.org"]]

    def test_title_and_body_are_required(self, api, lab, lab_admin):
        make_challenge(lab, visibility="published")
        api.force_authenticate(lab_admin)

        response = api.post("/api/v1/challenges/reto-agua/announcements/", {}, format="json")

        assert (response.status_code, sorted(response.json())) == (400, ["body", "title"])
        assert (Announcement.objects.count(), audit_actions()) == (0, [])


class TestSchema:
    def test_schema_documents_the_challenge_endpoints(self, client):
        response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")

        schema = response.json()
        assert {
            "/api/v1/challenges/",
            "/api/v1/challenges/{slug}/",
            "/api/v1/challenges/{slug}/timeline/",
            "/api/v1/challenges/{slug}/publish/",
            "/api/v1/challenges/{slug}/announcements/",
        } <= set(schema["paths"])
        assert "is_private" not in str(schema["components"]["schemas"]["Question"])

    def test_schema_validates_without_warnings(self, tmp_path):
        call_command("spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn")
