"""The organizers' judging API: rounds, results, selection, publication and export."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from judging.models import SelectionDecision
from proposals.models import Proposal
from tests.conftest import make_user
from tests.judging import results_world

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def endpoint(world, name=None):
    if name is None:
        return reverse("v1:judging-round-detail", args=[world["round"].pk])
    return reverse(f"v1:judging-round-{name}", args=[world["round"].pk])


def test_organizers_list_only_their_rounds(api, world):
    api.force_authenticate(world["organizer"])
    response = api.get(reverse("v1:judging-round-list"))
    assert [item["id"] for item in response.json()["results"]] == [world["round"].pk]
    api.force_authenticate(make_user("someone@example.org"))
    assert api.get(reverse("v1:judging-round-list")).json()["results"] == []
    api.force_authenticate(None)
    assert api.get(reverse("v1:judging-round-list")).status_code in {401, 403}


def test_results_stay_hidden_until_published(api, world):
    assert api.get(endpoint(world, "results")).status_code in {401, 403}
    api.force_authenticate(world["jurors"]["jana"].user)
    assert api.get(endpoint(world, "results")).status_code == 403
    api.force_authenticate(world["organizer"])
    assert api.post(endpoint(world, "publish")).status_code == 200
    api.force_authenticate(None)
    response = api.get(endpoint(world, "results"))
    assert response.status_code == 200
    body = response.json()
    assert [row["reference"] for row in body["ranking"]] == ["JUR26-0001", "JUR26-0002", "JUR26-0003", "JUR26-0004"]
    assert body["unfinished"] == [{"juror": "Juror C", "to_do": 1}]
    assert body["ranking"][0]["raw_rank"]["broken_by"] in {"draw", "none"}


def test_organizers_see_names_in_results(api, world):
    api.force_authenticate(world["organizer"])
    body = api.get(endpoint(world, "results")).json()
    assert body["fallbacks"][0]["juror"] == "Julia"
    assert body["missing_reviews"] == 1


def test_select_then_confirm(api, world, django_capture_on_commit_callbacks):
    api.force_authenticate(world["organizer"])
    response = api.post(endpoint(world, "select"), {"count": 1, "waitlist": 2}, format="json")
    assert [(d["reference"], d["decision"], d["waitlist_position"]) for d in response.json()] == [
        ("JUR26-0001", "selected", None),
        ("JUR26-0002", "waitlisted", 1),
        ("JUR26-0003", "waitlisted", 2),
        ("JUR26-0004", "not_selected", None),
    ]
    refused = api.post(endpoint(world, "confirm"), {}, format="json")
    assert refused.status_code == 400
    assert "1 reviews are missing" in refused.json()["despite_missing"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(endpoint(world, "confirm"), {"despite_missing": True}, format="json")
    assert response.status_code == 200
    assert all(d["confirmed_at"] for d in response.json())
    assert Proposal.objects.get(pk=world["proposals"][2].pk).waitlist_position == 2
    assert len(mail.outbox) == 4


def test_only_organizers_select_and_export(api, world):
    api.force_authenticate(world["jurors"]["jana"].user)
    assert api.post(endpoint(world, "select"), {}, format="json").status_code == 403
    assert api.get(endpoint(world, "export")).status_code == 403
    assert api.get(endpoint(world)).status_code == 403
    assert not SelectionDecision.objects.exists()


def test_export_public_pseudonymises(api, world):
    api.force_authenticate(world["organizer"])
    body = api.get(endpoint(world, "export"), {"public": "1"}).json()
    assert [j["juror"] for j in body["jurors"]] == ["Juror A", "Juror B", "Juror C"]
    assert "Jana" not in str(body)
    assert api.get(endpoint(world, "export")).json()["jurors"][0]["juror"] == "Jana"


def test_results_come_a_page_at_a_time_from_the_kept_ranking(api, world, monkeypatch):
    """The API's results no longer aggregate every review on each request: the kept ranking, a page of rows."""
    from judging.selectors import results as results_selectors

    aggregated = []
    aggregate = results_selectors.round_aggregate
    monkeypatch.setattr(results_selectors, "round_aggregate", lambda r: aggregated.append(r.pk) or aggregate(r))
    api.force_authenticate(world["organizer"])

    bodies = [api.get(endpoint(world, "results")).json() for _ in range(2)]

    assert aggregated == [world["round"].pk]  # computed once, then read
    assert [(b["ranked"], b["page"], b["pages"], len(b["ranking"])) for b in bodies] == [(4, 1, 1, 4)] * 2
    assert api.get(endpoint(world, "results"), {"page": 2}).json()["page"] == 1  # past the end: the last page
