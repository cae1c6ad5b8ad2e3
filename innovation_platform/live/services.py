"""The one broadcast service. Services call `publish` inside their transaction; the event is
stored and sent only after the commit, so a rolled-back change broadcasts nothing."""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from innovation_platform.live.models import LiveEvent

logger = logging.getLogger(__name__)


def publish(group: str, event_type: str, payload: dict) -> None:
    """Broadcast `{"id", "type", "payload"}` to `group` once the current transaction commits."""
    transaction.on_commit(lambda: _store_and_send(group, event_type, payload))


def _store_and_send(group: str, event_type: str, payload: dict) -> None:
    event = LiveEvent.objects.create(group=group, type=event_type, payload=payload)
    # Serialised once here; consumers relay the text as is to every client of the group.
    text = json.dumps({"id": event.pk, "type": event_type, "payload": payload}, cls=DjangoJSONEncoder)
    try:
        async_to_sync(get_channel_layer().group_send)(group, {"type": "live.event", "text": text})
    except Exception:
        # The change itself is committed; clients catch up from the stored event on reconnect.
        logger.exception("Live broadcast of %s to %s failed", event_type, group)
