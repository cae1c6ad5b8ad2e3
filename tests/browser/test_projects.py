"""A team documents its project in a real browser after the lab, then records that it was built; the public reads
the rendered documentation and the outcome, and finds the project in the network's gallery.

The browser asks for English, so the page is found by the labels in our code.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from projects.models import Outcome, Project
from tests.browser.test_console_list import sign_in
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects.projects_world import make_project

pytestmark = pytest.mark.browser


@pytest.fixture
def english(browser, open_context) -> BrowserContext:
    return open_context(locale="en-US", timezone_id="America/Lima")


@pytest.fixture
def project(db) -> Project:
    challenge = make_challenge(make_lab("lab-navegador"), "reto-navegador", code="NAV", visibility="published")
    lead = make_user("lead@example.org", full_name="Lía Líder", language="en")
    return make_project(challenge, "Medidor de cloro", lead, number=1)


def submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_team_documents_its_project_and_records_that_it_was_built(english, live_server, project):
    lead = project.proposal.members.get().user
    sign_in(english, live_server.url, lead)
    page = english.new_page()
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    expect(page.get_by_text("The team has not documented its prototype yet.")).to_be_visible()

    page.get_by_role("link", name="Edit the project").click()
    page.get_by_label("What was built").fill("A **chlorine** meter for schools.")
    page.get_by_label("Photos or media").fill("fotos.example.org/medidor")
    submit(page, "Save the project")
    expect(page.get_by_role("status").first).to_contain_text("The project was saved.")
    expect(page.locator(".prose strong")).to_have_text("chlorine")

    page.get_by_role("link", name="Record an outcome").click()
    page.get_by_label("Outcome").select_option("built")
    page.get_by_label("What happened").fill("It worked in the final demo.")
    submit(page, "Record the outcome")
    expect(page.get_by_role("status").first).to_contain_text("The outcome was recorded.")
    expect(page.locator(".outcome-history")).to_contain_text("It worked in the final demo.")
    assert Project.objects.get().outcome == Outcome.BUILT
    assert Project.objects.get().outcome_on == timezone.localdate(timezone=project.challenge.tzinfo)

    anonymous = english.browser.new_context(locale="en-US").new_page()
    anonymous.goto(f"{live_server.url}/projects/")
    card = anonymous.locator(".project-card", has_text="Medidor de cloro")
    expect(card).to_contain_text("Prototype built")
    anonymous.context.close()
