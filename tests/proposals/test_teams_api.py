"""The teams API: same services and rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.models import Invitation, ProposalMember
from proposals.services.submission import proposal_start
from proposals.services.teams import team_invite
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def api():
    return APIClient(headers={"accept-language": "en"})


@pytest.fixture
def proposal(lab, citizen):
    challenge = make_challenge(lab, visibility="published", phases={"proposals": (NOW - DAY, NOW + 30 * DAY)})
    return proposal_start(challenge=challenge, actor=citizen, title="Biohuertos")


@pytest.fixture
def co_author(proposal):
    user = make_user("coautor@example.org", full_name="Juan Mamani")
    ProposalMember.objects.create(proposal=proposal, user=user)
    return user


def test_the_team_sees_members_and_only_the_lead_sees_addresses(api, proposal, citizen, co_author):
    team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
    api.force_authenticate(citizen)
    lead_view = api.get(f"/api/v1/teams/{proposal.pk}/").json()
    api.force_authenticate(co_author)
    member_view = api.get(f"/api/v1/teams/{proposal.pk}/").json()

    assert [(m["name"], m["role"]) for m in lead_view["members"]] == [
        ("Rosa Quispe", "lead"),
        ("Juan Mamani", "member"),
    ]
    assert [i["email"] for i in lead_view["invitations"]] == ["friend@example.org"]
    assert [i["email"] for i in member_view["invitations"]] == [""]


def test_strangers_get_404_and_anonymous_visitors_401(api, proposal):
    assert api.get(f"/api/v1/teams/{proposal.pk}/").status_code == 401
    api.force_authenticate(make_user("stranger@example.org"))
    assert api.get(f"/api/v1/teams/{proposal.pk}/").status_code == 404


def test_the_lead_invites_and_revokes_and_a_refusal_is_a_400(api, proposal, citizen, mailoutbox):
    api.force_authenticate(citizen)
    response = api.post(f"/api/v1/teams/{proposal.pk}/invite/", {"email": "friend@example.org"}, format="json")
    assert response.status_code == 201
    again = api.post(f"/api/v1/teams/{proposal.pk}/invite/", {"email": "friend@example.org"}, format="json")
    assert again.status_code == 400
    assert again.json() == {
        "email": ["An invitation to this person was already sent and is still pending; it expires by itself."]
    }

    revoked = api.post(f"/api/v1/teams/{proposal.pk}/revoke/", {"invitation": response.json()["id"]}, format="json")
    assert (revoked.status_code, revoked.json()["status"]) == (200, "revoked")


def test_a_co_author_cannot_invite_but_can_leave(api, proposal, co_author):
    api.force_authenticate(co_author)
    assert api.post(f"/api/v1/teams/{proposal.pk}/invite/", {"email": "x@example.org"}).status_code == 403
    assert api.post(f"/api/v1/teams/{proposal.pk}/leave/").status_code == 204
    assert not proposal.members.filter(user=co_author).exists()


def test_accepting_and_declining_by_token(api, proposal, citizen):
    friend = make_user("friend@example.org")
    accepted = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
    other = team_invite(proposal=proposal, actor=citizen, email="other@example.org")
    api.force_authenticate(friend)

    assert api.get(f"/api/v1/invitations/{accepted.token}/").json()["proposal"] == "Biohuertos"
    assert api.post(f"/api/v1/invitations/{accepted.token}/accept/").json()["role"] == "member"
    refused = api.post(f"/api/v1/invitations/{other.token}/decline/")
    assert refused.status_code == 400 and "another e-mail address" in refused.json()["detail"]
    assert Invitation.objects.get(pk=other.pk).status == "pending"


def test_an_unverified_account_cannot_answer(api, proposal, citizen):
    invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
    api.force_authenticate(make_user("friend@example.org", verified=False))
    assert api.post(f"/api/v1/invitations/{invitation.token}/accept/").status_code == 403
