"""Registration, waitlist and promotion, entry passes and check-ins, at the service level."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import translation

from challenges.services import section_save
from innovation_platform.core.errors import ApplicationError
from innovation_platform.live.models import LiveEvent, Notification
from projects.entry_codes import ALPHABET, code_display, code_new, code_normalise
from projects.models import CheckIn, EntryPass, Registration
from projects.selectors.attendance import registration_of
from projects.services.attendance import check_in, entry_pass_for, session_cancel, session_register
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects.attendance_world import LIMA_NOON, attendance_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(LIMA_NOON, tick=False), translation.override("en"):
        yield


@pytest.fixture
def world():
    return attendance_world()


def people(count):
    return [make_user(f"p{index}@example.org", full_name=f"Persona {index}") for index in range(count)]


def test_places_go_first_come_then_the_waitlist_in_order(world):
    first, second, third, fourth = people(4)
    statuses = [session_register(session=world.open_session, user=p).status for p in (first, second, third, fourth)]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    assert registration_of(world.open_session, third).position == 1
    assert registration_of(world.open_session, fourth).position == 2


def test_registering_twice_changes_nothing(world):
    (person,) = people(1)
    first = session_register(session=world.open_session, user=person)
    again = session_register(session=world.open_session, user=person)
    assert (again.pk, again.status, again.created_at) == (first.pk, "registered", first.created_at)
    assert Registration.objects.filter(user=person).count() == 1


def test_a_cancellation_promotes_the_first_on_the_waitlist_who_is_told(world, django_capture_on_commit_callbacks):
    first, second, third, fourth = people(4)
    for person in (first, second, third, fourth):
        session_register(session=world.open_session, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = session_cancel(session=world.open_session, user=first)
    assert [registration.user for registration in promoted] == [third]
    assert registration_of(world.open_session, third).status == "registered"
    assert registration_of(world.open_session, fourth).position == 1
    assert registration_of(world.open_session, first) is None
    assert [message.to for message in mail.outbox] == [[third.email]]
    assert "Taller abierto" in mail.outbox[0].subject
    assert f"/challenges/labic/schedule/#session-{world.open_session.pk}" in mail.outbox[0].body
    notification = Notification.objects.get(user=third)
    assert (notification.kind, notification.title) == ("registration", "Se liberó un cupo para ti: Taller abierto")


def test_leaving_the_waitlist_promotes_nobody(world, django_capture_on_commit_callbacks):
    first, second, third = people(3)
    for person in (first, second, third):
        session_register(session=world.open_session, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        assert session_cancel(session=world.open_session, user=third) == []
    assert mail.outbox == []


def test_registering_again_after_cancelling_goes_to_the_end_of_the_line(world):
    first, second, third = people(3)
    for person in (first, second, third):
        session_register(session=world.open_session, user=person)
    session_cancel(session=world.open_session, user=third)
    fourth = make_user("late@example.org")
    session_register(session=world.open_session, user=fourth, now=LIMA_NOON + timedelta(minutes=1))
    session_register(session=world.open_session, user=third, now=LIMA_NOON + timedelta(minutes=2))
    assert registration_of(world.open_session, fourth).position == 1
    assert registration_of(world.open_session, third).position == 2


def test_registration_after_the_session_started_is_refused(world):
    (person,) = people(1)
    with pytest.raises(ApplicationError, match="already started: registration is closed"):
        session_register(session=world.morning_session, user=person)
    assert not Registration.objects.exists()


def test_reserved_and_unregistered_sessions_take_no_registrations(world):
    (person,) = people(1)
    with pytest.raises(ApplicationError, match="does not take registrations"):
        session_register(session=world.reserved_session, user=person)


def test_cancelling_after_the_start_is_refused(world):
    (person,) = people(1)
    with time_machine.travel(LIMA_NOON - timedelta(days=1), tick=False):
        session_register(session=world.morning_session, user=person)
    with pytest.raises(ApplicationError, match="can no longer be cancelled"):
        session_cancel(session=world.morning_session, user=person)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="what is tested is the session's row lock; SQLite serialises writers"
)
@pytest.mark.django_db(transaction=True)
def test_two_people_never_take_the_last_place_at_once():
    """Concurrent registrations for one place: exactly one gets it (the session's row lock, on PostgreSQL)."""
    world = attendance_world()
    world.open_session.capacity = 1
    world.open_session.save()
    racers = people(6)
    barrier = threading.Barrier(len(racers))
    errors = []

    def register(person):
        try:
            barrier.wait()
            session_register(session=world.open_session, user=person)
        except Exception as error:  # a locked SQLite database: retried below
            errors.append((person, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "postgresql":
        assert errors == []  # the row lock makes the others wait, none fails
    for person, _error in errors:  # SQLite refuses a concurrent writer instead of waiting: try again in turn
        session_register(session=world.open_session, user=person)
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["registered"] + ["waitlisted"] * 5


def test_entry_passes_go_to_expected_people_only_and_once(world):
    (registered,) = people(1)
    session_register(session=world.open_session, user=registered)
    for person in (world.member, world.mentor, world.organizer, registered):
        entry = entry_pass_for(challenge=world.challenge, user=person)
        assert entry is not None and len(entry.code) == 8 and set(entry.code) <= set(ALPHABET)
        assert entry_pass_for(challenge=world.challenge, user=person) == entry
    assert entry_pass_for(challenge=world.challenge, user=world.citizen) is None
    assert entry_pass_for(challenge=world.challenge, user=world.other_organizer) is None
    assert EntryPass.objects.count() == 4


def test_codes_are_read_leniently_and_shown_in_two_halves():
    code = code_new()
    assert code_normalise(f" {code[:4].lower()}-{code[4:]} ") == code
    assert code_display("K7PX3MQD") == "K7PX-3MQD"
    assert not set("01OI") & set(ALPHABET)


def test_checking_in_twice_keeps_the_first_record(world):
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    first = check_in(challenge=world.challenge, code=entry.code, actor=world.organizer)
    second = check_in(challenge=world.challenge, code=code_display(entry.code).lower(), actor=world.staff)
    assert (first.created, second.created) == (True, False)
    assert second.check_in == first.check_in and second.check_in.checked_in_by == world.organizer
    assert CheckIn.objects.count() == 1
    assert first.check_in.day.isoformat() == "2026-12-07" and first.check_in.session is None


def test_a_session_check_in_is_its_own_record(world):
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    check_in(challenge=world.challenge, code=entry.code, actor=world.organizer)
    at_session = check_in(
        challenge=world.challenge, code=entry.code, actor=world.organizer, session=world.reserved_session
    )
    again = check_in(challenge=world.challenge, code=entry.code, actor=world.organizer, session=world.reserved_session)
    assert at_session.created and not again.created
    assert CheckIn.objects.filter(session=world.reserved_session).count() == 1
    assert CheckIn.objects.count() == 2


def test_unknown_codes_and_codes_of_another_event_are_refused(world):
    with pytest.raises(ApplicationError, match="No entry pass has the code ZZZZ-ZZZZ"):
        check_in(challenge=world.challenge, code="zzzz zzzz", actor=world.organizer)
    with pytest.raises(ApplicationError, match="Type the code"):
        check_in(challenge=world.challenge, code="  ", actor=world.organizer)
    event = make_challenge(make_lab("lab-taller"), "taller", visibility="published", kind="training", title="Taller")
    stranger = EntryPass.objects.create(challenge=event, user=world.citizen, code="K7PX3MQD")
    with pytest.raises(ApplicationError, match="for another event: Taller"):
        check_in(challenge=world.challenge, code=stranger.code, actor=world.organizer)
    assert not CheckIn.objects.exists()


def test_a_session_of_another_day_and_a_page_of_yesterday_are_refused(world):
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    with pytest.raises(ApplicationError, match="“Taller abierto” is not today but on"):
        check_in(challenge=world.challenge, code=entry.code, actor=world.organizer, session=world.open_session)
    yesterday = LIMA_NOON.date() - timedelta(days=1)
    with pytest.raises(ApplicationError, match="not for today: reload it"):
        check_in(challenge=world.challenge, code=entry.code, actor=world.organizer, day=yesterday)
    assert not CheckIn.objects.exists()


def test_the_day_is_the_challenge_s_day_not_utc(world):
    """At 22:00 in Lima it is already tomorrow in UTC; the check-in counts for Lima's day."""
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    with time_machine.travel(LIMA_NOON + timedelta(hours=10), tick=False):
        record = check_in(challenge=world.challenge, code=entry.code, actor=world.organizer).check_in
    assert record.day.isoformat() == "2026-12-07"


def test_more_places_move_the_waitlist_up_when_the_organizer_saves_the_session(
    world, django_capture_on_commit_callbacks
):
    first, second, third, fourth = people(4)
    for person in (first, second, third, fourth):
        session_register(session=world.open_session, user=person)
    world.open_session.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        section_save(challenge=world.challenge, actor=world.organizer, obj=world.open_session, section="sessions")
    assert registration_of(world.open_session, third).status == "registered"
    assert registration_of(world.open_session, fourth).position == 1
    assert [message.to for message in mail.outbox] == [[third.email]]


def test_a_new_check_in_tells_the_organizers_attendance_page_and_names_no_one(
    world, django_capture_on_commit_callbacks
):
    entry = entry_pass_for(challenge=world.challenge, user=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        check_in(challenge=world.challenge, code=entry.code, actor=world.organizer)
        check_in(challenge=world.challenge, code=entry.code, actor=world.organizer)  # already: nothing new to tell
    events = list(LiveEvent.objects.filter(type="attendance.checked_in"))
    assert [(event.group, event.payload) for event in events] == [
        (f"challenge.{world.challenge.pk}.organizers", {"day": "2026-12-07"})
    ]


def test_a_check_in_at_a_public_session_says_when_the_person_had_not_registered(world):
    registered = people(1)[0]
    with time_machine.travel(LIMA_NOON - timedelta(days=1), tick=False):
        session_register(session=world.morning_session, user=registered)
    session_register(session=world.open_session, user=registered)  # a pass for them
    walk_in = entry_pass_for(challenge=world.challenge, user=world.member)
    on_the_list = entry_pass_for(challenge=world.challenge, user=registered)
    first = check_in(challenge=world.challenge, code=walk_in.code, actor=world.organizer, session=world.morning_session)
    second = check_in(
        challenge=world.challenge, code=on_the_list.code, actor=world.organizer, session=world.morning_session
    )
    at_the_door = check_in(challenge=world.challenge, code=walk_in.code, actor=world.organizer)
    assert (first.unregistered, second.unregistered, at_the_door.unregistered) == (True, False, False)
