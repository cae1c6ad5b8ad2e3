"""The results page, the selection's forms, publication, and the query bounds of the page."""

import pytest
from django.core import mail
from django.urls import reverse

from judging.models import Assignment, Criterion, Round, Score, SelectionDecision
from proposals.models import Proposal
from tests.conftest import make_user
from tests.judging import results_world
from tests.judging.results_world import add_outside_capital_quota, make_juror

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def organizer_client(client, world):
    client.force_login(world["organizer"])
    return client


def url(world, name="judging:results", *args):
    return reverse(name, args=[world["round"].pk, *args])


def test_organizers_see_both_ranks_ties_fallbacks_and_who_has_not_finished(organizer_client, world):
    page = organizer_client.get(url(world)).content.decode()
    assert "Normalised rank" in page and "Raw rank" in page
    assert "published seed 7" in page
    assert "raw tie broken by the draw" in page
    assert "Disagreement: discuss" in page
    assert "Julia (3 reviews): gave every proposal the same total" in page
    assert "Julia: 1 review to do" in page
    assert "Not published" in page


def test_blind_rounds_show_jurors_only_as_pseudonyms_to_jurors(client, world):
    Round.objects.filter(pk=world["round"].pk).update(jurors_see_scores=True)
    client.force_login(world["jurors"]["jana"].user)
    page = client.get(url(world)).content.decode()
    assert "Juror C: 1 review to do" in page
    assert "Julia" not in page
    assert "Propose a selection" not in page


def test_propose_shows_what_the_quota_changed(organizer_client, world):
    add_outside_capital_quota(world)
    response = organizer_client.post(url(world, "judging:selection_propose"), {"count": 2, "waitlist": 1}, follow=True)
    page = response.content.decode()
    assert "Selection proposed." in page
    quota = "At least N selected from outside the capital region"
    assert f"“Proposal 3” is selected in place of a better-ranked proposal to meet: {quota}." in page
    assert f"“Proposal 2” is in the plain top but left out to meet: {quota}." in page
    assert SelectionDecision.objects.filter(decision="selected").count() == 2


def test_propose_with_invalid_numbers_changes_nothing(organizer_client, world):
    response = organizer_client.post(url(world, "judging:selection_propose"), {"count": 0, "waitlist": 1}, follow=True)
    assert "Give the number of proposals to select" in response.content.decode()
    assert not SelectionDecision.objects.exists()


def test_changing_a_decision_needs_a_reason_and_keeps_the_input(organizer_client, world):
    organizer_client.post(url(world, "judging:selection_propose"), {"count": 2, "waitlist": 1})
    decision = SelectionDecision.objects.get(proposal=world["proposals"][1])
    edit = url(world, "judging:selection_decide", decision.pk)
    assert organizer_client.get(edit).status_code == 200
    response = organizer_client.post(edit, {"decision": "not_selected", "feedback": "Mejorar el presupuesto"})
    assert response.status_code == 200
    assert "Mejorar el presupuesto" in response.content.decode()
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    response = organizer_client.post(edit, {"decision": "not_selected", "reason": "Duplicate"}, follow=True)
    assert "Decision on “Proposal 2” changed." in response.content.decode()
    assert SelectionDecision.objects.get(pk=decision.pk).decision == "not_selected"


def test_confirm_asks_to_confirm_anyway_while_reviews_are_missing(
    organizer_client, world, django_capture_on_commit_callbacks
):
    organizer_client.post(url(world, "judging:selection_propose"), {"count": 2, "waitlist": 1})
    page = organizer_client.get(url(world)).content.decode()
    assert "1 review is missing." in page
    response = organizer_client.post(url(world, "judging:selection_confirm"), follow=True)
    assert "1 reviews are missing. Confirm anyway" in response.content.decode()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            url(world, "judging:selection_confirm"), {"despite_missing": "on"}, follow=True
        )
    page = response.content.decode()
    assert "Selection confirmed: 4 teams are being told their decision." in page
    assert reverse("proposals:challenge_applications", args=[world["challenge"].slug]) in page
    assert len(mail.outbox) == 4
    assert Proposal.objects.get(pk=world["proposals"][2].pk).status == "waitlisted"


