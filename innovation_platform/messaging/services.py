"""Writing to a group: the message is recorded at once and delivered in the background (see tasks.py)."""

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.messaging.models import Message
from innovation_platform.messaging.segments import Params, segment_get, segment_people
from innovation_platform.messaging.selectors import message_by_token
from innovation_platform.messaging.tasks import message_deliver


def message_send(
    *,
    about: Model,
    segment: str,
    params: Params,
    subject: str,
    body: str,
    author: User,
    token: uuid.UUID,
) -> Message:
    """Record a message from `author` to the people of `segment` of `about` and queue its delivery.

    The request does the same few queries whatever the size of the group: it counts the people, and the task
    finds them. The same `token` again (a double click, a reload) returns the message it already recorded and
    sends nothing more. A segment that is not offered, or that has nobody in it, is refused with an
    ApplicationError and nothing is recorded. Side effects: an audit entry "message.sent" on `about`; after the
    commit, the delivery task.
    """
    if (sent := message_by_token(token)) is not None:
        return sent
    chosen = segment_get(about, segment, params)
    count = segment_people(about, chosen, params).count()
    if not count:
        raise ApplicationError(_("Nobody is in this group yet, so nothing was sent."), field="segment")
    try:
        with transaction.atomic():
            message = Message.objects.create(
                subject=subject,
                body=body,
                author=author,
                about=about,
                about_title=str(about)[: Message._meta.get_field("about_title").max_length],
                about_url=about.get_absolute_url(),
                segment=chosen.key,
                segment_label=_source(chosen.label),
                segment_params={name: list(params[name]) for name in chosen.params},
                token=token,
                recipient_count=count,
            )
            audit_log(
                about,
                "message.sent",
                actor=author,
                message=message.pk,
                title=subject,
                segment=chosen.key,
                people=count,
            )
            transaction.on_commit(lambda: message_deliver.enqueue(message.pk))
    except IntegrityError:
        # The same form sent twice at once: the other request recorded the message and queued it.
        return Message.objects.get(token=token)
    return message


def _source(label: Promise) -> str:
    """A lazy translation's source text, which each reader's page or e-mail translates into their language."""
    with translation.override(None):
        return str(label)
