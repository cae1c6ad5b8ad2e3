"""Every e-mail leaves through mail_send: a message of its own for each recipient, in the recipient's language."""

import pytest
from allauth.account.models import EmailAddress

from challenges.models import Announcement
from innovation_platform.accounts.models import User
from innovation_platform.core import mail
from innovation_platform.core.mail import mail_send
from innovation_platform.messaging.models import Message
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

ENGLISH = "New announcement in Reto Agua:"
SPANISH = "Nuevo aviso en Reto Agua:"


@pytest.fixture
def announcement(lab):
    return Announcement.objects.create(challenge=make_challenge(lab), title="Cambio de sede", body="En Cusco")


def send(announcement, recipients, **kwargs) -> int:
    return mail_send(
        template="challenges/email/announcement",
        context={"announcement": announcement, "challenge": announcement.challenge},
        recipients=recipients,
        **kwargs,
    )


def first_lines(outbox) -> dict:
    return {tuple(message.to): message.body.splitlines()[0] for message in outbox}


def test_users_pairs_and_addresses_each_get_their_language(announcement, mailoutbox):
    english = make_user("en@example.org", language="en")
    secondary_owner = make_user("owner@example.org", language="en")
    EmailAddress.objects.create(user=secondary_owner, email="Second@Example.org", verified=True)

    sent = send(
        announcement,
        [english, ("pair@example.org", "en"), "second@example.org", "nobody@example.org"],
        language="es",
    )

    assert sent == 4
    assert first_lines(mailoutbox) == {
        ("en@example.org",): ENGLISH,
        ("pair@example.org",): ENGLISH,
        ("second@example.org",): ENGLISH,
        ("nobody@example.org",): SPANISH,
    }


def test_an_address_of_nobody_without_a_sender_language_gets_the_default(announcement, mailoutbox):
    send(announcement, ["nobody@example.org"])

    assert first_lines(mailoutbox) == {("nobody@example.org",): SPANISH}


def test_an_address_claimed_but_not_verified_by_an_account_gets_the_senders_language(announcement, mailoutbox):
    claimer = make_user("claimer@example.org", language="es")
    EmailAddress.objects.create(user=claimer, email="claimed@example.org", verified=False)

    send(announcement, ["claimed@example.org"], language="en")

    assert first_lines(mailoutbox) == {("claimed@example.org",): ENGLISH}


def test_inactive_accounts_get_nothing_and_an_address_given_twice_gets_one_message(announcement, mailoutbox):
    active = make_user("active@example.org")
    inactive = make_user("inactive@example.org", is_active=False)
    make_user("inactive2@example.org", is_active=False)

    sent = send(announcement, [active, inactive, "ACTIVE@example.org"])
    from_queryset = send(announcement, User.objects.filter(email__startswith="inactive"))

    assert (sent, from_queryset) == (1, 0)
    assert [message.to for message in mailoutbox] == [["active@example.org"]]


def test_a_large_audience_is_sent_in_batches_one_message_per_person(announcement, mailoutbox, monkeypatch):
    monkeypatch.setattr(mail, "BATCH", 2)
    for number in range(5):
        make_user(f"person{number}@example.org", language="en" if number % 2 else "es")

    sent = send(announcement, User.objects.filter(email__startswith="person"))

    assert sent == 5
    assert first_lines(mailoutbox) == {
        ("person0@example.org",): SPANISH,
        ("person1@example.org",): ENGLISH,
        ("person2@example.org",): SPANISH,
        ("person3@example.org",): ENGLISH,
        ("person4@example.org",): SPANISH,
    }


def test_nobody_to_tell_sends_nothing(announcement, mailoutbox):
    assert (send(announcement, User.objects.none()), mailoutbox) == (0, [])


def test_a_template_without_an_html_version_sends_text_only(announcement, mailoutbox):
    send(announcement, ["nobody@example.org"])

    assert [(message.content_subtype, message.alternatives) for message in mailoutbox] == [("plain", [])]


def test_personal_messages_are_rendered_for_each_recipient(db, mailoutbox):
    message = Message(
        subject="Plazo",
        body="Texto",
        about_title="Reto Agua",
        about_url="/challenges/reto-agua/",
        segment_label="Mentors",
    )
    ana = make_user("ana@example.org", full_name="Ana Quispe", language="en")
    luis = make_user("luis@example.org", full_name="Luis Mamani", language="en")

    sent = mail_send(
        template="messaging/email/message",
        context={"message": message, "body_html": "<p>Texto</p>"},
        recipients=[ana, luis, ("pair@example.org", "en")],
        personal=True,
    )

    assert sent == 3
    assert first_lines(mailoutbox) == {
        ("ana@example.org",): "Hello Ana Quispe,",
        ("luis@example.org",): "Hello Luis Mamani,",
        ("pair@example.org",): "Hello,",
    }
