"""The juror's dashboard and scoring page: content, blind review, saving, refusals that keep the typed values, and
query bounds."""

from decimal import Decimal

import pytest
from django.urls import reverse

from judging.models import Assignment, Score
from proposals.models import ProposalMember
from tests.conftest import make_user
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def jana(client, world):
    client.force_login(world["jurors"][0].user)
    return world["jurors"][0]


@pytest.fixture
def review(world, jana):
    return assign(world, jana, world["proposals"][0])


def post_review(client, world, review, *, impact="4", feasibility="7.5", button="draft", revision=None, **extra):
    impact_c, feasibility_c, _note = world["criteria"]
    data = {
        f"criterion_{impact_c.pk}": impact,
        f"criterion_{feasibility_c.pk}": feasibility,
        "comment": "Good idea.",
        "feedback": "Show costs.",
        "revision": review.revision if revision is None else revision,
        button: "1",
        **extra,
    }
    return client.post(reverse("judging:review", args=[review.pk]), data)


def test_dashboard_shows_progress_due_date_and_the_reviews_to_do_first(client, world, jana):
    done = assign(world, jana, world["proposals"][0], status="submitted")
    todo = assign(world, jana, world["proposals"][1])
    assign(world, jana, world["proposals"][2], status="recused")

    page = client.get(reverse("judging:mine")).content.decode()

    assert "1 of 2 done" in page
    assert "Preselection" in page
    assert page.index(reverse("judging:review", args=[todo.pk])) < page.index(reverse("judging:review", args=[done.pk]))
    assert "JUR26-0003" not in page  # recused


def test_dashboard_for_someone_without_a_seat(client, world):
    client.force_login(world["leads"][0])
    assert "You are not on any jury at the moment." in client.get(reverse("judging:mine")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_queries_are_bounded(client, world, jana, django_assert_max_num_queries, count):
    for proposal in world["proposals"][:count]:
        assign(world, jana, proposal)
    # The session, the person, their seats, their reviews counted by seat and status, one page of them per seat.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("judging:mine"))
    assert response.content.decode().count("To do</span>") == count


def test_blind_page_hides_the_team_contacts_private_answers_and_documents(client, world, review):
    lead = world["leads"][0]
    lead.profile.is_public = True
    lead.profile.save()
    page = client.get(reverse("judging:review", args=[review.pk])).content.decode()

    assert "Water filter 1" in page
    assert "Solution text 1" in page
    assert "District 1" in page  # a public answer
    for secret in (lead.full_name, lead.email, "+51 999 000 001", "Phone number", lead.profile.get_absolute_url()):
        assert secret not in page
    assert "Blind review" in page


def test_open_round_shows_the_team(client, world, review):
    world["round"].is_blind = False
    world["round"].save()
    page = client.get(reverse("judging:review", args=[review.pk])).content.decode()

    assert world["leads"][0].full_name in page
    assert "+51 999 000 001" not in page  # private answers stay for the organizers


def test_scoring_page_has_labelled_number_inputs_with_the_scale(client, world, review):
    feasibility = world["criteria"][1]
    page = client.get(reverse("judging:review", args=[review.pk])).content.decode()

    assert f'<label for="id_criterion_{feasibility.pk}">Feasibility' in page
    assert 'min="0"' in page and 'max="10"' in page and 'step="0.5"' in page
    assert "From 0 to 10, in steps of 0.5." in page
    assert "Who benefits, how much." in page  # the criterion's description


def test_save_draft_then_submit(client, world, review):
    response = post_review(client, world, review)
    assert response.status_code == 302
    assert dict(Score.objects.values_list("criterion__name", "value")) == {
        "Impact": Decimal("4.00"),
        "Feasibility": Decimal("7.50"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved." in page
    assert 'value="7.5"' in page

    review.refresh_from_db()
    response = post_review(client, world, review, button="submit")
    assert response["Location"] == reverse("judging:mine")
    review.refresh_from_db()
    assert review.status == "submitted"


def test_a_retried_post_is_harmless(client, world, review):
    post_review(client, world, review, button="submit")
    retry = post_review(client, world, review, button="submit", revision=0)

    assert retry.status_code == 302
    review.refresh_from_db()
    assert review.revision == 1
    assert Score.objects.count() == 2


def test_an_out_of_scale_value_is_refused_and_the_typed_values_stay(client, world, review):
    response = post_review(client, world, review, impact="9", feasibility="6.5")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a score from 1 to 5." in page
    assert 'value="9"' in page and 'value="6.5"' in page
    assert "Good idea." in page
    assert Score.objects.count() == 0


def test_a_stale_revision_is_refused_with_a_clear_message(client, world, review):
    post_review(client, world, review)
    response = post_review(client, world, review, impact="2", revision=0)

    assert response.status_code == 400
    assert "saved from another window or device" in response.content.decode()
    assert Score.objects.get(criterion=world["criteria"][0]).value == Decimal("4.00")


def test_a_save_after_the_round_closed_is_refused_and_keeps_the_values(client, world, review):
    page_loaded = client.get(reverse("judging:review", args=[review.pk]))
    assert page_loaded.status_code == 200
    world["round"].starts_at = world["now"] - 3 * DAY
    world["round"].ends_at = world["now"] - DAY
    world["round"].save()

    response = post_review(client, world, review, impact="3")

    page = response.content.decode()
    assert response.status_code == 400
    assert "The round closed on" in page
    assert 'value="3"' in page
    assert Score.objects.count() == 0


def test_submitting_with_a_criterion_missing_names_it(client, world, review):
    response = post_review(client, world, review, feasibility="", button="submit")

    assert response.status_code == 400
    assert "Score every criterion before submitting. Missing: Feasibility." in response.content.decode()


def test_recusal_needs_a_reason_and_reassigns(client, world, review):
    response = client.post(reverse("judging:recuse", args=[review.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()

    response = client.post(reverse("judging:recuse", args=[review.pk]), {"reason": "I advise the team."})
    assert response["Location"] == reverse("judging:mine")
    assert Assignment.objects.filter(proposal=world["proposals"][0]).exclude(status="recused").count() == 2
    retry = client.post(reverse("judging:recuse", args=[review.pk]), {"reason": "I advise the team."})
    assert retry["Location"] == reverse("judging:mine")


@pytest.mark.parametrize("count", [1, 3])
def test_scoring_page_queries_are_bounded(client, world, review, django_assert_max_num_queries, count):
    world["round"].is_blind = False  # the team is shown: its members must not cost a query each
    world["round"].save()
    for i in range(count):
        member = make_user(f"m{i}@example.org", full_name=f"Member {i}")
        ProposalMember.objects.create(proposal=world["proposals"][0], user=member, role="member")
    with django_assert_max_num_queries(13):
        response = client.get(reverse("judging:review", args=[review.pk]))
    assert response.content.decode().count("Member ") == count
