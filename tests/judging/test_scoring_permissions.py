"""Who may see a review, score it, recuse from it, and see a round's progress: every role, through the pages and
the API, against the central rules."""

import pytest
from django.urls import reverse

from innovation_platform.labs.models import LabMembership
from judging.models import Conflict, ConflictKind, Round
from proposals.models import ProposalMember
from tests.conftest import make_lab, make_user
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign, make_juror

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


ROLES = [
    "assigned_juror",
    "juror_of_another_round",
    "conflicted_juror",
    "organizer",
    "organizer_of_another_lab",
    "team_member",
    "citizen",
    "anonymous",
    "staff",
]


@pytest.fixture
def people(world):
    jana, _jorge, julia = world["jurors"]
    proposal = world["proposals"][0]
    other_round = Round.objects.create(
        challenge=world["challenge"], name="Final", starts_at=world["now"] - DAY, ends_at=world["now"] + DAY
    )
    outsider = make_user("other-round@example.org")
    make_juror(other_round, outsider)
    Conflict.objects.create(juror=julia, proposal=proposal, kind=ConflictKind.DECLARED, reason="x")
    other_organizer = make_user("other-org@example.org")
    LabMembership.objects.create(lab=make_lab("lab-other"), user=other_organizer, role="organizer")
    member = make_user("member@example.org")
    ProposalMember.objects.create(proposal=proposal, user=member, role="member")
    return {
        "assigned_juror": jana.user,
        "juror_of_another_round": outsider,
        "conflicted_juror": julia.user,
        "organizer": world["organizer"],
        "organizer_of_another_lab": other_organizer,
        "team_member": member,
        "citizen": make_user("citizen@example.org"),
        "anonymous": None,
        "staff": make_user("staff@example.org", is_staff=True),
    }


@pytest.fixture
def review(world, people):
    return assign(world, world["jurors"][0], world["proposals"][0])


def login(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def outcome(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


VIEW = {
    "assigned_juror": 200,
    "organizer": 200,
    "staff": 200,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_scoring_page(client, people, review, role):
    response = login(client, people, role).get(reverse("judging:review", args=[review.pk]))
    assert outcome(response) == VIEW.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_assigned_juror_scores(client, world, people, review, role):
    data = {"revision": 0, "comment": "", "feedback": "", f"criterion_{world['criteria'][0].pk}": "3", "draft": "1"}
    response = login(client, people, role).post(reverse("judging:review", args=[review.pk]), data)
    expected = {"assigned_juror": 302, "anonymous": "login"}.get(role, 403)
    assert outcome(response) == expected
    assert review.scores.count() == (1 if role == "assigned_juror" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_assigned_juror_recuses(client, people, review, role):
    response = login(client, people, role).post(reverse("judging:recuse", args=[review.pk]), {"reason": "I know them"})
    assert outcome(response) == {"assigned_juror": 302, "anonymous": "login"}.get(role, 403)
    review.refresh_from_db()
    assert review.status == ("recused" if role == "assigned_juror" else "assigned")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_progress_page(client, world, people, role):
    response = login(client, people, role).get(reverse("judging:progress", args=[world["round"].pk]))
    assert outcome(response) == {"organizer": 200, "staff": 200, "anonymous": "login"}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_who_runs_the_assignment(client, world, people, role):
    response = login(client, people, role).post(reverse("judging:assign", args=[world["round"].pk]))
    expected = {"organizer": 302, "staff": 302, "anonymous": "login"}.get(role, 403)
    assert outcome(response) == expected
    assert world["round"].assignments.count() == (6 if expected == 302 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_each_juror_only_their_reviews(client, people, review, role):
    login(client, people, role)
    listing = client.get("/api/v1/judging/my-assignments/")
    detail = client.get(f"/api/v1/judging/my-assignments/{review.pk}/")
    if role == "anonymous":
        assert (listing.status_code, detail.status_code) in [(401, 401), (403, 403)]
    elif role == "assigned_juror":
        assert [row["id"] for row in listing.json()["results"]] == [review.pk]
        assert detail.status_code == 200
    else:
        assert listing.json()["results"] == []
        assert detail.status_code == 404


def test_others_scores_show_only_after_submitting_when_the_round_shares_them(client, world, review):
    world["round"].jurors_see_scores = True
    world["round"].save()
    other = assign(world, world["jurors"][1], world["proposals"][0], status="submitted")
    other.scores.create(criterion=world["criteria"][0], value=2)
    client.force_login(world["jurors"][0].user)
    url = reverse("judging:review", args=[review.pk])

    assert "The other jurors" not in client.get(url).content.decode()
    review.status = "submitted"
    review.save()
    page = client.get(url).content.decode()
    assert "The other jurors" in page
    assert "2.00" in page
