"""The supports API: support, withdraw and read one's support; the ranking, under the same rule."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from proposals.models import Proposal, ProposalMember, Support
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
    translation.deactivate()


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab,
        code="AGUA26",
        visibility="published",
        supports_enabled=True,
        supports_per_person=2,
        phases={"proposals": (NOW - DAY, NOW + DAY)},
    )


@pytest.fixture
def lead(db):
    return make_user("lead@example.org")


def make_proposal(challenge, title, **fields):
    number = Proposal.objects.filter(challenge=challenge).count() + 1
    return Proposal.objects.create(challenge=challenge, title=title, status="submitted", number=number, **fields)


@pytest.fixture
def proposal(challenge, lead):
    proposal = make_proposal(challenge, "Biohuertos")
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


def support_url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/support/"


def supports() -> list[tuple[int, int]]:
    return list(Support.objects.order_by("pk").values_list("proposal", "user"))


class TestSupport:
    def test_support_read_and_withdraw(self, api, proposal, citizen):
        api.force_authenticate(citizen)

        created = api.post(support_url(proposal))
        state = api.get(support_url(proposal))
        withdrawn = api.delete(support_url(proposal))

        expected = {"supported": True, "count": 1, "is_open": True, "supports_left": 1}
        assert (created.status_code, created.json()) == (201, expected)
        assert state.json() == expected
        assert withdrawn.status_code == 204
        assert Support.objects.count() == 0

    def test_twice_is_a_400_with_the_message(self, api, proposal, citizen):
        api.force_authenticate(citizen)
        api.post(support_url(proposal))

        response = api.post(support_url(proposal))

        assert (response.status_code, response.json()) == (400, {"detail": "You already support this proposal."})
        assert supports() == [(proposal.pk, citizen.pk)]

    def test_over_the_limit_is_a_400(self, api, challenge, proposal, citizen):
        api.force_authenticate(citizen)
        for title in ("A", "B"):
            assert api.post(support_url(make_proposal(challenge, title))).status_code == 201

        response = api.post(support_url(proposal))

        assert response.status_code == 400
        assert "already used your 2 supports" in response.json()["detail"]
        assert proposal.pk not in [pk for pk, _user in supports()]
        assert len(supports()) == 2

    def test_own_team_is_a_400(self, api, proposal, lead):
        api.force_authenticate(lead)

        assert api.post(support_url(proposal)).status_code == 400
        assert supports() == []

    def test_anonymous_is_401(self, api, proposal):
        assert api.post(support_url(proposal)).status_code == 401
        assert supports() == []

    def test_hidden_proposal_is_404(self, api, proposal, citizen):
        Proposal.objects.filter(pk=proposal.pk).update(hidden_at=NOW)
        api.force_authenticate(citizen)

        assert api.post(support_url(proposal)).status_code == 404
        assert api.get(support_url(proposal)).status_code == 404
        assert supports() == []

    def test_the_state_matches_the_proposal_page_once_supporting_closed(self, api, challenge, proposal, citizen):
        """Closed: not open, as the page's box says, and the supports left still counted for the API."""
        Support.objects.create(proposal=proposal, challenge=challenge, user=citizen)
        challenge.phases.update(ends_at=NOW - DAY / 2)
        api.force_authenticate(citizen)

        state = api.get(support_url(proposal)).json()
        refused = api.delete(support_url(proposal))

        assert state == {"supported": True, "count": 1, "is_open": False, "supports_left": 1}
        assert refused.status_code == 400
        assert supports() == [(proposal.pk, citizen.pk)]

    def test_counts_hidden_in_after_mode(self, api, challenge, proposal, citizen):
        challenge.supports_counts = "after"
        challenge.save()
        api.force_authenticate(citizen)

        assert api.post(support_url(proposal)).json()["count"] is None


class TestRanking:
    def url(self, challenge):
        return f"/api/v1/challenges/{challenge.slug}/supports-ranking/"

    def test_public_ranking(self, api, challenge, proposal, citizen):
        challenge.supports_ranking_public = True
        challenge.save()
        other = make_proposal(challenge, "Ferias")
        Support.objects.create(proposal=other, challenge=challenge, user=citizen)

        data = api.get(self.url(challenge)).json()

        assert data["count"] == 2
        assert [(row["reference"], row["supports"], row["rank"]) for row in data["results"]] == [
            ("AGUA26-0002", 1, 1),
            ("AGUA26-0001", 0, 2),
        ]

    def test_private_ranking(self, api, challenge, citizen, lab_admin):
        assert api.get(self.url(challenge)).status_code == 401
        api.force_authenticate(citizen)
        assert api.get(self.url(challenge)).status_code == 403
        api.force_authenticate(lab_admin)
        assert api.get(self.url(challenge)).status_code == 200

    def test_hidden_proposals_are_left_out(self, api, challenge, proposal, lab_admin):
        Proposal.objects.filter(pk=proposal.pk).update(hidden_at=NOW)
        api.force_authenticate(lab_admin)

        assert api.get(self.url(challenge)).json()["count"] == 0

    def test_unknown_challenge_is_404(self, api, lab_admin):
        api.force_authenticate(lab_admin)

        assert api.get("/api/v1/challenges/nada/supports-ranking/").status_code == 404
