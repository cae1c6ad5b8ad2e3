"""The jury: invitations by e-mail, answers by the invited address, loads, expertise and revocation."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from judging.models import Assignment, Juror, Score
from judging.services.jury import jury_accept, jury_decline, jury_invite, jury_resend, jury_revoke, jury_update
from tests.conftest import make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_criterion, add_juror, add_proposal

english = rounds_world.english
world = rounds_world.world


def refused(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


@pytest.fixture
def invite(world, django_capture_on_commit_callbacks):
    def invite(email="Jurado@Example.org", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return jury_invite(round_=world["round"], actor=world["organizer"], email=email, **fields)

    return invite


@pytest.fixture
def jurado(db):
    return make_user("jurado@example.org", full_name="Julia Jurado")


def test_an_invitation_is_e_mailed_with_its_link_and_expires_in_two_weeks(world, invite):
    juror = invite(max_load=8, expertise=[" Agua ", "riego", "agua"])

    assert (juror.email, juror.status, juror.max_load, juror.expertise) == (
        "jurado@example.org",
        "invited",
        8,
        ["agua", "riego"],
    )
    assert abs(juror.expires_at - (world["now"] + timedelta(days=14))) < timedelta(minutes=1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jurado@example.org"]
    assert f"/judging/invitation/{juror.token}/" in mail.outbox[0].body
    assert "Preselection" in mail.outbox[0].subject
    assert [entry.action for entry in audit_entries(world["round"])] == ["round.juror_invited"]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "Join the jury of “Reto Jurado” (Preselection)"),
        ("es", "Únete al jurado de “Reto Jurado” (Preselection)"),
    ],
)
def test_an_address_without_an_account_is_invited_in_the_organizers_language(world, invite, language, subject):
    world["organizer"].language = language
    world["organizer"].save()

    invite()

    assert [(message.to, message.subject) for message in mail.outbox] == [(["jurado@example.org"], subject)]


def test_the_same_address_is_not_invited_twice(invite, jurado):
    juror = invite()

    assert refused(invite).field == "email"
    juror.status, juror.user = "active", jurado
    juror.save()
    assert refused(invite).message == "This person is already on the jury."
    assert Juror.objects.count() == 1


def test_someone_who_declined_can_be_invited_again_with_a_new_link(invite):
    juror = invite()
    juror.status = "declined"
    juror.save()

    again = invite(max_load=5)

    assert (again.pk, again.status, again.max_load) == (juror.pk, "invited", 5)
    assert again.token != juror.token


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"max_load": 0}, "max_load"), ({"expertise": [f"t{i}" for i in range(11)]}, "expertise"), ({}, "email")],
)
def test_invalid_invitations_are_refused(invite, fields, field):
    email = "" if field == "email" else "jurado@example.org"

    assert refused(invite, email=email, **fields).field == field
    assert not Juror.objects.exists()
    assert mail.outbox == []


def test_a_pending_invitation_is_sent_again_with_a_longer_life(world, invite, django_capture_on_commit_callbacks):
    juror = invite()
    Juror.objects.filter(pk=juror.pk).update(expires_at=world["now"] - DAY)

    with django_capture_on_commit_callbacks(execute=True):
        again = jury_resend(juror=juror, actor=world["organizer"])

    assert again.expires_at > world["now"] + timedelta(days=13)
    assert again.token == juror.token
    assert len(mail.outbox) == 2


def test_only_pending_invitations_are_sent_again(world, jurado):
    juror = add_juror(world["round"], jurado)

    assert refused(jury_resend, juror=juror, actor=world["organizer"]).message == (
        "Only a pending invitation can be sent again."
    )


def test_the_invited_person_accepts_and_takes_the_seat(world, invite, jurado):
    juror = invite()

    accepted = jury_accept(token=juror.token, user=jurado)

    assert (accepted.status, accepted.user, accepted.accepted_at is not None) == ("active", jurado, True)
    assert audit_entries(world["round"]).first().action == "round.juror_accepted"


def test_someone_else_cannot_accept(invite, citizen):
    juror = invite()

    error = refused(jury_accept, token=juror.token, user=citizen)

    assert error.message.startswith("This invitation was sent to another e-mail address.")
    juror.refresh_from_db()
    assert juror.status == "invited"


def test_the_invited_address_must_be_verified(invite):
    user = make_user("jurado@example.org", verified=False)
    juror = invite()

    assert refused(jury_accept, token=juror.token, user=user).message.startswith("This invitation was sent to another")


def test_a_second_verified_address_of_the_account_is_enough(invite, citizen):
    EmailAddress.objects.create(user=citizen, email="jurado@example.org", verified=True)
    juror = invite()

    assert jury_accept(token=juror.token, user=citizen).user == citizen


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "revoked"}, "This invitation was withdrawn by the organizers."),
        ({"status": "declined"}, "This invitation was already answered."),
        ({"expires_at_days": -1}, "This invitation has expired. Ask the organizers to send it again."),
    ],
)
def test_withdrawn_answered_and_expired_invitations_cannot_be_accepted(world, invite, jurado, change, message):
    juror = invite()
    if "expires_at_days" in change:
        Juror.objects.filter(pk=juror.pk).update(expires_at=world["now"] + change["expires_at_days"] * DAY)
    else:
        Juror.objects.filter(pk=juror.pk).update(**change)

    assert refused(jury_accept, token=juror.token, user=jurado).message == message


def test_an_unknown_token_is_refused(jurado):
    assert refused(jury_accept, token="nope", user=jurado).message.startswith("This invitation does not exist.")


def test_one_account_holds_one_seat_per_round(world, invite, jurado):
    add_juror(world["round"], jurado, email="other@example.org")
    EmailAddress.objects.create(user=jurado, email="second@example.org", verified=True)
    juror = invite(email="second@example.org")

    error = refused(jury_accept, token=juror.token, user=jurado)

    assert error.message == "Another seat on this jury is already linked to your account."


def test_the_invited_person_declines(world, invite, jurado):
    juror = invite()

    declined = jury_decline(token=juror.token, user=jurado)

    assert declined.status == "declined"
    assert refused(jury_accept, token=juror.token, user=jurado).message == "This invitation was already answered."


def test_load_and_expertise_change(world, jurado):
    juror = add_juror(world["round"], jurado)

    jury_update(juror=juror, actor=world["organizer"], max_load=4, expertise=["Salud"])

    juror.refresh_from_db()
    assert (juror.max_load, juror.expertise) == (4, ["salud"])
    assert audit_entries(world["round"]).get().data == {
        "juror": juror.pk,
        "changes": {"max_load": 4, "expertise": ["salud"]},
    }


def test_a_revoked_juror_cannot_be_changed(world, jurado):
    juror = add_juror(world["round"], jurado, status="revoked")

    assert refused(jury_update, juror=juror, actor=world["organizer"], max_load=4, expertise=[]).message == (
        "This person is no longer on the jury."
    )


def test_revoking_a_juror_releases_their_unscored_reviews_only(world, jurado):
    round_ = world["round"]
    juror = add_juror(round_, jurado)
    lead = make_user("lead@example.org")
    todo, done = (add_proposal(world["challenge"], lead, number=n) for n in (1, 2))
    Assignment.objects.create(round=round_, juror=juror, proposal=todo)
    scored = Assignment.objects.create(round=round_, juror=juror, proposal=done, status="submitted")
    Score.objects.create(assignment=scored, criterion=add_criterion(round_), value=4)

    jury_revoke(juror=juror, actor=world["organizer"])

    juror.refresh_from_db()
    assert juror.status == "revoked"
    assert list(Assignment.objects.values_list("pk", flat=True)) == [scored.pk]
    assert [entry.action for entry in audit_entries(round_).order_by("pk")] == [
        "round.juror_revoked",
        "round.assignments_released",
    ]


def test_withdrawing_an_invitation_kills_its_link(world, invite, jurado):
    juror = invite()

    jury_revoke(juror=juror, actor=world["organizer"])

    assert refused(jury_accept, token=juror.token, user=jurado).message == (
        "This invitation was withdrawn by the organizers."
    )
    assert refused(jury_revoke, juror=juror, actor=world["organizer"]).message == (
        "This person is no longer on the jury."
    )
