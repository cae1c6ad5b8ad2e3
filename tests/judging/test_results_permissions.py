"""Who may see a round's results, run its selection and export its record, before and after publication."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from judging.models import Conflict, Round
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging import results_world
from tests.judging.results_world import make_juror

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


ROLES = [
    "juror",
    "other_round_juror",
    "conflicted_juror",
    "organizer",
    "other_lab_organizer",
    "team_member",
    "citizen",
    "anonymous",
    "staff",
]


@pytest.fixture
def people(world):
    other_lab = make_lab("lab-otro")
    other_organizer = make_user("other-org@example.org")
    LabMembership.objects.create(lab=other_lab, user=other_organizer, role="organizer")
    other_round = Round.objects.create(
        challenge=make_challenge(other_lab, "otro-reto"),
        name="Other",
        starts_at=world["now"],
        ends_at=world["now"] + results_world.DAY,
    )
    other_juror = make_user("other-juror@example.org")
    make_juror(other_round, other_juror)
    conflicted = make_user("conflicted@example.org")
    seat = make_juror(world["round"], conflicted)
    Conflict.objects.create(juror=seat, proposal=world["proposals"][0], kind="declared", reason="My cousin")
    return {
        "juror": world["jurors"]["jana"].user,
        "other_round_juror": other_juror,
        "conflicted_juror": conflicted,
        "organizer": world["organizer"],
        "other_lab_organizer": other_organizer,
        "team_member": world["leads"][0],
        "citizen": make_user("citizen@example.org"),
        "anonymous": AnonymousUser(),
        "staff": make_user("staff@example.org", is_staff=True),
    }


def allowed(people, round_, action):
    fresh = Round.objects.select_related("challenge").get(pk=round_.pk)  # no predicate cache across users
    return {role for role in ROLES if can(people[role], action, fresh)}


ORGANIZERS = {"organizer", "staff"}
JURORS = {"juror", "conflicted_juror"}


@pytest.mark.parametrize(
    ("shares_scores", "published", "expected"),
    [
        (False, False, ORGANIZERS),
        (True, False, ORGANIZERS | JURORS),
        (False, True, set(ROLES)),
    ],
)
def test_who_sees_the_results(world, people, shares_scores, published, expected):
    Round.objects.filter(pk=world["round"].pk).update(
        jurors_see_scores=shares_scores, results_published_at=timezone.now() if published else None
    )
    assert allowed(people, world["round"], "judging.view_results") == expected


@pytest.mark.parametrize("action", ["judging.manage_round", "judging.export_round"])
@pytest.mark.parametrize("published", [False, True])
def test_only_organizers_select_and_export(world, people, action, published):
    Round.objects.filter(pk=world["round"].pk).update(results_published_at=timezone.now() if published else None)
    assert allowed(people, world["round"], action) == ORGANIZERS


@pytest.mark.parametrize("role", ROLES)
def test_the_results_page_before_and_after_publication(client, world, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    url = reverse("judging:results", args=[world["round"].pk])
    before = client.get(url)
    Round.objects.filter(pk=world["round"].pk).update(results_published_at=timezone.now())
    after = client.get(url)
    assert (before.status_code, after.status_code) == ((200, 200) if role in ORGANIZERS else (403, 200))
    assert "Proposal 1" in after.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_record_is_for_organizers_only(client, world, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    Round.objects.filter(pk=world["round"].pk).update(results_published_at=timezone.now())
    statuses = {
        client.get(reverse(name, args=[world["round"].pk])).status_code
        for name in ("judging:record", "judging:record_csv", "judging:record_json")
    }
    expected = {200} if role in ORGANIZERS else {302} if role == "anonymous" else {403}
    assert statuses == expected
