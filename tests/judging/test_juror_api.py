"""The jurors' API: the review in blind mode, saving (400 with messages, 409 on a stale revision), recusal."""

from decimal import Decimal

import pytest

from innovation_platform.core.audit import audit_entries
from judging.models import Assignment, Score
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


@pytest.fixture(autouse=True)
def english_api(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def review(client, world):
    client.force_login(world["jurors"][0].user)
    return assign(world, world["jurors"][0], world["proposals"][0])


def endpoint(review, action=""):
    return f"/api/v1/judging/my-assignments/{review.pk}/{action + '/' if action else ''}"


def body(world, *, impact="4", feasibility="7.5", revision=0, submit=False):
    impact_c, feasibility_c, _note = world["criteria"]
    return {
        "scores": {str(impact_c.pk): impact, str(feasibility_c.pk): feasibility},
        "comment": "Good.",
        "feedback": "",
        "revision": revision,
        "submit": submit,
    }


def test_the_blind_review_has_no_team_nor_private_answers(client, world, review):
    data = client.get(endpoint(review)).json()

    assert data["proposal_for_review"]["title"] == "Water filter 1"
    assert data["proposal_for_review"]["blind"] is True
    assert data["proposal_for_review"]["team"] == []
    assert data["proposal_for_review"]["answers"] == [{"question": "Which district?", "text": "District 1"}]
    assert [criterion["name"] for criterion in data["criteria"]] == [
        "Impact",
        "Feasibility",
        "Originality (not counted)",
    ]
    text = str(data)
    assert world["leads"][0].email not in text and world["leads"][0].full_name not in text


def unchanged(review) -> bool:
    """Nothing of the review was saved: no score, the same status and revision, nothing audited."""
    fresh = Assignment.objects.get(pk=review.pk)
    return (
        Score.objects.filter(assignment=review).count(),
        fresh.status,
        fresh.revision,
        audit_entries(fresh).filter(action__startswith="review.").count(),
    ) == (0, review.status, review.revision, 0)


def test_submit_scores(client, world, review):
    response = client.post(endpoint(review, "review"), body(world, submit=True), content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revision"]) == ("submitted", 1)
    assert response.json()["scores"] == {str(world["criteria"][0].pk): "4.00", str(world["criteria"][1].pk): "7.50"}


def test_an_invalid_value_is_a_400_on_its_field(client, world, review):
    response = client.post(endpoint(review, "review"), body(world, feasibility="7.3"), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        f"criterion_{world['criteria'][1].pk}": ["Scores on this criterion go in steps of 0.5 from 0."]
    }
    assert unchanged(review)


def test_a_stale_revision_is_a_409_and_a_retry_is_harmless(client, world, review):
    client.post(endpoint(review, "review"), body(world), content_type="application/json")

    retry = client.post(endpoint(review, "review"), body(world), content_type="application/json")
    stale = client.post(endpoint(review, "review"), body(world, impact="1"), content_type="application/json")

    assert retry.status_code == 200
    assert stale.status_code == 409
    assert "saved from another window or device" in stale.json()["detail"]
    assert Score.objects.get(criterion=world["criteria"][0]).value == Decimal("4.00")


def test_a_save_after_the_round_closed_is_a_400(client, world, review):
    world["round"].starts_at = world["now"] - 3 * DAY
    world["round"].ends_at = world["now"] - DAY
    world["round"].save()

    response = client.post(endpoint(review, "review"), body(world), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("The round closed on")
    assert unchanged(review)


def test_recuse(client, world, review):
    refused = client.post(endpoint(review, "recuse"), {"reason": ""}, content_type="application/json")
    response = client.post(endpoint(review, "recuse"), {"reason": "I mentor them."}, content_type="application/json")

    assert refused.status_code == 400
    assert response.json() == {"reassigned": 2, "problems": []}
    assert Assignment.objects.get(pk=review.pk).status == "recused"
    again = client.post(endpoint(review, "review"), body(world), content_type="application/json")
    assert again.status_code == 403
    assert Score.objects.filter(assignment=review).count() == 0
