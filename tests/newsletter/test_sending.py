"""Sending: queued by the request, delivered in batches in the background once per reader even across retries, in
each reader's language, each e-mail with its own one-click unsubscribe."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks import default_task_backend

from innovation_platform.core.errors import ApplicationError
from innovation_platform.messaging import delivery
from newsletter.models import Newsletter, NewsletterDelivery
from newsletter.services import newsletter_send
from newsletter.tasks import newsletter_deliver
from newsletter.unsubscribe import unsubscribe_reader
from tests.messaging.flaky_mail import FlakyBackend
from tests.newsletter import newsletter_world
from tests.newsletter.newsletter_world import client_for, make_newsletter, reader

world = newsletter_world.world

ENGLISH = ("December news", "## News\n\nThe call **Water for all** is open.")


@pytest.fixture
def readers(world):
    return [reader("ana"), reader("bruno", language="en"), reader("carla"), reader("nope", consent=False)]


def send(newsletter, actor, capture):
    with capture(execute=True):
        return newsletter_send(newsletter=newsletter, actor=actor)


def test_each_reader_gets_one_email_in_their_language(world, readers, mailoutbox, django_capture_on_commit_callbacks):
    newsletter = make_newsletter(world["staff"], versions={"en": ENGLISH})

    assert send(newsletter, world["staff"], django_capture_on_commit_callbacks) is True

    by_address = {email.to[0]: email for email in mailoutbox}
    assert sorted(by_address) == ["ana@example.org", "bruno@example.org", "carla@example.org"]
    assert by_address["ana@example.org"].subject == "Boletín de diciembre"
    assert by_address["bruno@example.org"].subject == "December news"
    english_html = by_address["bruno@example.org"].alternatives[0][0]
    assert "<strong>Water for all</strong>" in english_html and "Unsubscribe in one click" in english_html
    assert "Agua para todos" in by_address["ana@example.org"].body
    newsletter.refresh_from_db()
    assert (newsletter.status, newsletter.recipient_count, newsletter.delivered_count) == ("sent", 3, 3)
    assert newsletter.sent_at is not None


def test_each_email_carries_its_readers_one_click_unsubscribe(
    world, readers, mailoutbox, django_capture_on_commit_callbacks
):
    send(make_newsletter(world["staff"]), world["staff"], django_capture_on_commit_callbacks)

    for email in mailoutbox:
        headers = email.extra_headers
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")
        assert url.startswith("http://127.0.0.1:8000/boletin/baja/")
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert unsubscribe_reader(token).email == email.to[0]  # each link unsubscribes its own reader
        assert url in email.body and f'href="{url}"' in email.alternatives[0][0]
        assert "<img" not in email.alternatives[0][0]  # no tracking pixel
        # The headers reach the message as written.
        wire = email.message()
        assert (wire["List-Unsubscribe"], wire["List-Unsubscribe-Post"]) == (f"<{url}>", "List-Unsubscribe=One-Click")


@override_settings(EMAIL_BACKEND="tests.messaging.flaky_mail.FlakyBackend")
def test_a_retry_after_a_failure_in_the_middle_sends_nobody_twice(
    world, readers, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """One reader per batch; the mail server refuses the second reader once: the first run stops after the first
    reader, the retry sends the others, and nobody gets two copies."""
    monkeypatch.setattr(delivery, "BATCH", 1)
    monkeypatch.setattr(FlakyBackend, "refuse_once", {"bruno@example.org"})
    newsletter = make_newsletter(world["staff"])

    send(newsletter, world["staff"], django_capture_on_commit_callbacks)
    newsletter.refresh_from_db()
    after_failure = (newsletter.status, newsletter.delivered_count, [email.to[0] for email in mailoutbox])
    retry = newsletter_deliver.enqueue(newsletter.pk)
    again = newsletter_deliver.enqueue(newsletter.pk)
    newsletter.refresh_from_db()

    assert after_failure == ("sending", 1, ["ana@example.org"])
    assert (retry.status, retry.return_value, again.return_value) == ("SUCCESSFUL", 2, 0)
    assert [email.to[0] for email in mailoutbox] == ["ana@example.org", "bruno@example.org", "carla@example.org"]
    assert (newsletter.status, newsletter.delivered_count, newsletter.recipient_count) == ("sent", 3, 3)
    assert NewsletterDelivery.objects.filter(newsletter=newsletter, sent_at__isnull=False).count() == 3


def test_an_empty_segment_is_refused_and_stays_a_draft(world, readers, mailoutbox, django_capture_on_commit_callbacks):
    newsletter = make_newsletter(world["staff"], segment={"regions": ["PE-AMA"]})

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        send(newsletter, world["staff"], django_capture_on_commit_callbacks)

    assert refused.value.message == "Nobody is in this group of readers, so nothing was sent. Widen the group first."
    newsletter.refresh_from_db()
    assert (newsletter.status, mailoutbox) == ("draft", [])


def test_a_double_send_sends_once(world, readers, mailoutbox, django_capture_on_commit_callbacks):
    newsletter = make_newsletter(world["staff"])
    stale = Newsletter.objects.get(pk=newsletter.pk)  # what a second tab still holds

    first = send(newsletter, world["staff"], django_capture_on_commit_callbacks)
    second = send(stale, world["staff"], django_capture_on_commit_callbacks)

    assert (first, second, len(mailoutbox)) == (True, False, 3)


@pytest.mark.parametrize("readers_count", [3, 30])
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_send_request_only_counts_and_queues(
    world, readers_count, mailoutbox, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """However many readers, the request does the same few queries and mails nobody: the worker does."""
    for number in range(readers_count):
        reader(f"reader{number}")
    newsletter = make_newsletter(world["staff"])
    client = client_for(world["staff"])
    default_task_backend.clear()

    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(9):
        response = client.post(reverse("newsletter:send", args=[newsletter.pk]))

    newsletter.refresh_from_db()
    assert (response.status_code, newsletter.status, newsletter.recipient_count) == (302, "queued", readers_count)
    assert [(result.task.name, result.args) for result in default_task_backend.results] == [
        (newsletter_deliver.name, [newsletter.pk])
    ]
    assert mailoutbox == []


def test_double_click_on_send_sends_once_and_says_so(world, readers, mailoutbox, django_capture_on_commit_callbacks):
    newsletter = make_newsletter(world["staff"])
    client = client_for(world["staff"])
    url = reverse("newsletter:send", args=[newsletter.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        second = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert len(mailoutbox) == 3
    assert "This newsletter was already sent; it was not sent again." in second.content.decode()


def test_sending_an_empty_segment_from_the_page_says_why(world, readers, mailoutbox):
    newsletter = make_newsletter(world["staff"], segment={"countries": ["JP"]})
    client = client_for(world["staff"])

    response = client.post(reverse("newsletter:send", args=[newsletter.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "Nobody is in this group of readers, so nothing was sent." in response.content.decode()
    assert mailoutbox == []


def test_a_test_send_reaches_only_its_author_as_readers_get_it(world, readers, mailoutbox):
    newsletter = make_newsletter(world["admin"], lab=world["cusco"])
    client = client_for(world["admin"])

    response = client.post(reverse("newsletter:test", args=[newsletter.pk]))

    assert response.status_code == 302
    assert [email.to for email in mailoutbox] == [["admin@example.org"]]
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    newsletter.refresh_from_db()
    assert (newsletter.status, NewsletterDelivery.objects.count()) == ("draft", 0)
