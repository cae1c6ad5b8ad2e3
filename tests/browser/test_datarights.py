"""A person's data rights in a real browser: asked to accept the new terms, they accept them, take a copy of their
data and delete their account; then that account no longer signs in.

The browser asks for English, so the page is found by the labels in our code.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovation_platform.accounts.models import PolicyAcceptance, PolicyVersion, User
from tests.browser.test_console_list import sign_in, submit
from tests.conftest import PASSWORD, make_user
from tests.projects.datarights_world import publish_policies

pytestmark = pytest.mark.browser


def test_accept_new_terms_take_a_copy_and_leave(open_context, live_server, db):
    person = make_user("killa@example.org", full_name="Killa Ccori", language="en")
    for policy in publish_policies():
        PolicyAcceptance.objects.create(user=person, policy=policy)
    PolicyVersion.objects.create(
        kind="terms", version="2027-01", published_at=timezone.now(), summary="New rules for the lab.", text_es="# T"
    )
    context = open_context(locale="en-US", accept_downloads=True)
    sign_in(context, live_server.url, person)
    page = context.new_page()

    page.goto(f"{live_server.url}/profile/")
    expect(page.get_by_role("heading", name="Our terms have changed")).to_be_visible()
    expect(page.get_by_text("New rules for the lab.")).to_be_visible()
    page.get_by_label("I accept the terms of use and the privacy policy").check()
    submit(page, "Accept and continue")
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()

    page.get_by_role("link", name="Download my data").click()
    submit(page, "Prepare my copy")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my copy (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["parts"]["account"]["email"] == "killa@example.org"

    page.goto(f"{live_server.url}/profile/delete/")
    page.get_by_label("Your password").fill(PASSWORD)
    submit(page, "Delete my account for good")
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("killa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert User.objects.get(pk=person.pk).deleted_at is not None
