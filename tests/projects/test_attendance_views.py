"""The attendance pages over HTTP: who may register, cancel, see a pass, check in, see the figures and export
them; what each page says; and the queries the lists cost."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from challenges.models import Challenge, Phase
from innovation_platform.core.errors import ApplicationError
from projects.models import CheckIn, EntryPass, Registration
from projects.services.attendance import check_in, entry_pass_for, session_register
from proposals.services.submission import proposal_start
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects.attendance_world import LIMA_NOON, attendance_world, client_for, session

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "other_organizer", "mentor", "member", "citizen", "staff", "anonymous"]
ORGANIZERS = {"organizer", "staff"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(LIMA_NOON, tick=False), translation.override("en"):
        yield


@pytest.fixture
def world():
    return attendance_world()


def user_of(world, role):
    return None if role == "anonymous" else getattr(world, role)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_registering_and_cancelling_needs_a_verified_account(world, role):
    client, user = client_for(user_of(world, role)), user_of(world, role)
    register = reverse("attendance:register", args=["labic", world.open_session.pk])
    response = client.post(register)
    if user is None:
        assert is_login_redirect(response)
        assert not Registration.objects.exists()
        return
    assert response.status_code == 302
    assert response["Location"].endswith(f"/challenges/labic/schedule/#session-{world.open_session.pk}")
    assert Registration.objects.get(user=user).status == "registered"
    response = client.post(reverse("attendance:cancel", args=["labic", world.open_session.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(user=user).status == "cancelled"


def test_an_unverified_account_cannot_register(world):
    person = make_user("nv@example.org", verified=False)
    body = client_for(person).get(reverse("challenges:schedule", args=["labic"])).content.decode()
    assert "Verify your e-mail address</a> to register." in body and ">Register<" not in body
    response = client_for(person).post(reverse("attendance:register", args=["labic", world.open_session.pk]))
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_entry_pass_is_shown_to_the_people_expected(world, role):
    response = client_for(user_of(world, role)).get(reverse("attendance:pass", args=["labic"]))
    if role == "anonymous":
        assert is_login_redirect(response)
        return
    assert response.status_code == 200
    expected = role in {"organizer", "mentor", "member"}
    entry = EntryPass.objects.filter(user=user_of(world, role)).first()
    assert (entry is not None) == expected
    if expected:
        body = response.content.decode()
        assert f"{entry.code[:4]}-{entry.code[4:]}" in body
        assert "<svg" in body and "<title>QR code of the entry pass" in body
        assert f"/console/labic/check-in/?code={entry.code}" not in body  # only inside the QR code's pixels
        assert user_of(world, role).email not in body
    else:
        assert b"You have no entry pass to this event yet" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organizers_and_staff_check_people_in(world, role):
    code = entry_pass_for(challenge=world.challenge, user=world.member).code
    client = client_for(user_of(world, role))
    page = reverse("attendance_console:check_in", args=["labic"])
    response = client.post(page, {"target": "day", "day": "2026-12-07", "code": code})
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in ORGANIZERS:
        assert response.status_code == 200
        assert b"Checked in" in response.content and b"Teo Equipo" in response.content
    else:
        assert response.status_code == 403
    assert CheckIn.objects.count() == (1 if role in ORGANIZERS else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page",
    [
        ("attendance_console:attendance", []),
        ("attendance_console:export", ["csv"]),
        ("attendance_console:export", ["xlsx"]),
        ("attendance_console:check_in", []),
    ],
    ids=["attendance", "csv", "xlsx", "check-in page"],
)
def test_only_the_organizers_and_staff_see_attendance(world, role, page):
    name, extra = page
    response = client_for(user_of(world, role)).get(reverse(name, args=["labic", *extra]))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in ORGANIZERS else 403)
    response.close()  # an XLSX download is a file the response holds open


def test_a_draft_s_attendance_is_unknown_to_other_organizers(world):
    world.challenge.visibility = "draft"
    world.challenge.save()
    response = client_for(world.other_organizer).get(reverse("attendance_console:attendance", args=["labic"]))
    assert response.status_code == 404
    response = client_for(world.citizen).post(reverse("attendance:register", args=["labic", world.open_session.pk]))
    assert response.status_code == 404


def check_in_post(world, code, **fields):
    data = {"target": "day", "day": "2026-12-07", "code": code, **fields}
    return client_for(world.organizer).post(reverse("attendance_console:check_in", args=["labic"]), data)


def test_checking_in_twice_says_when_and_by_whom(world):
    code = entry_pass_for(challenge=world.challenge, user=world.member).code
    with time_machine.travel(LIMA_NOON - timedelta(hours=2, minutes=45), tick=False):
        check_in_post(world, code)
    response = check_in_post(world, f"{code[:4].lower()} {code[4:].lower()}")
    assert response.status_code == 200
    assert "Already checked in:</strong> Teo Equipo, at 09:15 by Olga Organiza." in response.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "fields", "message"),
    [
        ("NOPE-NOPE", {}, "No entry pass has the code NOPE-NOPE."),
        ("other", {}, "This entry pass is for another event: Taller de prototipos."),
        ("member", {"day": "2026-12-06"}, "This page was opened for"),
        ("member", {"target": "open"}, "is not today but on"),
        ("", {}, "Choose where you check people in and type a code."),
        ("member", {"target": "999999"}, "Choose where you check people in and type a code."),
    ],
    ids=["unknown", "another event", "yesterday's page", "session of another day", "no code", "unknown session"],
)
def test_a_refused_check_in_says_why_and_records_nothing(world, code, fields, message):
    event = make_challenge(make_lab("lab-taller"), "taller", visibility="published", kind="training")
    event.title = "Taller de prototipos"
    event.save()
    codes = {
        "member": entry_pass_for(challenge=world.challenge, user=world.member).code,
        "other": EntryPass.objects.create(challenge=event, user=world.citizen, code="K7PX3MQD").code,
    }
    if fields.get("target") == "open":
        fields["target"] = str(world.open_session.pk)
    response = check_in_post(world, codes.get(code, code), **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"]["code"].value() == codes.get(code, code)  # kept, to be corrected
    assert not CheckIn.objects.exists()


def test_the_check_in_page_offers_the_door_and_today_s_sessions_and_takes_the_scanned_code(world):
    response = client_for(world.organizer).get(
        reverse("attendance_console:check_in", args=["labic"]) + "?code=k7px-3mqd"
    )
    body = response.content.decode()
    assert "The door (today)" in body and "Mentorías" in body and "Charla de la mañana" in body
    assert "Taller abierto" not in body  # tomorrow
    assert 'value="K7PX3MQD"' in body
    assert "js/check_in_scan.js" in body


def test_a_session_check_in_counts_on_the_attendance_page(world):
    code = entry_pass_for(challenge=world.challenge, user=world.member).code
    check_in_post(world, code, target=str(world.reserved_session.pk))
    check_in_post(world, code)
    response = client_for(world.organizer).get(reverse("attendance_console:attendance", args=["labic"]))
    rows = {session.title: session for session in response.context["page"].object_list}
    assert rows["Mentorías"].checked_in == 1
    assert list(response.context["days"]) == [{"day": LIMA_NOON.date(), "people": 1, "at_the_door": 1}]


def test_the_export_lists_check_ins_by_name_with_formulas_neutralised(world):
    world.member.full_name = '=HYPERLINK("http://evil")'
    world.member.save()
    world.reserved_session.title = "+SUM(1)"
    world.reserved_session.save()
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    check_in(challenge=world.challenge, code=entry.code, actor=world.organizer, session=world.reserved_session)
    client = client_for(world.organizer)
    response = client.get(reverse("attendance_console:export", args=["labic", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["Person", "Day", "Session", "Time", "Checked in by"],
        ['\'=HYPERLINK("http://evil")', "2026-12-07", "'+SUM(1)", "12:00", "Olga Organiza"],
    ]
    assert world.member.email not in str(rows)
    response = client.get(reverse("attendance_console:export", args=["labic", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    response.close()
    assert [cell.value for cell in sheet[2]] == [
        '\'=HYPERLINK("http://evil")',
        "2026-12-07",
        "'+SUM(1)",
        "12:00",
        "Olga Organiza",
    ]


def test_an_unknown_export_format_is_not_found(world):
    response = client_for(world.organizer).get(reverse("attendance_console:export", args=["labic", "pdf"]))
    assert response.status_code == 404


@pytest.mark.parametrize("sessions", [3, 30])
def test_the_attendance_page_costs_the_same_queries_for_3_and_30_sessions(world, sessions, django_assert_num_queries):
    for index in range(sessions):
        extra = session(
            world.challenge, f"Sesión {index}", LIMA_NOON + timedelta(days=2, hours=index), registration="public"
        )
        session_register(session=extra, user=world.citizen)
        entry = entry_pass_for(challenge=world.challenge, user=world.citizen)
        CheckIn.objects.create(challenge=world.challenge, user=world.citizen, day=LIMA_NOON.date(), session=extra)
    assert entry
    client = client_for(world.organizer)
    with django_assert_num_queries(9):
        response = client.get(reverse("attendance_console:attendance", args=["labic"]))
    assert response.status_code == 200


@pytest.mark.parametrize("sessions", [3, 30])
def test_the_schedule_costs_the_same_queries_for_3_and_30_sessions(world, sessions, django_assert_num_queries):
    for index in range(sessions):
        extra = session(
            world.challenge,
            f"Sesión {index}",
            LIMA_NOON + timedelta(days=2, hours=index),
            registration="public",
            capacity=1,
        )
        session_register(session=extra, user=world.member)
        session_register(session=extra, user=world.citizen)
    client = client_for(world.citizen)
    with django_assert_num_queries(8):
        response = client.get(reverse("challenges:schedule", args=["labic"]))
    assert response.content.decode().count("You are number 1 on the waitlist.") == sessions


def test_the_schedule_shows_places_the_reader_s_place_and_the_right_button(world):
    session_register(session=world.open_session, user=world.member)
    body = client_for(world.citizen).get(reverse("challenges:schedule", args=["labic"])).content.decode()
    assert "1 place left" in body and "of 2" in body
    assert '>Register<span class="visually-hidden">: Taller abierto</span>' in body
    assert "Registration is closed: the session has started." in body  # the morning talk
    assert "For the selected teams, mentors and organizers" in body  # reserved
    session_register(session=world.open_session, user=world.mentor)
    body = client_for(world.citizen).get(reverse("challenges:schedule", args=["labic"])).content.decode()
    assert "Full" in body and "Join the waitlist" in body
    body = client_for(None).get(reverse("challenges:schedule", args=["labic"])).content.decode()
    assert "Log in to register" in body
    with time_machine.travel(LIMA_NOON + timedelta(hours=2), tick=False):
        body = client_for(world.citizen).get(reverse("challenges:schedule", args=["labic"])).content.decode()
    assert "This session is over." in body


def test_the_waitlist_message_gives_the_position(world):
    session_register(session=world.open_session, user=world.member)
    session_register(session=world.open_session, user=world.mentor)
    response = client_for(world.citizen).post(
        reverse("attendance:register", args=["labic", world.open_session.pk]), follow=True
    )
    assert "“Taller abierto” is full: you are number 1 on the waitlist." in response.content.decode()


def test_registering_after_the_start_is_refused_with_a_message(world):
    response = client_for(world.citizen).post(
        reverse("attendance:register", args=["labic", world.morning_session.pk]), follow=True
    )
    assert "“Charla de la mañana” has already started: registration is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_today_s_screen_shows_today_s_sessions_with_places(world):
    response = client_for(None).get(reverse("attendance:today", args=["labic"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mentorías" in body and "Charla de la mañana" in body and "Taller abierto" not in body


def test_an_event_without_a_call_refuses_proposals_and_shows_registration(world):
    event = make_challenge(
        make_lab("lab-taller"),
        "taller",
        visibility="published",
        kind="training",
        phases={"proposals": (LIMA_NOON - timedelta(days=1), LIMA_NOON + timedelta(days=1))},
    )
    session(event, "Día 1", LIMA_NOON + timedelta(days=1), registration="public", capacity=20)
    assert Phase.objects.filter(challenge=event).exists()
    with pytest.raises(ApplicationError, match="does not accept this now"):
        proposal_start(challenge=event, actor=world.citizen, title="Idea")
    body = client_for(world.citizen).get(event.get_absolute_url()).content.decode()
    assert "Submit a proposal" not in body and "Looking for a team" not in body
    assert "Schedule and registration" in body and "My entry pass" in body
    response = client_for(world.citizen).get(reverse("proposals:start", args=["taller"]))
    assert response.status_code in (403, 404)


def test_the_console_s_session_editor_takes_registration_and_places(world):
    client = client_for(world.organizer)
    page = reverse("console:section", args=["labic", "sessions"])
    form = client.get(page).content.decode()
    assert 'name="registration"' in form and 'name="capacity"' in form
    assert "Reserved: the selected teams, mentors and organizers are expected without registering." in form
    data = {
        "title": "Taller de compostaje",
        "starts_at": "2026-12-10T09:00",
        "ends_at": "2026-12-10T11:00",
        "registration": "public",
        "capacity": "25",
    }
    assert client.post(page, data).status_code == 302
    created = world.challenge.sessions.get(title="Taller de compostaje")
    assert (created.registration, created.capacity) == ("public", 25)
    response = client.post(page, {**data, "title": "Sin registro", "registration": "none"})
    assert "Places apply only to sessions open to the public with registration." in response.content.decode()
    assert not world.challenge.sessions.filter(title="Sin registro").exists()


def test_a_check_in_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    """The door's page is posted hundreds of times in minutes: its queries are pinned."""
    code = entry_pass_for(challenge=world.challenge, user=world.member).code
    client = client_for(world.organizer)
    page = reverse("attendance_console:check_in", args=["labic"])
    with django_assert_num_queries(13):
        response = client.post(page, {"target": "day", "day": "2026-12-07", "code": code})
    assert b"check-in-ok" in response.content


def test_an_organizer_creates_a_training_from_the_console(world):
    client = client_for(world.organizer)
    form = client.get(reverse("console:new")).content.decode()
    assert '<option value="training">Training</option>' in form
    data = {
        "lab": world.challenge.lab_id,
        "title": "Taller de datos abiertos",
        "theme": "datos",
        "kind": "training",
        "scope": "national",
        "timezone": "America/Lima",
        "team_min": 1,
        "team_max": 5,
        "proposals_per_person": 1,
        "selection_count": 0,
        "waitlist_size": 0,
        "appeal_days": 0,
        "supports_per_person": 0,
        "supports_counts": "live",
    }
    response = client.post(reverse("console:new"), data)
    assert response.status_code == 302
    event = Challenge.objects.get(title="Taller de datos abiertos")
    assert event.kind == "training" and event.is_event
