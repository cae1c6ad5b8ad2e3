"""Personal notifications: stored for the notifications page, pushed to the person's sockets for the bell.

`notify` and `notify_many` run inside the caller's transaction: a rolled-back change leaves no notification and
sends nothing.
"""

from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import Truncator

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.live import groups
from innovation_platform.live.models import Notification
from innovation_platform.live.services import publish


def _item(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
    }


def _fit(title: str) -> str:
    """Titles quote names and titles of any length; the column holds 200 characters."""
    return Truncator(title).chars(Notification._meta.get_field("title").max_length)


def unread(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at=None)


def notify(user: User, kind: str, title: str, url: str, body: str = "") -> Notification:
    """Store a notification for `user` and push it, with their new unread count, to `groups.user`."""
    notification = Notification.objects.create(user=user, kind=kind, title=_fit(title), body=body, url=url)
    publish(
        groups.user(user.pk),
        "notification",
        {"notification": _item(notification), "unread": unread(user).count()},
    )
    return notification


def notify_many(notifications: list[Notification]) -> list[Notification]:
    """Store unsaved notifications for many people: one INSERT and one COUNT query whatever their number, then one
    stored event per notification (each person has their own group). Fine for hundreds of people; for tens of
    thousands move the call to a background task."""
    for notification in notifications:
        notification.title = _fit(notification.title)
    created = Notification.objects.bulk_create(notifications)
    counts = dict(
        Notification.objects.filter(user_id__in={notification.user_id for notification in created}, read_at=None)
        .values_list("user_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    for notification in created:
        publish(
            groups.user(notification.user_id),
            "notification",
            {"notification": _item(notification), "unread": counts[notification.user_id]},
        )
    return created


def mail_and_notify(
    people: list[User],
    *,
    template: str,
    context: dict,
    kind: str,
    title: Promise,
    params: dict,
    url: str,
    body: str = "",
) -> int:
    """E-mail each of `people` (`mail_send`) and store a notification for each, both in the person's language:
    `title` is a lazy string filled with `params` (lazy values too) in that language. Returns the e-mails sent."""
    sent = mail_send(template=template, context=context, recipients=people)
    notifications = []
    for person in people:
        with translation.override(person.language):
            text = str(title) % {name: str(value) for name, value in params.items()}
        notifications.append(Notification(user=person, kind=kind, title=text, body=body, url=url))
    notify_many(notifications)
    return sent


def notification_mark_read(*, user: User, pk: int) -> int:
    """Mark one of the user's notifications read (another person's is left alone); returns the unread count."""
    return _mark_read(user, unread(user).filter(pk=pk))


def notifications_mark_all_read(*, user: User) -> int:
    return _mark_read(user, unread(user))


def _mark_read(user: User, notifications: QuerySet[Notification]) -> int:
    """Other open tabs and devices update their bell from the new count."""
    changed = notifications.update(read_at=timezone.now())
    count = unread(user).count()
    if changed:
        publish(groups.user(user.pk), "notifications.read", {"unread": count})
    return count