def test_publishing_opens_the_page_to_everyone(organizer_client, client, world):
    response = organizer_client.post(url(world, "judging:results_publish"), follow=True)
    assert "Results published" in response.content.decode()
    assert organizer_client.post(url(world, "judging:results_publish"), follow=True).context["messages"]
    client.logout()
    assert client.get(url(world)).status_code == 200


def test_the_public_sees_only_confirmed_decisions(organizer_client, client, world):
    organizer_client.post(url(world, "judging:selection_propose"), {"count": 2, "waitlist": 1})
    organizer_client.post(url(world, "judging:results_publish"))
    client.logout()
    page = client.get(url(world)).content.decode()
    assert "pending" not in page and "Decision" not in page


def test_only_organizers_post_the_selection(client, world):
    client.force_login(world["jurors"]["jana"].user)
    for name in ("judging:selection_propose", "judging:selection_confirm", "judging:results_publish"):
        assert client.post(url(world, name)).status_code == 403
    assert not SelectionDecision.objects.exists()


def scored_round(world, size: int) -> Round:
    """A round of `size` proposals, each scored by three jurors on two criteria."""
    round_ = Round.objects.create(
        challenge=world["challenge"],
        name=f"Round {size}",
        starts_at=world["now"],
        ends_at=world["now"] + results_world.DAY,
    )
    criteria = [Criterion.objects.create(round=round_, name=name) for name in ("A", "B")]
    jurors = [make_juror(round_, make_user(f"j{size}-{i}@example.org", full_name=f"J {i}")) for i in range(3)]
    for number in range(size):
        proposal = Proposal.objects.create(challenge=world["challenge"], title=f"P{number}", number=100 * size + number)
        for juror in jurors:
            assignment = Assignment.objects.create(round=round_, juror=juror, proposal=proposal, status="submitted")
            Score.objects.bulk_create(
                [Score(assignment=assignment, criterion=c, value=1 + (number + juror.pk) % 5) for c in criteria]
            )
    return round_


@pytest.mark.parametrize("size", [1, 3])
def test_the_results_page_query_count_does_not_grow(organizer_client, world, size, django_assert_max_num_queries):
    round_ = scored_round(world, size)
    organizer_client.post(reverse("judging:selection_propose", args=[round_.pk]), {"count": 1, "waitlist": 1})
    # The first view computes and keeps the ranking and the counts: bounded too (tests/judging/test_kept_figures.py).
    organizer_client.get(reverse("judging:results", args=[round_.pk]))
    with django_assert_max_num_queries(11):
        response = organizer_client.get(reverse("judging:results", args=[round_.pk]))
    assert len(response.context["ranked"]) == size


def test_a_pairwise_shortlist_is_confirmed_on_the_results_page(organizer_client, world):
    Round.objects.filter(pk=world["round"].pk).update(method="pairwise")
    Assignment.objects.filter(status="assigned").delete()
    SelectionDecision.objects.create(round=world["round"], proposal=world["proposals"][2], decision="selected", rank=1)
    page = organizer_client.get(url(world)).content.decode()
    assert "judged by pairwise comparison" in page
    assert "JUR26-0003" in page and "pending" in page
    assert "Propose a selection" not in page
    response = organizer_client.post(url(world, "judging:selection_confirm"), follow=True)
    assert "Selection confirmed: 1 teams" in response.content.decode()
    assert Proposal.objects.get(pk=world["proposals"][2].pk).status == "selected"


def test_open_rounds_name_jurors_once_published(client, world):
    Round.objects.filter(pk=world["round"].pk).update(is_blind=False, results_published_at=world["now"])
    page = client.get(url(world)).content.decode()
    assert "Julia: 1 review to do" in page
