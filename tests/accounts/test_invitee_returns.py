"""An invitee without an account (team, jury, challenge role) signs up from the invitation, verifies the address
and is back at the invitation, in the same browser or another one."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.services import challenge_role_invite
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Round
from judging.services.jury import jury_invite
from proposals.services.submission import proposal_start
from proposals.services.teams import team_invite
from tests.conftest import PASSWORD, make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def team_invitation(lab, organizer) -> str:
    challenge = make_challenge(
        lab, visibility="published", team_max=4, phases={"proposals": (NOW - timedelta(days=1), NOW + timedelta(30))}
    )
    proposal = proposal_start(challenge=challenge, actor=organizer, title="Biohuertos")
    invitation = team_invite(proposal=proposal, actor=organizer, email="nueva@example.org")
    return reverse("proposals:invitation", args=[invitation.token])


def jury_invitation(lab, organizer) -> str:
    challenge = make_challenge(
        lab, visibility="published", phases={"evaluation": (NOW - timedelta(days=1), NOW + timedelta(30))}
    )
    round_ = Round.objects.create(challenge=challenge, name="Preselección", starts_at=NOW, ends_at=NOW + timedelta(9))
    juror = jury_invite(round_=round_, actor=organizer, email="nueva@example.org", max_load=6)
    return reverse("judging:invitation", args=[juror.token])


def role_invitation(lab, organizer) -> str:
    challenge = make_challenge(lab, visibility="published")
    invitation = challenge_role_invite(challenge=challenge, actor=organizer, email="nueva@example.org", role="mentor")
    return reverse("challenges:role_invitation", args=[invitation.token])


@pytest.fixture(params=[team_invitation, jury_invitation, role_invitation])
def invitation_path(request, lab, mailoutbox):
    """The page behind each kind of invitation, sent to an address with no account yet."""
    organizer = make_user("organiza@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    path = request.param(lab, organizer)
    mailoutbox.clear()
    return path


def sign_up_from(client, invitation_path):
    signup = f"{reverse('account_signup')}?next={invitation_path}"
    assert signup in client.get(invitation_path).content.decode()
    return client.post(
        signup,
        {
            "full_name": "Killa Ccori",
            "email": "nueva@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": invitation_path,
        },
    )


def confirm(client, mailoutbox):
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+)", mailoutbox[-1].body).group(1)
    return client.post(link)


def test_verifying_in_the_same_browser_leads_back_to_the_invitation(client, invitation_path, mailoutbox):
    sign_up_from(client, invitation_path)

    response = confirm(client, mailoutbox)

    assert response.status_code == 302
    assert response["Location"] == invitation_path
    assert "_auth_user_id" in client.session


def test_verifying_from_the_mail_in_another_browser_then_signing_in_leads_back_to_the_invitation(
    client, invitation_path, mailoutbox
):
    """The mail app may open the link in another browser, where the sign-up's session is unknown."""
    sign_up_from(client, invitation_path)
    other = Client()

    verified = confirm(other, mailoutbox)
    page = other.get(verified["Location"]).content.decode()
    login = other.post(
        f"{reverse('account_login')}?next={invitation_path}", {"login": "nueva@example.org", "password": PASSWORD}
    )

    assert verified["Location"] == invitation_path
    assert f"{reverse('account_login')}?next={invitation_path}" in page
    assert login["Location"] == invitation_path


def test_the_verification_link_carries_only_a_page_of_this_site(client, mailoutbox):
    client.post(
        f"{reverse('account_signup')}?next=https://malo.example/",
        {"full_name": "Killa", "email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    client.post(
        f"{reverse('account_signup')}?next=/challenges/",
        {"full_name": "Killa", "email": "otra@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "malo.example" not in mailoutbox[0].body
    assert re.search(r"/accounts/confirm-email/\S+\?next=%2Fchallenges%2F\n", mailoutbox[1].body)
