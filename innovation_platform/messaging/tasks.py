"""Delivering a group message in the background, a batch of people at a time (tasks take primary keys)."""

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.core.markdown import render_markdown
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from innovation_platform.messaging.delivery import deliver_once
from innovation_platform.messaging.models import Delivery, Message, MessageStatus
from innovation_platform.messaging.segments import Segment, segment_get, segment_people, segment_personal


@task()
def message_deliver(message_id: int) -> int:
    """Send the message by e-mail and notification to each person of its segment who has not had it yet; return
    how many got it in this run.

    A run that is repeated (a worker retries after a crash, the mail server failed) skips whoever already has it
    (see delivery.deliver_once). The segment is read again here, so it may have changed since the organizer
    counted it; the message ends with the number of people it reached. A segment that adds a personal part to
    each copy is asked for the parts of each batch's people at once, and each part goes in its person's e-mail
    and notification.
    """
    message = Message.objects.get(pk=message_id)
    Message.objects.filter(pk=message.pk, status=MessageStatus.QUEUED).update(status=MessageStatus.SENDING)
    about = message.about
    segment = segment_get(about, message.segment, message.segment_params)
    people = segment_people(about, segment, message.segment_params)
    people = people.only("email", "language", "full_name", "is_active")
    context = {"message": message, "body_html": render_markdown(message.body)}
    sent = deliver_once(
        people=people,
        deliveries=message.deliveries.all(),
        new_delivery=lambda person: Delivery(message=message, user=person),
        send=lambda due: _send(message, segment, due, context),
    )
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), recipient_count=message.deliveries.count()
    )
    return sent


def _send(message: Message, segment: Segment, due: list[User], context: dict) -> None:
    """One batch's e-mails and notifications, with each person's own part when the segment adds one."""
    parts = segment_personal(message.about, segment, message.segment_params, due)
    mail_send(
        template="messaging/email/message",
        context=context,
        recipients=due,
        personal=True,
        contexts={pk: {"personal": part} for pk, part in parts.items()},
    )
    title = f"{message.about_title}: {message.subject}"  # the same in every language
    notify_many(
        [
            Notification(
                user_id=person.pk,
                kind=NotificationKind.MESSAGE,
                title=title,
                body=parts[person.pk].notification if person.pk in parts else "",
                url=message.get_absolute_url(),
            )
            for person in due
        ]
    )
    Message.objects.filter(pk=message.pk).update(delivered_count=F("delivered_count") + len(due))
