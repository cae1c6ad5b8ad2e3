"""The logbook in a real browser: a team member on a phone posts a photo to the logbook and it appears; the assigned
mentor signs in and answers; a team-only post stays invisible to an anonymous visitor.

The browser asks for English, so the page is found by the labels in our code.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from projects.models import LogbookComment, LogbookPost
from tests.images import image_bytes
from tests.projects.logbook_world import make_world

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def world(db):
    world = make_world()
    for user in world.users.values():
        if getattr(user, "pk", None):
            user.language = "en"
            user.save(update_fields=["language"])
    return world


def sign_in(context: BrowserContext, base_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_team_member_posts_a_photo_from_a_phone_and_the_mentor_answers(open_context, live_server, world, tmp_path):
    logbook = f"{live_server.url}/projects/{world.project.pk}/logbook/"
    phone = open_context(locale="en-US", **PHONE)
    sign_in(phone, live_server.url, world.users["member"])
    page = phone.new_page()
    page.goto(logbook)
    page.get_by_text("Write a post").click()  # the form is folded so the posts come first

    page.get_by_label("Title").fill("Day 1: the sensor works")
    page.get_by_label("Text").fill("We soldered the **turbidity** sensor.")
    page.get_by_label("The team and its mentors").check()
    photo = tmp_path / "sensor.png"
    photo.write_bytes(image_bytes(size=(1200, 900), color=(20, 120, 160)))
    page.locator("#id_image_1").set_input_files(str(photo))
    page.get_by_label("What photo 1 shows").fill("The sensor on the workbench")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the phone's width
    submit(page, "Publish in the logbook")

    expect(page.get_by_role("status")).to_contain_text("Your post is in the logbook.")
    post = page.get_by_role("article", name="Day 1: the sensor works")
    expect(post.get_by_role("strong")).to_have_text("turbidity")
    expect(post.get_by_text("Team and mentors only")).to_be_visible()
    expect(post.get_by_role("img", name="The sensor on the workbench")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The assigned mentor signs in, reads the team-only post and answers it.
    desk = open_context(locale="en-US")
    sign_in(desk, live_server.url, world.users["mentor"])
    mentor = desk.new_page()
    mentor.goto(logbook)
    mentor.get_by_role("link", name="Day 1: the sensor works").click()
    mentor.get_by_label("Your answer").fill("Did you calibrate it with distilled water?")
    submit(mentor, "Publish the answer")
    expect(mentor.get_by_role("heading", name="1 answer")).to_be_visible()
    expect(mentor.get_by_text("Did you calibrate it with distilled water?")).to_be_visible()
    assert LogbookComment.objects.get().author == world.users["mentor"]

    # An anonymous visitor sees neither the post nor a way in.
    visitor = open_context(locale="en-US").new_page()
    visitor.goto(logbook)
    expect(visitor.get_by_role("heading", name="0 posts")).to_be_visible()
    expect(visitor.get_by_text("Day 1: the sensor works")).to_have_count(0)
    response = visitor.goto(live_server.url + LogbookPost.objects.get().get_absolute_url())
    assert response.status == 404


def test_a_refused_file_keeps_what_the_phone_user_typed(open_context, live_server, world, tmp_path):
    phone = open_context(locale="en-US", **PHONE)
    sign_in(phone, live_server.url, world.users["lead"])
    page = phone.new_page()
    page.goto(f"{live_server.url}/projects/{world.project.pk}/logbook/")
    page.get_by_text("Write a post").click()
    page.get_by_label("Title").fill("Budget")
    page.get_by_label("Text").fill("What we spent today.")
    fake = tmp_path / "receipt.png"
    fake.write_bytes(b"%PDF-1.4 not really a picture")
    page.locator("#id_image_1").set_input_files(str(fake))
    page.get_by_label("What photo 1 shows").fill("The receipt")
    submit(page, "Publish in the logbook")

    expect(page.get_by_role("alert").first).to_contain_text("nothing you typed has been lost")
    expect(page.get_by_text("This file is not an image we can read.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Budget")
    expect(page.get_by_label("Text")).to_have_value("What we spent today.")
    assert LogbookPost.objects.count() == 0
