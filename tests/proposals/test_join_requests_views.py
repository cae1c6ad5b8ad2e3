"""Requests to join a team on the pages: the proposal's page, the team page, My proposals."""

# The shared world's fixtures are imported, and the tests' parameters then shadow them.
# ruff: noqa: F811

import pytest
from django.test import Client
from django.urls import reverse

from innovation_platform.labs.models import LabMembership
from proposals.models import JoinRequest, MemberRole, Proposal, ProposalMember
from proposals.services.teams import team_join_request
from tests.conftest import make_user
from tests.proposals.join_world import DAY, NOW, challenge, fill_team, friend, proposal  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Pages in English, so the assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


def messages_of(response, level="error") -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level]


def detail(proposal):
    return reverse("proposals:detail", args=[proposal.pk])


def team(proposal):
    return reverse("proposals:team", args=[proposal.pk])


def decide(proposal, join_request, decision):
    return reverse(f"proposals:team_join_{decision}", args=[proposal.pk, join_request.pk])


def withdraw(join_request):
    return reverse("proposals:join_request_withdraw", args=[join_request.pk])


class TestProposalPage:
    def test_a_verified_citizen_sees_the_form_then_the_pending_request(self, client, proposal, citizen, friend):
        client.force_login(friend)
        content = client.get(detail(proposal)).content.decode()
        assert "Ask to join this team" in content
        assert reverse("proposals:team_join", args=[proposal.pk]) in content
        assert 'for="id_message"' in content  # the message has a label

        response = client.post(
            reverse("proposals:team_join", args=[proposal.pk]), {"message": "Sé de riego."}, follow=True
        )

        join_request = JoinRequest.objects.get()
        assert (join_request.user, join_request.message, join_request.status) == (friend, "Sé de riego.", "pending")
        assert messages_of(response, "success") == [
            "Your request to join the team was sent. The team's lead will accept or decline it."
        ]
        content = response.content.decode()
        assert "Ask to join this team" not in content
        assert "Withdraw my request" in content
        assert withdraw(join_request) in content

    def test_sending_twice_creates_one_request_and_says_so(self, client, proposal, friend):
        client.force_login(friend)
        url = reverse("proposals:team_join", args=[proposal.pk])
        client.post(url, {"message": "Hola"})
        response = client.post(url, {"message": "Hola"}, follow=True)

        assert JoinRequest.objects.count() == 1
        assert messages_of(response) == ["You already asked to join this team: your request is waiting for an answer."]

    def test_the_message_is_stored_as_typed_and_escaped_on_every_page(self, client, proposal, citizen, friend):
        script = "<script>alert('x')</script>"
        client.force_login(friend)
        client.post(reverse("proposals:team_join", args=[proposal.pk]), {"message": script})
        assert JoinRequest.objects.get().message == script

        for user, url in ((friend, detail(proposal)), (citizen, team(proposal))):
            client.force_login(user)
            content = client.get(url).content.decode()
            assert script not in content
            assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content

    def test_a_too_long_message_is_refused_and_kept(self, client, proposal, friend):
        client.force_login(friend)
        response = client.post(reverse("proposals:team_join", args=[proposal.pk]), {"message": "x" * 1001})

        assert response.status_code == 400
        assert JoinRequest.objects.count() == 0
        assert "x" * 1001 in response.content.decode()

    def test_members_anonymous_and_unverified_visitors_see_no_form(self, client, proposal, citizen):
        content = client.get(detail(proposal)).content.decode()
        assert "Sign in to ask to join this team" in content
        assert "Ask to join this team" not in content

        client.force_login(citizen)
        assert client.get(detail(proposal)).context["join"] is None

        client.force_login(make_user("u@example.org", verified=False))
        content = client.get(detail(proposal)).content.decode()
        assert "to ask to join this team" in content and "Ask to join this team" not in content
        assert client.post(reverse("proposals:team_join", args=[proposal.pk])).status_code == 403
        assert JoinRequest.objects.count() == 0

    def test_a_full_team_says_why_instead_of_the_form(self, client, proposal, friend):
        fill_team(proposal)
        client.force_login(friend)
        response = client.get(detail(proposal))

        assert response.context["join"] == {"refusal": "The team is full: this challenge allows at most 3 members."}
        assert "Ask to join this team" not in response.content.decode()

    def test_hidden_and_withdrawn_proposals_take_no_request(self, client, proposal, friend):
        client.force_login(friend)
        Proposal.objects.filter(pk=proposal.pk).update(hidden_at=NOW)
        assert client.post(reverse("proposals:team_join", args=[proposal.pk])).status_code == 404
        Proposal.objects.filter(pk=proposal.pk).update(hidden_at=None, status="withdrawn")
        assert client.post(reverse("proposals:team_join", args=[proposal.pk])).status_code == 404
        assert JoinRequest.objects.count() == 0

    def test_the_requester_withdraws_and_comes_back_to_the_page(self, client, proposal, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        client.force_login(friend)

        response = client.post(withdraw(join_request), {"next": detail(proposal)}, follow=True)

        assert response.redirect_chain == [(detail(proposal), 302)]
        assert messages_of(response, "success") == ["You withdrew your request to join the team."]
        assert JoinRequest.objects.get().status == "withdrawn"
        assert "Ask to join this team" in response.content.decode()

    def test_nobody_else_can_withdraw_it(self, client, proposal, citizen, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        client.force_login(citizen)
        assert client.post(withdraw(join_request)).status_code == 404
        assert JoinRequest.objects.get().status == "pending"


class TestTeamPage:
    def test_the_lead_sees_the_requests_with_name_skills_profile_and_message(self, client, proposal, citizen, friend):
        friend.profile.skills.add("Riego")
        friend.profile.is_public = True
        friend.profile.save()
        join_request = team_join_request(proposal=proposal, user=friend, message="Sé de riego por goteo.")
        client.force_login(citizen)

        response = client.get(team(proposal))

        assert [r.user for r in response.context["join_requests"]] == [friend]
        content = response.content.decode()
        assert "Killa Ccori" in content and "Riego" in content and "Sé de riego por goteo." in content
        assert friend.profile.get_absolute_url() in content
        assert decide(proposal, join_request, "accept") in content
        assert decide(proposal, join_request, "decline") in content
        assert "friend@example.org" not in content

    def test_the_lead_accepts(self, client, proposal, citizen, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        client.force_login(citizen)

        response = client.post(decide(proposal, join_request, "accept"), follow=True)

        assert messages_of(response, "success") == ["Killa Ccori joined the team."]
        assert proposal.members.get(user=friend).role == MemberRole.MEMBER
        assert list(response.context["join_requests"]) == []

    def test_the_lead_declines_and_a_second_answer_is_refused(self, client, proposal, citizen, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        client.force_login(citizen)

        response = client.post(decide(proposal, join_request, "decline"), follow=True)
        assert messages_of(response, "success") == ["You declined the request of Killa Ccori."]
        again = client.post(decide(proposal, join_request, "accept"), follow=True)
        assert messages_of(again) == ["This request to join was already answered."]
        assert not proposal.members.filter(user=friend).exists()

    def test_accepting_into_a_team_that_filled_up_is_refused_with_a_message(self, client, proposal, citizen, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        fill_team(proposal)
        client.force_login(citizen)

        response = client.post(decide(proposal, join_request, "accept"), follow=True)

        assert messages_of(response) == ["The team is full: this challenge allows at most 3 members."]
        assert JoinRequest.objects.get().status == "pending"

    def test_only_the_lead_decides(self, client, proposal, lab, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        co_author = make_user("coautor@example.org")
        ProposalMember.objects.create(proposal=proposal, user=co_author)
        organizer = make_user("org@example.org")
        LabMembership.objects.create(lab=lab, user=organizer, role="organizer")

        for user in (co_author, organizer, friend, make_user("stranger@example.org")):
            client.force_login(user)
            assert client.post(decide(proposal, join_request, "accept")).status_code == 403
            assert client.post(decide(proposal, join_request, "decline")).status_code == 403
        client.force_login(co_author)
        co_authors_page = client.get(team(proposal)).content.decode()
        client.force_login(proposal.members.get(role=MemberRole.LEAD).user)
        leads_page = client.get(team(proposal)).content.decode()

        assert decide(proposal, join_request, "accept") in leads_page and 'id="join-requests"' in leads_page
        assert decide(proposal, join_request, "accept") not in co_authors_page
        assert 'id="join-requests"' not in co_authors_page
        assert JoinRequest.objects.get().status == "pending"

    def test_a_request_of_another_proposal_is_not_found(self, client, proposal, challenge, citizen, friend):
        other = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=2)
        ProposalMember.objects.create(proposal=other, user=make_user("lead2@example.org"), role=MemberRole.LEAD)
        join_request = team_join_request(proposal=other, user=friend)
        client.force_login(citizen)
        assert client.post(decide(proposal, join_request, "accept")).status_code == 404
        join_request.refresh_from_db()
        assert join_request.status == "pending" and not other.members.filter(user=friend).exists()

    def test_requests_are_paginated(self, client, proposal, citizen):
        for number in range(25):
            JoinRequest.objects.create(proposal=proposal, user=make_user(f"r{number}@example.org"))
        client.force_login(citizen)

        first = client.get(team(proposal)).context["join_requests"]
        second = client.get(team(proposal) + "?page=2").context["join_requests"]

        assert (len(first), len(second), first.paginator.count) == (20, 5, 25)

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_team_page_queries_are_bounded(self, client, proposal, citizen, count, django_assert_max_num_queries):
        for number in range(count):
            user = make_user(f"r{number}@example.org")
            user.profile.skills.add(f"skill {number}", "SIG")
            JoinRequest.objects.create(proposal=proposal, user=user, message="Hola")
        client.force_login(citizen)
        with django_assert_max_num_queries(10):
            assert len(client.get(team(proposal)).context["join_requests"]) == count


class TestMyProposals:
    def test_my_pending_requests_are_listed_with_a_withdraw_button(self, client, proposal, challenge, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        answered = Proposal.objects.create(challenge=challenge, title="Otra", status="submitted", number=2)
        JoinRequest.objects.create(proposal=answered, user=friend, status="declined")
        client.force_login(friend)

        response = client.get(reverse("proposals:mine"))

        assert [r.proposal.title for r in response.context["join_requests"]] == ["Biohuertos"]
        content = response.content.decode()
        assert "Your requests to join a team" in content
        assert withdraw(join_request) in content

        response = client.post(withdraw(join_request), follow=True)
        assert response.redirect_chain == [(reverse("proposals:mine"), 302)]
        assert list(response.context["join_requests"]) == []

    def test_an_outside_address_to_come_back_to_is_ignored(self, client, proposal, friend):
        join_request = team_join_request(proposal=proposal, user=friend)
        client.force_login(friend)
        response = client.post(withdraw(join_request), {"next": "https://evil.example.com/"})
        assert response["Location"] == reverse("proposals:mine")
