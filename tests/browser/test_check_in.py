"""At the door on two phones: a team member opens their entry pass, a staff member types its code and sees the
person checked in; typing it again says when and by whom, and nothing is recorded twice. Works without a camera."""

import pytest
from playwright.sync_api import expect

from projects.models import CheckIn
from tests.browser.test_console_list import sign_in
from tests.projects.attendance_world import attendance_world

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-US"}


def test_a_participant_shows_their_pass_and_staff_check_them_in_from_a_phone(live_server, open_context, db):
    world = attendance_world()
    participant = open_context(**PHONE)
    sign_in(participant, live_server.url, world.member)
    pass_page = participant.new_page()
    pass_page.goto(f"{live_server.url}/challenges/labic/pass/")
    expect(pass_page.get_by_role("heading", name="My entry pass")).to_be_visible()
    expect(pass_page.get_by_role("img", name="QR code of the entry pass")).to_be_visible()
    code = pass_page.locator(".entry-pass-code strong").inner_text()
    assert len(code) == 9 and code[4] == "-"

    staff = open_context(**PHONE)
    sign_in(staff, live_server.url, world.organizer)
    door = staff.new_page()
    door.goto(f"{live_server.url}/console/labic/check-in/")
    expect(door.get_by_label("Entry code")).to_be_focused()
    door.get_by_label("Checking in at").select_option(label="The door (today)")
    door.get_by_label("Entry code").fill(code.lower())
    door.get_by_role("button", name="Check in", exact=True).click()
    expect(door.get_by_role("status")).to_contain_text("Checked in: Teo Equipo")

    door.get_by_label("Entry code").fill(code)
    door.get_by_label("Entry code").press("Enter")
    expect(door.get_by_role("status")).to_contain_text("Already checked in: Teo Equipo, at")
    expect(door.get_by_role("status")).to_contain_text("by Olga Organiza")
    assert CheckIn.objects.filter(user=world.member).count() == 1
    assert door.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
