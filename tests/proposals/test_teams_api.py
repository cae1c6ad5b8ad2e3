"""The teams API: same services and rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.models import Invitation, JoinRequest, Proposal, ProposalMember
from proposals.services.submission import proposal_start
from proposals.services.teams import team_invite, team_join_request
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
    assert list(Invitation.objects.values_list("email", "status")) == [("friend@example.org", "pending")]

    revoked = api.post(f"/api/v1/teams/{proposal.pk}/revoke/", {"invitation": response.json()["id"]}, format="json")
    assert (revoked.status_code, revoked.json()["status"]) == (200, "revoked")


def test_a_co_author_cannot_invite_but_can_leave(api, proposal, co_author):
    api.force_authenticate(co_author)
    assert api.post(f"/api/v1/teams/{proposal.pk}/invite/", {"email": "x@example.org"}).status_code == 403
    assert Invitation.objects.count() == 0
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
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"
    assert list(proposal.members.values_list("user__email", flat=True)) == [citizen.email]


@pytest.fixture
def public_proposal(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted", number=1)
    proposal.refresh_from_db()
    return proposal


class TestJoinRequests:
    def test_asking_listing_and_accepting(self, api, public_proposal, citizen):
        friend = make_user("friend@example.org", full_name="Killa Ccori")
        friend.profile.skills.add("SIG")
        api.force_authenticate(friend)
        asked = api.post(f"/api/v1/teams/{public_proposal.pk}/join-requests/", {"message": "Hola"}, format="json")
        assert (asked.status_code, asked.json()["status"], asked.json()["message"]) == (201, "pending", "Hola")
        assert [r["id"] for r in api.get("/api/v1/join-requests/").json()["results"]] == [asked.json()["id"]]

        api.force_authenticate(citizen)
        listed = api.get(f"/api/v1/teams/{public_proposal.pk}/join-requests/").json()
        assert [(r["name"], r["skills"], r["message"]) for r in listed["results"]] == [("Killa Ccori", ["SIG"], "Hola")]
        assert "email" not in str(listed)
        accepted = api.post(f"/api/v1/join-requests/{asked.json()['id']}/accept/")
        assert (accepted.status_code, accepted.json()["name"]) == (200, "Killa Ccori")
        assert accepted.json()["role"] == "member"

        again = api.post(f"/api/v1/join-requests/{asked.json()['id']}/decline/")
        assert (again.status_code, again.json()) == (400, {"detail": "This request to join was already answered."})
        assert JoinRequest.objects.get().status == "accepted"
        assert public_proposal.members.filter(user=friend).exists()

    def test_refusals_are_400s_with_the_services_message(self, api, public_proposal, citizen):
        api.force_authenticate(make_user("friend@example.org"))
        url = f"/api/v1/teams/{public_proposal.pk}/join-requests/"
        assert api.post(url, {}, format="json").status_code == 201
        again = api.post(url, {}, format="json")
        assert (again.status_code, again.json()) == (
            400,
            {"detail": "You already asked to join this team: your request is waiting for an answer."},
        )
        too_long = api.post(url, {"message": "x" * 1001}, format="json")
        assert (too_long.status_code, list(too_long.json())) == (400, ["message"])
        assert list(JoinRequest.objects.values_list("status", "message")) == [("pending", "")]

    def test_permissions(self, api, proposal, public_proposal, citizen, co_author):
        friend = make_user("friend@example.org")
        join_request = team_join_request(proposal=public_proposal, user=friend)
        url = f"/api/v1/teams/{public_proposal.pk}/join-requests/"

        assert api.get(url).status_code == 401
        api.force_authenticate(co_author)  # in the team, but not its lead
        assert (api.get(url).status_code, api.post(url).status_code) == (403, 403)
        assert api.post(f"/api/v1/join-requests/{join_request.pk}/accept/").status_code == 403
        assert api.post(f"/api/v1/join-requests/{join_request.pk}/withdraw/").status_code == 404
        api.force_authenticate(make_user("unverified@example.org", verified=False))
        assert api.post(url).status_code == 403
        api.force_authenticate(friend)
        assert api.post(f"/api/v1/join-requests/{join_request.pk}/decline/").status_code == 403
        assert list(JoinRequest.objects.values_list("user__email", "status")) == [("friend@example.org", "pending")]
        assert not public_proposal.members.filter(user=friend).exists()
        withdrawn = api.post(f"/api/v1/join-requests/{join_request.pk}/withdraw/")
        assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")

    def test_a_draft_is_not_found(self, api, proposal):
        api.force_authenticate(make_user("friend@example.org"))
        assert api.post(f"/api/v1/teams/{proposal.pk}/join-requests/").status_code == 404
        assert JoinRequest.objects.count() == 0
