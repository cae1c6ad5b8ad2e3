"""Jury scoring in a real browser: a juror scores two proposals on a phone with the keyboard alone; an organizer
assigns, follows the progress, proposes a selection under a territorial quota with a waitlist, confirms and
publishes, and a citizen then reads the results.

The browser asks for English, so the pages are found by the labels and button names in our code.
"""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from challenges.models import Quota
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Assignment, AssignmentStatus, Criterion, Juror, JurorStatus, Round, Score
from judging.services.scoring import review_save
from proposals.models import Proposal, ProposalMember, ProposalStatus
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def english(open_context):
    """Open fresh English-speaking profiles; keyword arguments go to `browser.new_context` (e.g. PHONE)."""
    return lambda **options: open_context(locale="en-US", **options)


def sign_in(context: BrowserContext, base_url: str, user) -> None:
    """Signed in by a session cookie (signing in itself is tested in test_journeys)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def tab_until(page: Page, condition: str, limit: int = 80) -> None:
    """Press Tab until the JavaScript `condition` on `document.activeElement` (as `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({condition}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def focus_outline(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


@pytest.fixture
def judging_world(db):
    """A challenge in evaluation with an open rubric round of two criteria (1–5), k=2, two active jurors, and four
    submitted proposals: two from Lima, one from Cusco, one from Puno."""
    now = timezone.now()
    lab = make_lab("lab-jurado")
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    challenge = make_challenge(
        lab,
        "reto-jurado",
        code="JUR26",
        visibility="published",
        published_at=now - 40 * DAY,
        phases={"proposals": (now - 40 * DAY, now - 10 * DAY), "evaluation": (now - 10 * DAY, now + 10 * DAY)},
    )
    round_ = Round.objects.create(
        challenge=challenge,
        name="Preselection",
        starts_at=now - DAY,
        ends_at=now + 5 * DAY,
        reviews_per_proposal=2,
        seed=11,
    )
    criteria = [
        Criterion.objects.create(round=round_, name="Impact", position=0),
        Criterion.objects.create(round=round_, name="Feasibility", position=1),
    ]
    jurors = [
        Juror.objects.create(
            round=round_,
            email=email,
            user=make_user(email, full_name=name),
            status=JurorStatus.ACTIVE,
            token=f"token-{email}",
            expires_at=now + 9 * DAY,
            accepted_at=now,
        )
        for email, name in (("jana@example.org", "Jana Jurado"), ("leo@example.org", "Leo Lozano"))
    ]
    proposals = []
    for number, region in enumerate(["PE-LMA", "PE-LMA", "PE-CUS", "PE-PUN"], start=1):
        proposal = Proposal.objects.create(
            challenge=challenge,
            title=f"Proposal {number}",
            number=number,
            status=ProposalStatus.SUBMITTED,
            country="PE",
            region=region,
            summary=f"Summary of proposal {number}.",
        )
        ProposalMember.objects.create(proposal=proposal, user=make_user(f"lead{number}@example.org"), role="lead")
        proposals.append(proposal)
    return {
        "organizer": organizer,
        "challenge": challenge,
        "round": round_,
        "criteria": criteria,
        "jurors": jurors,
        "proposals": proposals,
    }


def test_a_juror_scores_two_proposals_on_a_phone_with_the_keyboard_alone(english, live_server, judging_world):
    round_, (impact, feasibility) = judging_world["round"], judging_world["criteria"]
    jana = judging_world["jurors"][0]
    first, second = judging_world["proposals"][:2]
    for proposal in (first, second):
        Assignment.objects.create(round=round_, juror=jana, proposal=proposal)
    context = english(**PHONE)
    sign_in(context, live_server.url, jana.user)
    page = context.new_page()
    page.goto(f"{live_server.url}/judging/mine/")
    expect(page.get_by_text("0 of 2 done")).to_be_visible()

    for proposal, (impact_score, feasibility_score) in ((first, ("4", "5")), (second, ("2", "3"))):
        # The review still to do is listed first.
        tab_until(page, f"el.tagName === 'A' && el.textContent.includes('{proposal.reference}')")
        assert focus_outline(page) != "none"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(proposal.title)
        tab_until(page, f"el.id === 'id_criterion_{impact.pk}'")
        assert focus_outline(page) != "none"
        page.keyboard.type(impact_score)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == f"id_criterion_{feasibility.pk}"
        page.keyboard.type(feasibility_score)
        tab_until(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Submit review'")
        assert focus_outline(page) != "none"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()

    expect(page.get_by_text("2 of 2 done")).to_be_visible()
    stored = Score.objects.filter(assignment__juror=jana).order_by(
        "assignment__proposal__number", "criterion__position"
    )
    assert [(score.assignment.proposal.number, score.criterion.name, score.value) for score in stored] == [
        (1, "Impact", Decimal(4)),
        (1, "Feasibility", Decimal(5)),
        (2, "Impact", Decimal(2)),
        (2, "Feasibility", Decimal(3)),
    ]
    assert set(Assignment.objects.filter(juror=jana).values_list("status", flat=True)) == {AssignmentStatus.SUBMITTED}
    # The phone shows the page without sideways scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def off_the_test_thread(function, *args) -> None:
    """Run services in another thread: in the test's own, Playwright's event loop stops their live broadcasts."""

    errors = []

    def run():
        try:
            function(*args)
        except Exception as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def score_everything(world) -> None:
    """Both jurors score every proposal: proposals 1 to 4 in that order, the two from Lima on top."""
    criteria = world["criteria"]
    totals = {1: "5", 2: "4", 3: "3", 4: "2"}
    for assignment in Assignment.objects.filter(round=world["round"]).select_related("juror__user", "proposal"):
        value = totals[assignment.proposal.number]
        review_save(
            assignment=assignment,
            actor=assignment.juror.user,
            scores={criterion.pk: value for criterion in criteria},
            comment="",
            feedback="",
            revision=assignment.revision,
            submit=True,
        )


def test_an_organizer_assigns_follows_selects_under_a_quota_and_publishes(english, live_server, judging_world):
    round_, challenge = judging_world["round"], judging_world["challenge"]
    Quota.objects.create(challenge=challenge, kind="min_outside_capital", count=1)
    context = english()
    sign_in(context, live_server.url, judging_world["organizer"])
    page = context.new_page()

    page.goto(f"{live_server.url}/judging/rounds/{round_.pk}/progress/")
    expect(page.get_by_role("heading", name="Round “Preselection”: assignment and progress")).to_be_visible()
    submit(page, "Assign proposals")
    expect(page.get_by_text("8 reviews assigned.")).to_be_visible()
    jurors_table = page.get_by_role("table").filter(has_text="Maximum load")
    expect(jurors_table.get_by_role("row", name="Jana Jurado")).to_contain_text("0 of 4")
    expect(page.get_by_text("2 jurors have not finished.")).to_be_visible()
    assert Assignment.objects.filter(round=round_).count() == 8

    off_the_test_thread(score_everything, judging_world)
    page.reload()
    expect(jurors_table.get_by_role("row", name="Leo Lozano")).to_contain_text("4 of 4")
    expect(page.get_by_text("jurors have not finished")).to_have_count(0)

    page.goto(f"{live_server.url}/judging/rounds/{round_.pk}/results/")
    expect(page.get_by_role("rowheader", name="JUR26-0001 Proposal 1")).to_be_visible()
    page.get_by_label("Proposals to select").fill("2")
    page.get_by_label("Waitlist size").fill("1")
    submit(page, "Propose a selection")
    expect(page.get_by_text("Selection proposed.")).to_be_visible()
    expect(
        page.get_by_text("“Proposal 3” is selected in place of a better-ranked proposal to meet: At least N selected")
    ).to_be_visible()
    expect(page.get_by_text("“Proposal 2” is in the plain top but left out to meet")).to_be_visible()
    ranking = page.get_by_role("table")
    expect(ranking.get_by_role("row", name="JUR26-0003")).to_contain_text("Selected")
    expect(ranking.get_by_role("row", name="JUR26-0002")).to_contain_text("Waitlist 1")
    expect(ranking.get_by_role("row", name="JUR26-0004")).to_contain_text("Not selected")
    expect(ranking.get_by_text("pending")).to_have_count(4)

    submit(page, "Confirm the selection and tell the teams")
    expect(page.get_by_text("Selection confirmed: 4 teams are being told their decision.")).to_be_visible()
    submit(page, "Publish the results")
    expect(page.get_by_text("Results published: everyone can now see the ranking.")).to_be_visible()
    assert list(Proposal.objects.order_by("number").values_list("number", "status", "waitlist_position")) == [
        (1, "selected", None),
        (2, "waitlisted", 1),
        (3, "selected", None),
        (4, "not_selected", None),
    ]

    citizen = english()
    sign_in(citizen, live_server.url, make_user("citizen@example.org", full_name="Rosa Quispe"))
    public = citizen.new_page()
    public.goto(f"{live_server.url}/judging/rounds/{round_.pk}/results/")
    expect(public.get_by_role("heading", name="Results: Preselection")).to_be_visible()
    expect(public.get_by_text("Published", exact=True)).to_be_visible()
    public_ranking = public.get_by_role("table")
    expect(public_ranking.get_by_role("row", name="JUR26-0003")).to_contain_text("Selected")
    expect(public.get_by_role("button", name="Publish the results")).to_have_count(0)
    expect(public.get_by_text("Propose a selection")).to_have_count(0)
