"""Sending something to many people once each, in batches, however often the sending task is run again.

The group messages (tasks.py) and the newsletter use it, each with its own delivery model: a row per (thing sent,
person) under a unique constraint, with a `user` and a `sent_at`.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from innovation_platform.accounts.models import User

BATCH = 200


def deliver_once(
    *,
    people: QuerySet[User],
    deliveries: QuerySet,
    new_delivery: Callable[[User], Model],
    send: Callable[[list[User]], None],
) -> int:
    """Call `send` with each batch of BATCH `people` (walked by id) who have not had it yet; return how many were sent.

    `deliveries` are the delivery rows of the thing sent, `new_delivery(person)` an unsaved one. A repeated run (a
    worker retries after a crash, the mail server failed) skips whoever already has it: each batch records one
    delivery per person and sends, in one transaction, only to those not sent yet; a failure undoes the batch
    whole, so the retry sends it again.
    """
    sent = last = 0
    while chunk := list(people.filter(pk__gt=last).order_by("pk")[:BATCH]):
        last = chunk[-1].pk
        sent += _deliver_batch(chunk, deliveries, new_delivery, send)
    return sent


@transaction.atomic
def _deliver_batch(people: list[User], deliveries: QuerySet, new_delivery, send) -> int:
    deliveries.model.objects.bulk_create([new_delivery(person) for person in people], ignore_conflicts=True)
    # Locked (where the database can) so that two workers on the same thing never both send to someone.
    pending = dict(
        deliveries.select_for_update(skip_locked=True)
        .filter(user__in=people, sent_at=None)
        .values_list("user_id", "pk")
    )
    due = [person for person in people if person.pk in pending]
    if not due:
        return 0
    send(due)
    deliveries.model.objects.filter(pk__in=pending.values()).update(sent_at=timezone.now())
    return len(due)
