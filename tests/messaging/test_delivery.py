"""A message reaches each person of its group once, by e-mail and notification, framed in their language."""

import uuid

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from challenges.models import Follow
from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.markdown import render_markdown
from innovation_platform.live.models import Notification
from innovation_platform.messaging import delivery
from innovation_platform.messaging.models import Delivery, Message
from innovation_platform.messaging.services import message_send
from innovation_platform.messaging.tasks import message_deliver
from tests.messaging.flaky_mail import FlakyBackend

BODY = "Quedan **48 horas**: revisa tu [propuesta](https://example.org/p)."

ENGLISH_TEXT = """Hello Lead Eligible,

Quedan **48 horas**: revisa tu [propuesta](https://example.org/p).

More about Reto Agua: http://127.0.0.1:8000/challenges/reto-agua/

--
You receive this message because you are in the group “Followers” of Reto Agua.
"""


@pytest.fixture
def followers(world):
    """The two followers: one reads English, the other Spanish (the site's language)."""
    User.objects.filter(email="lead-eligible@example.org").update(language="en")
    return ["follower@example.org", "lead-eligible@example.org"]


def send(world, django_capture_on_commit_callbacks, segment="followers", **fields) -> Message:
    with django_capture_on_commit_callbacks(execute=True):
        return message_send(
            about=world["challenge"],
            segment=segment,
            params={},
            subject="Plazo",
            body=BODY,
            author=world["organizer"],
            token=uuid.uuid4(),
            **fields,
        )


def html_language(email) -> str:
    html, mimetype = email.alternatives[0]
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_each_person_gets_one_copy_in_their_language(world, followers, mailoutbox, django_capture_on_commit_callbacks):
    message = send(world, django_capture_on_commit_callbacks)

    copies = {email.to[0]: email for email in mailoutbox}
    assert sorted(copies) == followers
    assert {address: (email.subject, html_language(email)) for address, email in copies.items()} == {
        "follower@example.org": ("Reto Agua: Plazo", "es"),
        "lead-eligible@example.org": ("Reto Agua: Plazo", "en"),
    }
    assert copies["lead-eligible@example.org"].body == ENGLISH_TEXT
    with translation.override("es"):
        spanish = render_to_string(
            "messaging/email/message_message.txt",
            {
                "message": message,
                "body_html": render_markdown(BODY),
                "recipient": User.objects.get(email="follower@example.org"),
                "site_url": "http://127.0.0.1:8000",
            },
        )
    assert copies["follower@example.org"].body == spanish
    assert "<strong>48 horas</strong>" in copies["follower@example.org"].alternatives[0][0]


def test_the_message_arrives_as_a_notification_and_is_recorded_with_its_counts(
    world, followers, django_capture_on_commit_callbacks
):
    message = send(world, django_capture_on_commit_callbacks)

    message.refresh_from_db()
    assert sorted(Notification.objects.filter(kind="message").values_list("user__email", "title", "url")) == [
        (address, "Reto Agua: Plazo", f"/messages/{message.pk}/") for address in followers
    ]
    assert (message.status, message.recipient_count, message.delivered_count, message.sent_at is not None) == (
        "sent",
        2,
        2,
        True,
    )
    assert (message.segment, message.segment_label, message.about_title, message.about_url) == (
        "followers",
        "Followers",
        "Reto Agua",
        "/challenges/reto-agua/",
    )
    assert sorted(message.deliveries.values_list("user__email", flat=True)) == followers
    assert not message.deliveries.filter(sent_at=None).exists()


def test_a_retried_delivery_sends_nobody_twice(world, followers, mailoutbox, django_capture_on_commit_callbacks):
    message = send(world, django_capture_on_commit_callbacks)

    result = message_deliver.enqueue(message.pk)

    message.refresh_from_db()
    assert (result.return_value, len(mailoutbox), Notification.objects.filter(kind="message").count()) == (0, 2, 2)
    assert (message.delivered_count, Delivery.objects.filter(message=message).count()) == (2, 2)


@override_settings(EMAIL_BACKEND="tests.messaging.flaky_mail.FlakyBackend")
def test_a_failed_batch_is_sent_again_and_only_it(
    world, followers, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """One person per batch; the mail server refuses the second person once: the first run delivers the first
    person, the retry the second, and nobody gets two copies."""
    monkeypatch.setattr(delivery, "BATCH", 1)
    monkeypatch.setattr(FlakyBackend, "refuse_once", {"lead-eligible@example.org"})

    message = send(world, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    after_failure = (message.status, message.delivered_count, [email.to for email in mailoutbox])
    retry = message_deliver.enqueue(message.pk)
    message.refresh_from_db()

    assert after_failure == ("sending", 1, [["follower@example.org"]])
    assert (retry.status, retry.return_value) == ("SUCCESSFUL", 1)
    assert [email.to for email in mailoutbox] == [["follower@example.org"], ["lead-eligible@example.org"]]
    assert (message.status, message.delivered_count) == ("sent", 2)
    assert sorted(Notification.objects.filter(kind="message").values_list("user__email", flat=True)) == followers


def test_a_large_group_goes_out_in_batches(world, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(delivery, "BATCH", 3)

    message = send(world, django_capture_on_commit_callbacks, segment="submitted")

    message.refresh_from_db()
    assert (len(mailoutbox), message.delivered_count, message.recipient_count) == (8, 8, 8)
    assert len({email.to[0] for email in mailoutbox}) == 8


def test_an_empty_group_is_refused_and_nothing_is_recorded(world, django_capture_on_commit_callbacks, mailoutbox):
    world["challenge"].roles.all().delete()

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        send(world, django_capture_on_commit_callbacks, segment="mentors")

    assert refused.value.message == "Nobody is in this group yet, so nothing was sent."
    assert (Message.objects.count(), mailoutbox) == (0, [])


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_group_is_read_when_the_message_goes_out(world, followers, mailoutbox, django_capture_on_commit_callbacks):
    """Someone who joins the group between the sending and the delivery gets it; the record says how many did."""
    message = send(world, django_capture_on_commit_callbacks)
    Follow.objects.create(challenge=world["challenge"], user=User.objects.get(email="mentor@example.org"))

    message_deliver.call(message.pk)

    message.refresh_from_db()
    assert sorted(email.to[0] for email in mailoutbox) == [*followers, "mentor@example.org"]
    assert (message.recipient_count, message.delivered_count) == (3, 3)
