"""A team member answers a follow-up checkpoint in a real browser without JavaScript, then the organizer finds the
answer on the edition's board and the project adopted.

The browser asks for English, so the page is found by the labels in our code.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovation_platform.labs.models import LabMembership
from projects.models import Checkpoint, Indicator, Outcome, Project
from tests.browser.test_console_list import sign_in
from tests.conftest import make_challenge, make_lab, make_user
from tests.projects.followup_world import make_project

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)


@pytest.fixture
def edition(db):
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-seguimiento")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "hackaton-seguimiento",
        code="SEG26",
        visibility="archived",
        phases={"lab": (now - 99 * DAY, now - 98 * DAY)},
    )
    lead = make_user("lead@example.org", full_name="Lía Líder", language="en")
    project = make_project(challenge, "AguaClara", lead, number=1)
    today = timezone.localdate(now, challenge.tzinfo)
    checkpoint = Checkpoint.objects.create(
        challenge=challenge,
        title="3 months",
        due_on=today - 2 * DAY,
        closes_on=today + 20 * DAY,
        indicators=list(Indicator.values),
    )
    return organizer, lead, project, checkpoint


def test_a_team_answers_and_the_organizer_sees_it(live_server, open_context, edition):
    organizer, lead, project, checkpoint = edition
    team = open_context(locale="en-US", java_script_enabled=False)
    sign_in(team, live_server.url, lead)
    page = team.new_page()

    page.goto(f"{live_server.url}/projects/{project.pk}/follow-up/{checkpoint.pk}/")
    page.get_by_label("Adopted by a public body").check()
    page.get_by_label("People reached").fill("1200")
    page.get_by_label("Public body that adopted it").fill("Municipalidad Provincial de Arequipa")
    page.get_by_label("Link to the deployed service").fill("https://aguaclara.example.org")
    page.get_by_role("button", name="Send the answer").click()

    expect(page.get_by_text("Thank you! Your answer was sent to the organizers.")).to_be_visible()
    expect(page.get_by_role("button", name="Save the correction")).to_be_visible()
    assert Project.objects.get(pk=project.pk).outcome == Outcome.ADOPTED

    console = open_context(locale="en-US")
    sign_in(console, live_server.url, organizer)
    board = console.new_page()
    board.goto(f"{live_server.url}/console/hackaton-seguimiento/follow-up/")
    expect(board.get_by_role("heading", name="Follow-up after the lab")).to_be_visible()
    expect(board.get_by_text("1 of 1 asked")).to_be_visible()  # answered before the job asked: counted as asked
    row = board.get_by_role("row", name="SEG26-0001")
    expect(row).to_contain_text("Answered: Adopted by a public body")
    expect(row).to_contain_text("Municipalidad Provincial de Arequipa")
