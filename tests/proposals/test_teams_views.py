"""Team pages: the team, an invitation, people looking for a team, and my invitations."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innovation_platform.labs.models import LabMembership
from proposals.models import Invitation, JoinRequest, Proposal, ProposalMember, TeamSeeker
from proposals.services.submission import proposal_start
from proposals.services.teams import team_invitation_link, team_invite, team_seek
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def client():
    """Pages in English, so the assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab, code="AGUA26", visibility="published", team_max=4, phases={"proposals": (NOW - DAY, NOW + 30 * DAY)}
    )


@pytest.fixture
def proposal(challenge, citizen):
    return proposal_start(challenge=challenge, actor=citizen, title="Biohuertos")


@pytest.fixture
def co_author(proposal):
    user = make_user("coautor@example.org", full_name="Juan Mamani")
    ProposalMember.objects.create(proposal=proposal, user=user)
    return user


@pytest.fixture
def friend(db):
    return make_user("friend@example.org", full_name="Killa Ccori")


def team_url(proposal, name="team", *args):
    return reverse(f"proposals:{name}", args=[proposal.pk, *args])


def messages_of(response, level="error") -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level]


def member(proposal, user) -> ProposalMember:
    return proposal.members.get(user=user)


class TestTeamPage:
    def test_the_lead_sees_members_invitations_and_the_forms(self, client, proposal, citizen, co_author):
        team_invite(proposal=proposal, actor=citizen, email="pending@example.org")
        client.force_login(citizen)

        response = client.get(team_url(proposal))

        assert response.status_code == 200
        assert [m.user.full_name for m in response.context["members"]] == ["Rosa Quispe", "Juan Mamani"]
        assert [i.email for i in response.context["invitations"]] == ["pending@example.org"]
        content = response.content.decode()
        assert "pending@example.org" in content
        assert "coautor@example.org" not in content  # members' addresses are never shown
        assert team_url(proposal, "team_invite") in content
        assert team_url(proposal, "team_remove", member(proposal, co_author).pk) in content
        assert 'aria-current="page">Team<' in content

    def test_a_co_author_sees_the_team_and_can_leave_but_not_manage(self, client, proposal, citizen, co_author):
        team_invite(proposal=proposal, actor=citizen, email="pending@example.org")
        client.force_login(co_author)

        content = client.get(team_url(proposal)).content.decode()

        assert "pending@example.org" not in content
        assert team_url(proposal, "team_invite") not in content
        assert team_url(proposal, "team_leave") in content

    def test_who_may_not_see_the_team_gets_404_or_403(self, client, proposal, citizen, lab):
        assert client.get(team_url(proposal)).status_code == 302  # to log in
        client.force_login(make_user("stranger@example.org"))
        assert client.get(team_url(proposal)).status_code == 404  # a draft is not even visible
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted", number=1)
        assert client.get(team_url(proposal)).status_code == 403  # public, but not its team
        organizer = make_user("org@example.org")
        LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
        client.force_login(organizer)
        assert client.get(team_url(proposal)).status_code == 200

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_team_page_queries_are_bounded(self, client, proposal, citizen, count, django_assert_max_num_queries):
        proposal.challenge.team_max = 10
        proposal.challenge.save()
        for number in range(count):
            ProposalMember.objects.create(proposal=proposal, user=make_user(f"m{number}@example.org"))
            team_invite(proposal=proposal, actor=citizen, email=f"i{number}@example.org")
            JoinRequest.objects.create(proposal=proposal, user=make_user(f"r{number}@example.org"))
        client.force_login(citizen)
        with django_assert_max_num_queries(10):  # the requests to join: their count, a page, their skills
            assert client.get(team_url(proposal)).status_code == 200


