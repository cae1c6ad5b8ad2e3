"""Invitations by e-mail to organize or mentor a challenge: services, console, the invitation page, permissions."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import ChallengeRole, ChallengeRoleInvitation
from challenges.services import (
    challenge_role_invitation_accept,
    challenge_role_invitation_decline,
    challenge_role_invitation_resend,
    challenge_role_invitation_revoke,
    challenge_role_invite,
)
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import can
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db

INVITED = "nueva@example.org"


@pytest.fixture(autouse=True)
def english():
    """Services answer in the active language; these tests read the English source strings."""
    with translation.override("en"):
        yield


def refused(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


def messages_of(response, level="success") -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level]


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, visibility="published")


@pytest.fixture
def invite(challenge, lab_admin, django_capture_on_commit_callbacks):
    def invite(email=" Nueva@Example.org ", role="mentor", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return challenge_role_invite(challenge=challenge, actor=lab_admin, email=email, role=role, **kwargs)

    return invite


@pytest.fixture
def invitee(db):
    return make_user(INVITED, full_name="Nora Nueva")


@pytest.fixture
def mentor(challenge):
    user = make_user("mentor@example.org", full_name="Marco Mentor")
    ChallengeRole.objects.create(challenge=challenge, user=user, role="mentor")
    return user


@pytest.fixture
def other_organizer(db):
    user = make_user("otro@example.org", full_name="Otto Otro")
    make_lab("lab-puno", admin=user)
    return user


# Services


def test_an_invitation_is_e_mailed_with_its_link_and_expires_in_two_weeks(challenge, lab_admin, invite):
    invitation = invite(role="organizer")

    assert (invitation.email, invitation.role, invitation.status, invitation.invited_by) == (
        INVITED,
        "organizer",
        "pending",
        lab_admin,
    )
    assert abs(invitation.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)
    assert [message.to for message in mail.outbox] == [[INVITED]]
    assert f"/challenges/role-invitation/{invitation.token}/" in mail.outbox[0].body
    # An address without an account reads the inviter's language, Spanish unless they chose another.
    assert mail.outbox[0].subject == f"Ayuda a organizar “{challenge.title}”"
    assert [(entry.action, entry.actor) for entry in audit_entries(challenge)] == [
        ("challenge.role_invited", lab_admin)
    ]


def test_an_english_speaking_organizer_invites_an_address_without_an_account_in_english(challenge, lab_admin, invite):
    lab_admin.language = "en"
    lab_admin.save()

    invite(role="organizer")

    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([INVITED], f"Help organize “{challenge.title}”")
    ]


def test_an_address_with_an_account_is_written_to_in_that_persons_language(challenge, lab_admin, invitee, invite):
    lab_admin.language = "en"
    lab_admin.save()

    invite(role="organizer")

    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([INVITED], f"Ayuda a organizar “{challenge.title}”")
    ]


def test_the_e_mail_leaves_only_after_the_commit(challenge, lab_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge_role_invite(challenge=challenge, actor=lab_admin, email=INVITED, role="mentor")

    assert (len(callbacks), mail.outbox) == (1, [])


@pytest.mark.parametrize(("email", "role", "field"), [("  ", "mentor", "email"), (INVITED, "juror", "role")])
def test_an_incomplete_invitation_is_refused(invite, email, role, field):
    assert refused(invite, email=email, role=role).field == field
    assert (ChallengeRoleInvitation.objects.count(), mail.outbox) == (0, [])


def test_an_address_whose_account_holds_a_role_is_refused(invite, challenge, invitee):
    ChallengeRole.objects.create(challenge=challenge, user=invitee, role="mentor")

    error = refused(invite)

    assert (error.field, error.message) == ("email", "This person already has a role in this challenge.")
    assert ChallengeRoleInvitation.objects.count() == 0


def test_a_second_address_of_an_account_holding_a_role_is_refused(invite, challenge, mentor):
    EmailAddress.objects.create(user=mentor, email="marco@example.org", verified=True)

    assert refused(invite, email="Marco@example.org").message == "This person already has a role in this challenge."


def test_a_pending_invitation_is_not_duplicated_even_once_expired(invite):
    invitation = invite()
    ChallengeRoleInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))

    error = refused(invite, role="organizer")

    assert (error.field, error.message) == (
        "email",
        "An invitation to this address is still pending; re-send it from the list instead.",
    )
    assert (ChallengeRoleInvitation.objects.count(), len(mail.outbox)) == (1, 1)


@pytest.mark.parametrize("status", ["declined", "revoked", "accepted"])
def test_an_answered_invitation_does_not_block_a_new_one(invite, status):
    first = invite()
    ChallengeRoleInvitation.objects.filter(pk=first.pk).update(status=status)

    again = invite()

    assert again.pk != first.pk
    assert again.token != first.token


def test_a_pending_invitation_is_sent_again_with_the_same_link_and_a_longer_life(
    invite, challenge, lab_admin, django_capture_on_commit_callbacks
):
    invitation = invite()
    ChallengeRoleInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        again = challenge_role_invitation_resend(challenge=challenge, actor=lab_admin, invitation=invitation)

    assert again.token == invitation.token
    assert again.expires_at > timezone.now() + timedelta(days=13)
    assert len(mail.outbox) == 2
    assert audit_entries(challenge).first().action == "challenge.role_invitation_resent"


@pytest.mark.parametrize("service", [challenge_role_invitation_resend, challenge_role_invitation_revoke])
def test_only_pending_invitations_are_sent_again_or_revoked(invite, challenge, lab_admin, service):
    invitation = invite()
    challenge_role_invitation_revoke(challenge=challenge, actor=lab_admin, invitation=invitation)

    error = refused(service, challenge=challenge, actor=lab_admin, invitation=invitation)

    assert error.message == "This invitation was already answered or revoked."


@pytest.mark.parametrize("service", [challenge_role_invitation_resend, challenge_role_invitation_revoke])
def test_an_invitation_of_another_challenge_is_refused(invite, lab, lab_admin, service):
    invitation = invite()
    other = make_challenge(lab, "otro-reto")

    error = refused(service, challenge=other, actor=lab_admin, invitation=invitation)

    assert error.message == "This invitation belongs to another challenge."
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_a_revoked_invitation_is_closed_and_audited(invite, challenge, lab_admin):
    invitation = invite()

    revoked = challenge_role_invitation_revoke(challenge=challenge, actor=lab_admin, invitation=invitation)

    assert (revoked.status, revoked.responded_at is not None) == ("revoked", True)
    assert audit_entries(challenge).first().action == "challenge.role_invitation_revoked"


def test_the_invited_person_accepts_and_gets_the_role(invite, challenge, invitee):
    invitation = invite(role="organizer")

    granted = challenge_role_invitation_accept(token=invitation.token, user=invitee)

    assert (granted.challenge, granted.user, granted.role) == (challenge, invitee, "organizer")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.responded_at is not None) == ("accepted", True)
    entry = audit_entries(challenge).first()
    assert (entry.action, entry.actor, entry.data["role"]) == (
        "challenge.role_invitation_accepted",
        invitee,
        "organizer",
    )


def test_a_second_verified_address_of_the_account_is_enough(invite, challenge, citizen):
    EmailAddress.objects.create(user=citizen, email=INVITED, verified=True)
    invitation = invite()

    assert challenge_role_invitation_accept(token=invitation.token, user=citizen).user == citizen


def test_the_invited_person_declines(invite, challenge, invitee):
    invitation = invite()

    declined = challenge_role_invitation_decline(token=invitation.token, user=invitee)

    assert declined.status == "declined"
    assert not ChallengeRole.objects.filter(user=invitee).exists()
    assert audit_entries(challenge).first().action == "challenge.role_invitation_declined"


def _make_state(invitation, state):
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
    else:
        invitation.status = state
    invitation.save()


@pytest.mark.parametrize("answer", [challenge_role_invitation_accept, challenge_role_invitation_decline])
@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("revoked", "This invitation was withdrawn by the organizers."),
        ("accepted", "This invitation was already answered."),
        ("declined", "This invitation was already answered."),
        ("expired", "This invitation has expired. Ask the organizers to send it again."),
    ],
)
def test_a_closed_invitation_cannot_be_answered(invite, invitee, answer, state, message):
    invitation = invite()
    _make_state(invitation, state)

    assert refused(answer, token=invitation.token, user=invitee).message == message
    assert not ChallengeRole.objects.filter(user=invitee).exists()


@pytest.mark.parametrize("answer", [challenge_role_invitation_accept, challenge_role_invitation_decline])
def test_an_unknown_link_is_refused(invitee, answer):
    error = refused(answer, token="nope", user=invitee)

    assert error.message == "This invitation does not exist. Check that you copied the whole link."


@pytest.mark.parametrize("answer", [challenge_role_invitation_accept, challenge_role_invitation_decline])
def test_someone_else_cannot_answer(invite, citizen, answer):
    invitation = invite()

    error = refused(answer, token=invitation.token, user=citizen)

    assert error.message.startswith("This invitation was sent to another e-mail address.")
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_the_invited_address_must_be_verified(invite):
    user = make_user(INVITED, verified=False)
    invitation = invite()

    error = refused(challenge_role_invitation_accept, token=invitation.token, user=user)

    assert error.message.startswith("This invitation was sent to another e-mail address.")


def test_someone_who_already_has_a_role_cannot_take_a_second_one(invite, challenge, invitee):
    invitation = invite()
    ChallengeRole.objects.create(challenge=challenge, user=invitee, role="organizer")

    error = refused(challenge_role_invitation_accept, token=invitation.token, user=invitee)

    assert error.message == "You already have a role in this challenge; ask its organizers to change it."
    assert list(challenge.roles.values_list("user", "role")) == [(invitee.pk, "organizer")]
    invitation.refresh_from_db()
    assert invitation.status == "pending"


# Console


def roles_url(challenge, name="console:roles", *args):
    return reverse(name, args=[challenge.slug, *args])


@pytest.fixture
def organizer_client(english_client, lab_admin):
    english_client.force_login(lab_admin)
    return english_client


def test_an_invitation_is_sent_from_the_roles_page(organizer_client, challenge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            roles_url(challenge, "console:role_invite"), {"invite-email": INVITED, "invite-role": "mentor"}
        )

    assert response.status_code == 302
    assert response.url == roles_url(challenge)
    assert ChallengeRoleInvitation.objects.get().role == "mentor"
    assert len(mail.outbox) == 1
    page = organizer_client.get(roles_url(challenge))
    assert messages_of(page) == [f"An invitation was sent to {INVITED}."]
    assert [invitation.email for invitation in page.context["invitations"]] == [INVITED]
    html = page.content.decode()
    assert "Invite by e-mail" in html
    assert roles_url(challenge, "console:role_invitation_resend", ChallengeRoleInvitation.objects.get().pk) in html


def test_a_refused_invitation_keeps_the_input(organizer_client, challenge, invite):
    invite()

    response = organizer_client.post(
        roles_url(challenge, "console:role_invite"), {"invite-email": INVITED, "invite-role": "organizer"}
    )

    assert response.status_code == 400
    form = response.context["invite_form"]
    assert form.errors["email"] == ["An invitation to this address is still pending; re-send it from the list instead."]
    html = response.content.decode()
    assert f'value="{INVITED}"' in html
    assert '<option value="organizer" selected>' in html
    assert ChallengeRoleInvitation.objects.count() == 1


def test_an_invalid_address_is_refused_by_the_form(organizer_client, challenge):
    response = organizer_client.post(
        roles_url(challenge, "console:role_invite"), {"invite-email": "not-an-address", "invite-role": "mentor"}
    )

    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="not-an-address"' in response.content.decode()
    assert not ChallengeRoleInvitation.objects.exists()


def test_an_invitation_is_sent_again_then_revoked_from_the_roles_page(
    organizer_client, challenge, invite, django_capture_on_commit_callbacks
):
    invitation = invite()

    with django_capture_on_commit_callbacks(execute=True):
        resent = organizer_client.post(
            roles_url(challenge, "console:role_invitation_resend", invitation.pk), follow=True
        )
    revoked = organizer_client.post(roles_url(challenge, "console:role_invitation_revoke", invitation.pk), follow=True)
    again = organizer_client.post(roles_url(challenge, "console:role_invitation_revoke", invitation.pk), follow=True)

    assert messages_of(resent) == [f"The invitation was sent again to {INVITED}."]
    assert len(mail.outbox) == 2
    assert messages_of(revoked) == [f"The invitation to {INVITED} was revoked."]
    assert list(revoked.context["invitations"]) == []
    assert messages_of(again, "error") == ["This invitation was already answered or revoked."]
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_an_invitation_of_another_challenge_is_not_found_from_this_one(organizer_client, lab, invite):
    invitation = invite()
    other = make_challenge(lab, "otro-reto")

    response = organizer_client.post(roles_url(other, "console:role_invitation_revoke", invitation.pk))

    assert response.status_code == 404
    assert ChallengeRoleInvitation.objects.get(pk=invitation.pk).status == "pending"


@pytest.mark.parametrize("size", [1, 3])
def test_the_roles_page_query_count_does_not_grow_with_invitations(
    organizer_client, challenge, lab_admin, size, django_assert_num_queries
):
    for n in range(size):
        challenge_role_invite(challenge=challenge, actor=lab_admin, email=f"persona{n}@example.org", role="mentor")
    url = roles_url(challenge)
    organizer_client.get(url)

    with django_assert_num_queries(7):
        response = organizer_client.get(url)

    assert len(response.context["invitations"]) == size


# The invitation page


def invitation_url(invitation):
    return reverse("challenges:role_invitation", args=[invitation.token])


def test_an_anonymous_visitor_is_asked_to_log_in_or_sign_up_and_come_back(english_client, invite):
    invitation = invite()
    url = invitation_url(invitation)

    page = english_client.get(url)
    answer = english_client.post(url, {"answer": "accept"})

    assert page.status_code == 200
    html = page.content.decode()
    assert f"{reverse('account_login')}?next={url}" in html
    assert f"{reverse('account_signup')}?next={url}" in html
    assert INVITED in html
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("account_login")) and "next=" in answer.url
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_the_invited_organizer_accepts_and_lands_in_the_console(english_client, invite, challenge, invitee):
    invitation = invite(role="organizer")
    english_client.force_login(invitee)

    page = english_client.get(invitation_url(invitation))
    response = english_client.post(invitation_url(invitation), {"answer": "accept"}, follow=True)

    assert 'value="accept"' in page.content.decode()
    assert response.redirect_chain == [(reverse("console:edit", args=[challenge.slug]), 302)]
    assert messages_of(response) == [f"You now organize “{challenge.title}”."]
    assert can(invitee, "challenges.change_challenge", challenge)


def test_the_invited_mentor_accepts_and_lands_on_the_draft(english_client, invite, lab, lab_admin, invitee):
    draft = make_challenge(lab, "borrador")
    invitation = challenge_role_invite(challenge=draft, actor=lab_admin, email=INVITED, role="mentor")
    english_client.force_login(invitee)

    response = english_client.post(invitation_url(invitation), {"answer": "accept"}, follow=True)

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert response.status_code == 200
    assert messages_of(response) == [f"You are now a mentor of “{draft.title}”."]


def test_the_invited_person_declines_from_the_page(english_client, invite, invitee):
    invitation = invite()
    english_client.force_login(invitee)

    response = english_client.post(invitation_url(invitation), {"answer": "decline"}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert messages_of(response) == ["You declined the invitation. Thank you for answering."]
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_another_account_is_told_which_address_to_use_and_cannot_answer(english_client, invite, citizen):
    invitation = invite()
    english_client.force_login(citizen)

    page = english_client.get(invitation_url(invitation))
    response = english_client.post(invitation_url(invitation), {"answer": "accept"}, follow=True)

    html = page.content.decode()
    assert f"This invitation was sent to {INVITED}." in html
    assert 'value="accept"' not in html
    assert messages_of(response, "error")[0].startswith("This invitation was sent to another e-mail address.")
    assert not ChallengeRole.objects.filter(user=citizen).exists()


def test_an_account_without_a_verified_address_is_asked_to_verify_it(english_client, invite):
    user = make_user(INVITED, verified=False)
    invitation = invite()
    english_client.force_login(user)

    page = english_client.get(invitation_url(invitation))
    response = english_client.post(invitation_url(invitation), {"answer": "accept"}, follow=True)

    assert "to answer this invitation." in page.content.decode()
    assert messages_of(response, "error") == ["Verify your e-mail address before answering an invitation."]
    assert not ChallengeRole.objects.filter(user=user).exists()


def test_an_expired_invitation_says_so(english_client, invite, invitee):
    invitation = invite()
    ChallengeRoleInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    english_client.force_login(invitee)

    page = english_client.get(invitation_url(invitation))
    response = english_client.post(invitation_url(invitation), {"answer": "accept"}, follow=True)

    assert "This invitation has expired." in page.content.decode()
    assert messages_of(response, "error") == ["This invitation has expired. Ask the organizers to send it again."]


def test_an_unknown_link_is_not_found(english_client):
    response = english_client.get(reverse("challenges:role_invitation", args=["nope"]))

    assert response.status_code == 404
    assert "This invitation does not exist." in response.content.decode()


# Permissions


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lab_admin", True), ("other_organizer", False), ("mentor", False), ("citizen", False)],
)
def test_managing_invitations_follows_the_roles_rule(request, challenge, who, allowed):
    user = request.getfixturevalue(who)

    assert can(user, "challenges.manage_roles", challenge) is allowed


@pytest.mark.parametrize("who", ["other_organizer", "mentor", "citizen", "anonymous"])
def test_only_the_challenge_organizers_invite_resend_or_revoke(request, client, challenge, invite, who):
    invitation = invite()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    expected = 302 if who == "anonymous" else 403

    responses = [
        client.get(roles_url(challenge)),
        client.post(
            roles_url(challenge, "console:role_invite"), {"invite-email": "x@example.org", "invite-role": "organizer"}
        ),
        client.post(roles_url(challenge, "console:role_invitation_resend", invitation.pk)),
        client.post(roles_url(challenge, "console:role_invitation_revoke", invitation.pk)),
    ]

    assert [response.status_code for response in responses] == [expected] * 4
    if who == "anonymous":
        assert all(response.url.startswith(reverse("account_login")) for response in responses)
    invitation.refresh_from_db()
    assert (ChallengeRoleInvitation.objects.count(), invitation.status, len(mail.outbox)) == (1, "pending", 1)


def test_a_draft_is_not_revealed_to_another_labs_organizer(client, lab, lab_admin, other_organizer):
    draft = make_challenge(lab, "borrador")
    client.force_login(other_organizer)

    response = client.post(roles_url(draft, "console:role_invite"), {"invite-email": INVITED, "invite-role": "mentor"})

    assert response.status_code == 404
    assert not ChallengeRoleInvitation.objects.exists()


def test_the_organizer_of_the_lab_may_invite(client, challenge, lab_admin):
    client.force_login(lab_admin)

    response = client.post(
        roles_url(challenge, "console:role_invite"), {"invite-email": INVITED, "invite-role": "mentor"}
    )

    assert response.status_code == 302
    assert ChallengeRoleInvitation.objects.get().invited_by == lab_admin
