"""Journeys that start from Mi espacio in a real browser, as the demo's README roles walk them: the citizen writes
a proposal, invites a teammate who accepts from his own space, and submits; the juror goes from her space to a
review, submits it and sees her count go down, then tries the expo round.

The browser asks for English, so the page is found by the labels and button names in our code."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, Criterion, Juror, Round, Score
from proposals.models import Proposal, ProposalMember, ProposalStatus
from tests.browser.test_proposals import fill_texts, save
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)


@pytest.fixture
def english(open_context) -> BrowserContext:
    return open_context(locale="en-US")


def sign_in_as(context: BrowserContext, base: str, user) -> None:
    """Signed in by a session cookie (signing in itself is tested in test_journeys)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])


def space(page: Page, base: str) -> None:
    page.goto(f"{base}/mi-espacio/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My space")


def test_the_citizen_submits_with_a_teammate_from_her_space(english: BrowserContext, open_context, live_server):
    base, now = live_server.url, timezone.now()
    make_challenge(
        make_lab(),
        "reto-mercados",
        code="MERCA",
        title="Reto Mercados",
        visibility="published",
        team_min=2,
        phases={"proposals": (now - DAY, now + 3 * DAY + timedelta(hours=1))},
    )
    sign_in_as(english, base, make_user("ciudadana@example.org", full_name="Rosa Quispe"))
    page = english.new_page()

    # From her space to the open call, and a first draft.
    space(page, base)
    page.get_by_role("link", name="See the open calls").click()
    page.get_by_role("link", name="Reto Mercados").click()
    page.get_by_role("link", name="Submit a proposal").click()
    page.get_by_label("Title of your proposal").fill("Mercado sin mermas")
    save(page, "Create the draft")
    fill_texts(page)
    save(page)

    # Her space says what is left: the second team member the call asks for.
    space(page, base)
    proposals = page.get_by_role("region", name="My proposals")
    expect(proposals).to_contain_text("1 item missing")
    expect(proposals).to_contain_text("Closes in 3 days")

    # She invites her teammate from the team page.
    proposal = Proposal.objects.get(title="Mercado sin mermas")
    pedro = make_user("equipo@example.org", full_name="Pedro Condori")
    page.goto(f"{base}/proposals/{proposal.pk}/team/")
    page.locator('main input[name="email"]').fill("equipo@example.org")
    save(page, "Send the invitation")

    # The teammate finds the invitation in his own space and accepts it.
    teammate = open_context(locale="en-US")
    sign_in_as(teammate, base, pedro)
    other = teammate.new_page()
    space(other, base)
    invitations = other.get_by_role("region", name="Invitations waiting for your answer")
    expect(invitations).to_contain_text("Mercado sin mermas")
    invitations.get_by_role("link", name="Answer").click()
    with other.expect_navigation():
        other.locator('main button[name="answer"][value="accept"]').click()
    assert ProposalMember.objects.filter(proposal=proposal, user__email="equipo@example.org").exists()

    # Back in her space the draft is ready; she reviews and submits it.
    space(page, base)
    expect(proposals).to_contain_text("Ready to submit")
    item = proposals.get_by_role("listitem").filter(has_text="Mercado sin mermas")
    item.get_by_role("link", name="Review and submit").click()
    save(page, "Submit the proposal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal received")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reference) == (ProposalStatus.SUBMITTED, "MERCA-0001")

    space(page, base)
    expect(proposals).to_contain_text("Submitted: you can still improve it")


def test_the_juror_reviews_from_her_space_and_tries_the_expo(english: BrowserContext, live_server):
    base, now = live_server.url, timezone.now()
    lab = make_lab("lab-jurado")
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    call = make_challenge(
        lab,
        "reto-evaluado",
        code="EVAL",
        visibility="published",
        phases={"proposals": (now - 9 * DAY, now - 2 * DAY), "evaluation": (now - DAY, now + 5 * DAY)},
    )
    rubric = Round.objects.create(
        challenge=call, name="Preselección", starts_at=now - DAY, ends_at=now + 4 * DAY, is_blind=True, seed=3
    )
    criterion = Criterion.objects.create(round=rubric, name="Impacto", position=1, weight=Decimal(1))
    expo = Round.objects.create(
        challenge=call, name="Feria", method="pairwise", starts_at=now - DAY, ends_at=now + 4 * DAY, seed=3
    )
    juror = make_user("jurado@example.org", full_name="María Salazar")
    sign_in_as(english, base, juror)
    seats = {
        round_: Juror.objects.create(
            round=round_, email=juror.email, user=juror, status="active", token=f"t{round_.pk}", expires_at=now + DAY
        )
        for round_ in (rubric, expo)
    }
    lead = make_user("lead@example.org", full_name="Teamlead Uno")
    for number in (1, 2):
        proposal = Proposal.objects.create(
            challenge=call, title=f"Propuesta {number}", summary="Resumen", number=number, status="submitted"
        )
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
        Assignment.objects.create(round=rubric, juror=seats[rubric], proposal=proposal)
    page = english.new_page()

    space(page, base)
    reviews = page.get_by_role("region", name="Reviews due")
    expect(reviews).to_contain_text("2 reviews to do")
    reviews.get_by_role("link", name=re.compile("^Review")).click()
    page.get_by_role("link", name="EVAL-0001 · Propuesta 1").click()
    page.get_by_label("Impacto").fill("4")
    save(page, "Submit review")

    space(page, base)
    expect(reviews).to_contain_text("1 review to do")
    expect(reviews).to_contain_text("1 of 2 done")
    assert Assignment.objects.get(proposal__number=1).status == "submitted"
    assert Score.objects.filter(criterion=criterion).count() == 1

    reviews.get_by_role("link", name="Open the expo").click()
    save(page, "Start")
    expect(page.get_by_role("button", name="Seen: next project")).to_be_visible()