class TestInviteAndLink:
    def test_the_lead_invites_by_e_mail(
        self, client, proposal, citizen, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(citizen)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(team_url(proposal, "team_invite"), {"email": "friend@example.org"}, follow=True)

        assert response.redirect_chain[-1][0] == team_url(proposal)
        assert messages_of(response, "success") == ["The invitation was sent. It expires in two weeks."]
        assert [message.to for message in mailoutbox] == [["friend@example.org"]]

    def test_a_refused_invitation_keeps_the_typed_address(self, client, proposal, citizen):
        team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(citizen)

        response = client.post(team_url(proposal, "team_invite"), {"email": "friend@example.org"})

        assert response.status_code == 400
        assert response.context["invite_form"].errors["email"] == [
            "An invitation to this person was already sent and is still pending; it expires by itself."
        ]
        assert 'value="friend@example.org"' in response.content.decode()
        assert Invitation.objects.count() == 1

    def test_a_co_author_cannot_invite(self, client, proposal, co_author):
        client.force_login(co_author)
        assert client.post(team_url(proposal, "team_invite"), {"email": "x@example.org"}).status_code == 403
        assert Invitation.objects.count() == 0
        assert client.get(team_url(proposal, "team_invite")).status_code == 405

    def test_the_lead_creates_and_revokes_a_shareable_link(self, client, proposal, citizen):
        client.force_login(citizen)
        response = client.post(team_url(proposal, "team_link"), follow=True)

        link = Invitation.objects.get()
        assert link.is_link
        assert f"http://testserver/proposals/invitation/{link.token}/" in response.content.decode()

        response = client.post(team_url(proposal, "team_revoke", link.pk), follow=True)
        link.refresh_from_db()
        assert link.status == "revoked"
        assert messages_of(response, "success") == ["The invitation was revoked: its link no longer works."]
        response = client.post(team_url(proposal, "team_revoke", link.pk), follow=True)
        assert messages_of(response) == ["This invitation was already answered or revoked."]


class TestMembers:
    def test_removing_asks_for_confirmation_first(self, client, proposal, citizen, co_author):
        client.force_login(citizen)
        url = team_url(proposal, "team_remove", member(proposal, co_author).pk)

        confirm = client.get(url)
        assert confirm.status_code == 200 and "Remove Juan Mamani from the team?" in confirm.content.decode()
        assert proposal.members.count() == 2

        response = client.post(url, follow=True)
        assert messages_of(response, "success") == ["Juan Mamani was removed from the team."]
        assert list(proposal.members.values_list("user__email", flat=True)) == ["citizen@example.org"]

    def test_the_lead_cannot_remove_themselves(self, client, proposal, citizen):
        client.force_login(citizen)
        response = client.post(team_url(proposal, "team_remove", member(proposal, citizen).pk), follow=True)
        assert messages_of(response) == ["The lead cannot be removed: hand the lead over first."]

    def test_handing_over_the_lead(self, client, proposal, citizen, co_author):
        client.force_login(citizen)
        url = team_url(proposal, "team_transfer", member(proposal, co_author).pk)
        assert "Make Juan Mamani the lead?" in client.get(url).content.decode()

        client.post(url)

        assert dict(proposal.members.values_list("user__email", "role")) == {
            "citizen@example.org": "member",
            "coautor@example.org": "lead",
        }
        assert client.post(url).status_code == 403  # no longer the lead

    def test_a_co_author_leaves_after_confirming(self, client, proposal, co_author):
        client.force_login(co_author)
        assert client.get(team_url(proposal, "team_leave")).status_code == 200

        response = client.post(team_url(proposal, "team_leave"))

        assert response.url == reverse("proposals:mine")
        assert not proposal.members.filter(user=co_author).exists()

    def test_the_lead_cannot_leave(self, client, proposal, citizen):
        client.force_login(citizen)
        assert client.post(team_url(proposal, "team_leave")).status_code == 403
        assert list(proposal.members.values_list("user", "role")) == [(citizen.pk, "lead")]


class TestInvitationPage:
    def url(self, invitation):
        return reverse("proposals:invitation", args=[invitation.token])

    def test_an_anonymous_visitor_is_asked_to_log_in_and_come_back(self, client, proposal, citizen):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")

        content = client.get(self.url(invitation)).content.decode()

        assert "Rosa Quispe invites you to join the team of the proposal “Biohuertos”" in content
        assert f"/accounts/login/?next=/proposals/invitation/{invitation.token}/" in content
        assert "friend@example.org" not in content

    def test_texts_typed_by_people_are_escaped(self, client, proposal, citizen):
        Proposal.objects.filter(pk=proposal.pk).update(title="<script>alert(1)</script>")
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")

        content = client.get(self.url(invitation)).content.decode()

        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert(1)" not in content

    def test_an_unknown_token_is_a_clear_404(self, client):
        response = client.get(reverse("proposals:invitation", args=["nope"]))
        assert response.status_code == 404
        assert "This invitation does not exist." in response.content.decode()

    def test_the_invitee_accepts(self, client, proposal, citizen, friend):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(friend)

        response = client.post(self.url(invitation), {"answer": "accept"}, follow=True)

        assert response.redirect_chain[-1][0] == team_url(proposal)
        assert messages_of(response, "success") == ["Welcome to the team of “Biohuertos”."]
        assert proposal.members.filter(user=friend, role="member").exists()

    def test_someone_else_is_refused_with_a_message(self, client, proposal, citizen):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(make_user("other@example.org"))

        response = client.post(self.url(invitation), {"answer": "accept"}, follow=True)

        assert response.redirect_chain[-1][0] == self.url(invitation)
        assert messages_of(response)[0].startswith("This invitation was sent to another e-mail address.")
        assert proposal.members.count() == 1

    def test_someone_else_is_warned_before_answering_without_seeing_the_address(self, client, proposal, citizen):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(make_user("other@example.org"))

        content = client.get(self.url(invitation)).content.decode()

        assert "This invitation was sent to another e-mail address." in content
        assert ("friend@example.org" in content, 'value="accept"' in content) == (False, False)

    def test_an_unverified_account_is_told_to_verify(self, client, proposal, citizen):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(make_user("friend@example.org", verified=False))

        assert "to answer this invitation" in client.get(self.url(invitation)).content.decode()
        response = client.post(self.url(invitation), {"answer": "accept"}, follow=True)
        assert messages_of(response) == ["Verify your e-mail address before answering an invitation."]

    def test_an_expired_invitation_says_so(self, client, proposal, citizen, friend):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org", now=NOW - 20 * DAY)
        client.force_login(friend)
        content = client.get(self.url(invitation)).content.decode()
        assert "This invitation has expired." in content
        assert 'value="accept"' not in content

    def test_declining(self, client, proposal, citizen, friend):
        invitation = team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        client.force_login(friend)

        response = client.post(self.url(invitation), {"answer": "decline"}, follow=True)

        assert messages_of(response, "success") == ["You declined the invitation."]
        invitation.refresh_from_db()
        assert invitation.status == "declined"

    def test_a_link_shows_no_decline_button(self, client, proposal, citizen, friend):
        link = team_invitation_link(proposal=proposal, actor=citizen)
        client.force_login(friend)
        content = client.get(self.url(link)).content.decode()
        assert ('value="accept"' in content, 'value="decline"' in content) == (True, False)


class TestSeekers:
    def url(self, challenge):
        return reverse("proposals:seekers", args=[challenge.slug])

    def test_listing_yourself_then_updating_and_stopping(self, client, challenge, friend):
        client.force_login(friend)
        client.post(self.url(challenge), {"skills": "Diseño, SIG", "message": "Busco equipo"})
        assert TeamSeeker.objects.get().skills == ["Diseño", "SIG"]

        response = client.get(self.url(challenge))
        assert response.context["form"].initial == {"skills": "Diseño, SIG", "message": "Busco equipo"}

        client.post(self.url(challenge), {"action": "stop"})
        assert TeamSeeker.objects.count() == 0

    def test_a_too_long_list_of_skills_keeps_the_input(self, client, challenge, friend):
        client.force_login(friend)
        skills = ", ".join(f"skill{n}" for n in range(12))

        response = client.post(self.url(challenge), {"skills": skills, "message": "Hola"})

        assert response.status_code == 400
        assert response.context["form"].errors["skills"] == ["List at most 10 skills."]
        assert "skill11" in response.content.decode()
        assert TeamSeeker.objects.count() == 0

    def test_hidden_seekers_and_e_mails_never_show_and_text_is_escaped(self, client, challenge, citizen, friend):
        team_seek(challenge=challenge, user=friend, skills=["SIG"], message="<script>alert(1)</script>")
        hidden = team_seek(challenge=challenge, user=make_user("hidden@example.org", full_name="Oculto"))
        TeamSeeker.objects.filter(pk=hidden.pk).update(hidden_at=NOW)
        client.force_login(citizen)

        response = client.get(self.url(challenge))

        content = response.content.decode()
        assert [seeker.user.full_name for seeker in response.context["page"]] == ["Killa Ccori"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert(1)" not in content
        assert "friend@example.org" not in content and "Oculto" not in content

    def test_filtering_by_skill(self, client, challenge, citizen, friend):
        team_seek(challenge=challenge, user=friend, skills=["Diseño industrial"])
        team_seek(challenge=challenge, user=make_user("dev@example.org", full_name="Dev"), skills=["Python"])
        client.force_login(citizen)

        for typed in ("diseño", "DISEÑO", "industrial"):
            response = client.get(self.url(challenge), {"skill": typed})
            assert [seeker.user.full_name for seeker in response.context["page"]] == ["Killa Ccori"]

    def test_anonymous_visitors_log_in_and_drafts_are_not_found(self, client, lab, challenge, citizen):
        assert client.get(self.url(challenge)).status_code == 302
        client.force_login(citizen)
        assert client.get(self.url(make_challenge(lab, "borrador"))).status_code == 404

    def test_an_unverified_person_cannot_list_themselves(self, client, challenge):
        client.force_login(make_user("u@example.org", verified=False))
        assert client.post(self.url(challenge), {"skills": "SIG"}).status_code == 403
        assert TeamSeeker.objects.count() == 0

    def test_a_lead_invites_a_seeker(self, client, challenge, proposal, citizen, friend, mailoutbox):
        seeker = team_seek(challenge=challenge, user=friend, skills=["SIG"])
        client.force_login(citizen)
        invite_url = reverse("proposals:seeker_invite", args=[challenge.slug, seeker.pk])
        assert invite_url in client.get(self.url(challenge)).content.decode()

        response = client.post(invite_url, {"proposal": proposal.pk}, follow=True)

        assert messages_of(response, "success") == ["Killa Ccori was invited to the team of “Biohuertos”."]
        invitation = Invitation.objects.get()
        assert (invitation.invitee, invitation.email) == (friend, "")
        response = client.post(invite_url, {"proposal": proposal.pk}, follow=True)
        assert "already sent" in messages_of(response)[0]

    def test_only_a_lead_of_the_challenge_can_invite_a_seeker(self, client, challenge, proposal, friend):
        seeker = team_seek(challenge=challenge, user=friend, skills=["SIG"])
        client.force_login(make_user("other@example.org"))
        invite_url = reverse("proposals:seeker_invite", args=[challenge.slug, seeker.pk])

        response = client.post(invite_url, {"proposal": proposal.pk}, follow=True)

        assert messages_of(response) == ["Choose one of the proposals you lead in this challenge."]
        assert Invitation.objects.count() == 0

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_list_queries_are_bounded(
        self, client, challenge, proposal, citizen, count, django_assert_max_num_queries
    ):
        for number in range(count):
            team_seek(challenge=challenge, user=make_user(f"s{number}@example.org"), skills=["SIG"])
        client.force_login(citizen)
        with django_assert_max_num_queries(8):
            assert client.get(self.url(challenge)).status_code == 200


class TestMyInvitations:
    def test_pending_invitations_to_me_are_listed(self, client, challenge, proposal, citizen, friend):
        team_invite(proposal=proposal, actor=citizen, email="friend@example.org")
        other = proposal_start(challenge=challenge, actor=make_user("x@example.org"), title="Otra")
        team_invite(proposal=other, actor=other.members.get().user, invitee=friend)
        team_invite(proposal=other, actor=other.members.get().user, email="old@example.org", now=NOW - 20 * DAY)
        client.force_login(friend)

        response = client.get(reverse("proposals:mine"))

        assert sorted(i.proposal.title for i in response.context["invitations"]) == ["Biohuertos", "Otra"]
        assert "Invitations to join a team" in response.content.decode()

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_page_queries_are_bounded(self, client, challenge, friend, count, django_assert_max_num_queries):
        for number in range(count):
            lead = make_user(f"lead{number}@example.org")
            team_invite(proposal=proposal_start(challenge=challenge, actor=lead, title="P"), actor=lead, invitee=friend)
            JoinRequest.objects.create(proposal=proposal_start(challenge=challenge, actor=lead, title="Q"), user=friend)
        client.force_login(friend)
        with django_assert_max_num_queries(5):  # with my pending requests to join
            response = client.get(reverse("proposals:mine"))
        assert (len(response.context["invitations"]), len(response.context["join_requests"])) == (count, count)
