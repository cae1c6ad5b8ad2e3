"""Organizers write to a group of their call from the console: preview, send once, see the record."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from challenges.models import ChallengeRole, Follow
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_entries
from innovation_platform.live.models import Notification
from innovation_platform.messaging.models import Message
from innovation_platform.messaging.tasks import message_deliver
from proposals.models import Proposal
from tests.conftest import make_user

BODY = "Tu borrador aún no está **completo**."


def new_url(world, query="") -> str:
    return reverse("console:message_new", args=[world["challenge"].slug]) + query


def form(segment="drafts", action="send", token=None, **fields) -> dict:
    return {
        "segment": segment,
        "subject": "Recordatorio",
        "body": BODY,
        "token": token or str(uuid.uuid4()),
        action: "",
    }


def nothing_sent(mailoutbox) -> tuple:
    return (Message.objects.count(), Notification.objects.filter(kind="message").count(), len(mailoutbox))


def test_the_console_offers_messages_in_its_steps(organizer_client, world):
    response = organizer_client.get(reverse("console:edit", args=[world["challenge"].slug]))

    assert reverse("console:messages", args=[world["challenge"].slug]) in response.content.decode()


def test_the_form_offers_the_groups_of_the_call(organizer_client, world):
    response = organizer_client.get(new_url(world))

    choices = [key for key, _ in response.context["form"].fields["segment"].choices]
    assert choices == [
        "",
        "followers",
        "mentors",
        "submitted",
        "drafts",
        "eligible",
        "ineligible",
        "shortlisted",
        "selected",
        "waitlisted",
        "not_selected",
        "applicants",
        "jurors_pending",
    ]


def test_proposals_ticked_in_a_list_come_chosen(organizer_client, world):
    ids = Proposal.objects.filter(challenge=world["challenge"], number__in=[1, 2]).values_list("pk", flat=True)
    query = "?" + "&".join(f"proposal={pk}" for pk in ids)

    page = organizer_client.get(new_url(world, query))
    preview = organizer_client.post(new_url(world, query), form(segment="teams", action="preview"))

    assert page.context["form"]["segment"].value() == "teams"
    assert preview.context["preview"]["count"] == 3  # lead and member of 1, lead of 2


def test_a_preview_shows_the_text_and_the_count_and_sends_nothing(organizer_client, world, mailoutbox):
    response = organizer_client.post(new_url(world), form(segment="submitted", action="preview"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "It will go to 8 people: Teams of every submitted proposal." in page
    assert "Tu borrador aún no está <strong>completo</strong>." in page
    assert "Send to 8 people" in page
    assert nothing_sent(mailoutbox) == (0, 0, 0)


def test_sending_records_the_message_audits_it_and_delivers_it(
    organizer_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(new_url(world), form())

    message = Message.objects.get()
    assert response.url == reverse("console:messages", args=[world["challenge"].slug])
    assert (message.author, message.about, message.segment, message.subject, message.body) == (
        world["organizer"],
        world["challenge"],
        "drafts",
        "Recordatorio",
        BODY,
    )
    assert [email.to for email in mailoutbox] == [["lead-draft@example.org"]]
    assert [(entry.action, entry.actor, entry.data) for entry in audit_entries(world["challenge"])] == [
        (
            "message.sent",
            world["organizer"],
            {"message": message.pk, "title": "Recordatorio", "segment": "drafts", "people": 1},
        )
    ]
    listing = organizer_client.get(response.url)
    assert [(m.subject, m.segment_label, m.recipient_count, m.delivered_count) for m in listing.context["page"]] == [
        ("Recordatorio", "Teams of drafts not submitted yet", 1, 1)
    ]
    assert "Teams of drafts not submitted yet" in listing.content.decode()


def test_a_double_submit_sends_once(organizer_client, world, mailoutbox, django_capture_on_commit_callbacks):
    sent = form()
    with django_capture_on_commit_callbacks(execute=True):
        first = organizer_client.post(new_url(world), sent)
        second = organizer_client.post(new_url(world), sent, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(reverse("console:messages", args=[world["challenge"].slug]), 302)]
    assert "This message was already sent; it was not sent again." in second.content.decode()
    assert nothing_sent(mailoutbox) == (1, 1, 1)


def test_a_second_request_racing_the_first_finds_its_message(world, django_capture_on_commit_callbacks):
    """The service itself answers a known token with the message it recorded, whatever the view checked."""
    from innovation_platform.messaging.services import message_send

    token = uuid.uuid4()
    fields = {"about": world["challenge"], "segment": "drafts", "params": {}, "subject": "S", "body": "B"}
    with django_capture_on_commit_callbacks(execute=True):
        first = message_send(author=world["organizer"], token=token, **fields)
        second = message_send(author=world["organizer"], token=token, **fields)

    assert (second, Message.objects.count(), Notification.objects.filter(kind="message").count()) == (first, 1, 1)


def test_an_empty_group_gets_a_clear_answer_and_nothing_is_recorded(
    organizer_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    ChallengeRole.objects.filter(challenge=world["challenge"]).delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(new_url(world), form(segment="mentors"))

    assert response.status_code == 400
    assert response.context["form"].errors == {"segment": ["Nobody is in this group yet, so nothing was sent."]}
    assert response.context["form"]["body"].value() == BODY
    assert response.context["preview"]["count"] == 0
    assert nothing_sent(mailoutbox) == (0, 0, 0)
    assert not audit_entries(world["challenge"]).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"segment": "teams"},  # no proposals were ticked
        {"segment": "everyone"},
        {"subject": ""},
        {"token": "not-a-token"},
    ],
)
def test_bad_input_is_refused_without_sending(organizer_client, world, mailoutbox, fields):
    response = organizer_client.post(new_url(world), {**form(), **fields})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == set(fields)
    assert nothing_sent(mailoutbox) == (0, 0, 0)


@pytest.mark.parametrize("who", ["citizen", "juror", "mentor", "lead", "other_organizer"])
def test_only_the_calls_organizers_may_write(client, world, who, mailoutbox, django_capture_on_commit_callbacks):
    if who == "citizen":
        make_user("citizen@example.org")
    emails = {
        "citizen": "citizen@example.org",
        "juror": "juror-pending@example.org",
        "mentor": "mentor@example.org",
        "lead": "lead-eligible@example.org",
        "other_organizer": "other-organizer@example.org",
    }
    client.force_login(User.objects.get(email=emails[who]))
    slug = world["challenge"].slug

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.get(reverse("console:messages", args=[slug])).status_code,
            client.get(new_url(world)).status_code,
            client.post(new_url(world), form()).status_code,
        ]

    assert statuses == [403, 403, 403]
    assert nothing_sent(mailoutbox) == (0, 0, 0)


def test_a_draft_call_is_unknown_to_outsiders(client, world):
    world["challenge"].visibility = "draft"
    world["challenge"].save()
    client.force_login(world["other_organizer"])

    assert client.get(new_url(world)).status_code == 404


def test_staff_may_write(client, world, staff):
    client.force_login(staff)

    assert client.get(new_url(world)).status_code == 200


@pytest.mark.parametrize("followers", [3, 30])
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_sending_to_many_does_the_same_work_as_to_few(
    organizer_client, world, followers, mailoutbox, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The request records the message and queues one task; the people are found and written to in the
    background, so the request's queries do not grow with the group."""
    Follow.objects.filter(challenge=world["challenge"]).delete()
    for number in range(followers):
        Follow.objects.create(challenge=world["challenge"], user=make_user(f"fan{number}@example.org"))
    default_task_backend.clear()
    ContentType.objects.clear_cache()  # counted whichever test ran before

    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(13):
        response = organizer_client.post(new_url(world), form(segment="followers"))

    message = Message.objects.get()
    assert (response.status_code, message.recipient_count, message.delivered_count) == (302, followers, 0)
    assert [(result.task.name, result.args) for result in default_task_backend.results] == [
        (message_deliver.name, [message.pk])
    ]
    assert mailoutbox == []
