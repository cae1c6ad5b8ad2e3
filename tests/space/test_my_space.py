"""Mi espacio (/mi-espacio/, /my-space/): each person's proposals with their next step, invitations, reviews due,
applications, mentoring, followed calls and their labs' calls; organizers' calls with what needs attention. Each
person sees only their own things, in a number of queries that does not grow with them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from challenges.models import PhaseKind
from judging.models import Assignment
from proposals.models import Eligibility, Proposal, ProposalMember, Report
from proposals.selectors.mine import proposal_next_step, proposals_with_next_steps
from tests.conftest import make_challenge
from tests.space import space_world
from tests.space.space_world import DAY, NOW, lima, make_proposal

client, english, frozen, world = space_world.client, space_world.english, space_world.frozen, space_world.world

pytestmark = pytest.mark.django_db


def page_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("space:mine"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["space:mine", "space:mine_en"])
def test_anonymous_people_are_asked_to_sign_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_both_addresses_serve_the_same_page(client, world):
    client.force_login(world["people"]["citizen"])
    spanish, english = client.get("/mi-espacio/"), client.get("/my-space/")

    assert (reverse("space:mine"), reverse("space:mine_en")) == ("/mi-espacio/", "/my-space/")
    assert spanish.status_code == english.status_code == 200
    assert spanish.context["sections"].keys() == english.context["sections"].keys()
    assert "Invitations waiting for your answer" in english.content.decode()


# What each role finds: (role, texts on the page, texts never on it).
ROLES = [
    (
        "citizen",
        ["Invitations waiting for your answer", "Lead&#x27;s market draft", "From Lead Person", "Reto Futuro"],
        ["Reviews due", "Calls you organize", "My mentoring", "Stranger&#x27;s secret draft", "Judged 1"],
    ),
    (
        "lead",
        ["My proposals", "Lead&#x27;s market draft", "2 items missing", "Continue writing"],
        ["Invitations waiting for your answer", "Reviews due", "Calls you organize", "Stranger&#x27;s secret draft"],
    ),
    (
        "juror",
        ["Reviews due", "Preselection", "3 reviews to do", "1 of 4 done", "You have no proposals yet."],
        ["Calls you organize", "Lead&#x27;s market draft", "Judged 1", "2 reviews to do"],
    ),
    (
        "mentor",
        ["My mentoring", "Mercado limpio", "0 posts in its logbook"],
        ["Reviews due", "Calls you organize", "Invitations waiting for your answer"],
    ),
    (
        "organizer",
        [
            "Calls you organize",
            "Reto En Evaluacion",
            "Reto Borrador",
            "Reviews done",
            "1 of 6",
            "Challenges of your labs",
        ],
        ["Reviews due", "Invitations waiting for your answer", "Lead&#x27;s market draft"],
    ),
]


@pytest.mark.parametrize(("role", "shown", "hidden"), ROLES, ids=[role for role, *_ in ROLES])
def test_each_role_finds_its_own_things_and_nobody_elses(client, world, role, shown, hidden):
    page = page_of(client, world["people"][role])

    assert [text for text in shown if text not in page] == []
    assert [text for text in hidden if text in page] == []


def test_the_lead_reads_the_next_step_of_his_draft(client, world):
    page = page_of(client, world["people"]["lead"])

    assert "2 items missing" in page and "Closes in 3 days" in page
    assert f'href="{reverse("proposals:edit", args=[world["draft"].pk])}"' in page


def test_a_juror_is_sent_to_her_reviews_of_the_round(client, world):
    seat = world["seat"]
    page = page_of(client, world["people"]["juror"])

    assert f'href="{reverse("judging:mine")}?seat={seat.pk}#seat-{seat.pk}"' in page


def test_a_juror_never_sees_another_jurors_counts(client, world):
    """The other juror has 2 reviews to do in the same round; the demo juror reads only her own 3."""
    other = page_of(client, world["people"]["other_juror"])

    assert "2 reviews to do" in other and "0 of 2 done" in other
    assert "3 reviews to do" not in other and "1 of 4 done" not in other


def test_an_expo_round_leads_to_the_expo(client, world):
    expo = world["round"]
    expo.pk = None
    expo.name, expo.method = "Expo", "pairwise"
    expo.save()
    seat = world["seat"]
    seat.pk, seat.round, seat.token = None, expo, "expo-seat"
    seat.save()

    page = page_of(client, world["people"]["juror"])

    assert "Expo judging: compare the projects one after another" in page
    assert f'href="{reverse("judging:expo", args=[expo.pk])}"' in page


def test_the_organizer_sees_what_needs_attention_in_her_calls(client, world):
    call = world["calls"]["judged"]
    Proposal.objects.filter(challenge=call, number=1).update(
        eligibility=Eligibility.INELIGIBLE, screened_at=NOW - 2 * DAY, appealed_at=NOW - DAY
    )
    Proposal.objects.filter(challenge=call, number=2).update(eligibility=Eligibility.ELIGIBLE, screened_at=NOW)
    for reporter in ("citizen", "lead"):
        Report.objects.create(
            challenge=call,
            content_type_id=_proposal_type(),
            object_id=Proposal.objects.get(challenge=call, number=3).pk,
            reporter=world["people"][reporter],
            reason="Spam",
        )

    page = page_of(client, world["people"]["organizer"])

    assert "2 proposals to screen" in page  # numbers 3 and 4
    assert "1 appeal to decide" in page and "2 reports to moderate" in page
    assert f"{reverse('call_proposals:list', args=[call.slug])}?eligibility=appealed" in page
    assert reverse("proposals:moderation", args=[call.slug]) in page


def test_an_organizer_of_nothing_sees_no_console_section(client, world):
    page = page_of(client, world["people"]["citizen"])

    assert "Calls you organize" not in page and "Open the console" not in page


def _proposal_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Proposal).pk


def _grow(world, count: int) -> None:
    """`count` more proposals for the lead (drafts with co-authors and answers) and reviews for the juror."""
    people, call = world["people"], world["calls"]["open"]
    question = call.questions.get()
    start = 10 + Proposal.objects.filter(challenge=world["calls"]["judged"]).count()
    for number in range(start, start + count):
        proposal = make_proposal(call, people["lead"], title=f"Extra {number}", status="draft")
        ProposalMember.objects.create(proposal=proposal, user=people["stranger"], role="member")
        proposal.answers.create(question=question, value="x")
        Assignment.objects.create(
            round=world["round"],
            juror=world["seat"],
            proposal=make_proposal(
                world["calls"]["judged"], people["stranger"], title=f"J{number}", number=10 + number
            ),
        )


@pytest.mark.parametrize("role", ["lead", "juror", "organizer"])
def test_the_page_costs_the_same_for_3_or_30_items(client, world, role, django_assert_num_queries):
    client.force_login(world["people"][role])
    _grow(world, 3)
    with django_assert_num_queries(QUERIES[role]):
        client.get(reverse("space:mine"))
    _grow(world, 27)

    with django_assert_num_queries(QUERIES[role]) as captured:
        response = client.get(reverse("space:mine"))

    assert len(captured) == QUERIES[role]
    assert len(response.context["sections"]["proposals"].items) == (5 if role == "lead" else 0)


# Session and user (2), the base layout's seats and mentorships (2), the proposals with their calls' phases,
# questions, answers and teams (5), invitations, seats, applications, organized calls, mentoring, followed calls and
# labs' calls (one each); organizers' calls add their figures (2) and reviews (1).
QUERIES = {"lead": 14, "juror": 10, "organizer": 13}


def test_each_section_is_capped_with_a_link_to_all(client, world):
    _grow(world, 8)

    page = page_of(client, world["people"]["lead"])

    assert page.count("Continue writing") == 5
    assert f'<a href="{reverse("proposals:mine")}">See all your proposals</a>' in page


# The next step of a proposal, frozen in Lima around the call's deadline (13 March, 23:59:59).


@pytest.mark.parametrize(
    ("moment", "text", "countdown"),
    [
        (lima(10, 12), "2 items missing", "Closes in 3 days"),
        (lima(11, 23, 59, 59), "2 items missing", "Closes in 2 days"),
        (lima(12, 0, 0, 0), "2 items missing", "47 hours left"),
        (lima(13, 18), "2 items missing", "5 hours left"),
        (lima(13, 23, 30), "2 items missing", "29 minutes left"),
        (lima(14, 0, 0, 0), "The call has closed: this draft can no longer be submitted", None),
    ],
)
def test_a_drafts_next_step_counts_down_to_the_deadline(world, frozen, moment, text, countdown):
    frozen.move_to(moment)

    step = _step(world["people"]["lead"], moment)

    assert step.text == text
    assert (step.countdown.text if step.countdown else None) == countdown


def test_a_complete_draft_is_ready_to_submit(world):
    Proposal.objects.filter(pk=world["draft"].pk).update(expected_impact="Less waste", licence="cc-by")

    step = _step(world["people"]["lead"], NOW)

    assert (step.text, step.action, step.urgent) == ("Ready to submit", "Review and submit", True)


def test_one_item_missing_is_singular(world):
    Proposal.objects.filter(pk=world["draft"].pk).update(expected_impact="Less waste")

    assert _step(world["people"]["lead"], NOW).text == "1 item missing"


def test_a_team_below_the_minimum_counts_as_an_item_missing(world):
    ProposalMember.objects.filter(proposal=world["draft"], role="member").delete()

    assert _step(world["people"]["lead"], NOW).text == "3 items missing"


def test_a_draft_before_the_call_opens_says_when_it_opens(world):
    future = world["calls"]["future"]
    make_proposal(future, world["people"]["citizen"], title="Early", status="draft")

    step = _step(world["people"]["citizen"], NOW)

    assert (step.text, step.countdown.text) == ("The call is not open yet", "Starts in 4 days")


def test_a_submitted_proposal_can_still_be_improved_until_the_deadline(world, frozen):
    Proposal.objects.filter(pk=world["draft"].pk).update(status="submitted", number=1)

    assert _step(world["people"]["lead"], NOW).text == "Submitted: you can still improve it"
    frozen.move_to(lima(14, 0, 0, 1))
    assert _step(world["people"]["lead"], lima(14, 0, 0, 1)).text == "Submitted: waiting for the jury's decision"


def test_an_ineligible_proposal_may_appeal_until_its_deadline(world, frozen):
    call = world["calls"]["open"]
    call.appeal_days = 7
    call.save()
    Proposal.objects.filter(pk=world["draft"].pk).update(
        status="submitted", number=1, eligibility=Eligibility.INELIGIBLE, screened_at=NOW
    )

    step = _step(world["people"]["lead"], NOW)

    assert step.text.startswith("Found not eligible: you may appeal until") and step.urgent
    assert step.url == reverse("proposals:appeal", args=[world["draft"].pk])
    later = NOW + 7 * DAY + timedelta(seconds=1)
    frozen.move_to(later)
    assert not _step(world["people"]["lead"], later).text.startswith("Found not eligible")


def test_selected_and_waitlisted_proposals_say_so(world):
    call = make_challenge(world["lab"], "reto-decidido", visibility="published", phases={})
    make_proposal(call, world["people"]["citizen"], title="Waiting", number=2, status="waitlisted", waitlist_position=1)
    proposals = proposals_with_next_steps(world["people"]["citizen"], limit=5, now=NOW)

    assert [proposal.next_step.text for proposal in proposals] == ["On the waitlist, number 1"]
    proposals[0].status = "selected"
    assert proposal_next_step(proposals[0], now=NOW).text == "Selected: get ready for the lab"


def _step(user, now):
    (proposal,) = [p for p in proposals_with_next_steps(user, limit=5, now=now) if p.status != "withdrawn"]
    return proposal.next_step


def test_the_phase_of_a_call_without_a_call_for_proposals_is_not_needed(world):
    """A draft in a call whose timeline has no call for proposals has closed for submissions."""
    call = make_challenge(
        world["lab"], "reto-sin-fases", visibility="published", phases={PhaseKind.LAB: (NOW - 2 * DAY, NOW - DAY)}
    )
    make_proposal(call, world["people"]["mentor"], title="Orphan", status="draft")

    assert _step(world["people"]["mentor"], NOW).text == "The call has closed: this draft can no longer be submitted"
