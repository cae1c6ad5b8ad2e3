"""The one broadcast service. Services call `publish` inside their transaction; the event is
stored and sent only after the commit, so a rolled-back change broadcasts nothing.

High-rate events (judging progress, expo votes, counters) go through `publish_coalesced`,
which sends at most one of them per group and type per `LIVE_COALESCE_SECONDS`.
"""

import json
import logging
import threading
from datetime import timedelta

from asgiref.sync import SyncToAsync, async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.utils import timezone

from innovation_platform.live.models import LiveEvent

logger = logging.getLogger(__name__)

# How long a coalescing window stays claimed if the process holding it dies before closing it
# (whole seconds: Django's Redis cache rounds timeouts down, so 0.5 s would mean "expired").
_WINDOW_SAFETY_SECONDS = 10


def publish(group: str, event_type: str, payload: dict) -> None:
    """Broadcast `{"id", "type", "payload"}` to `group` once the current transaction commits."""
    transaction.on_commit(lambda: _store_and_send(group, event_type, payload))


def publish_coalesced(group: str, event_type: str, payload: dict) -> None:
    """Like `publish`, for snapshots sent many times a second: at most one broadcast per group and
    type per `LIVE_COALESCE_SECONDS`, and the latest payload always goes out.

    The first publish of a quiet period is sent at once (leading edge) and claims a window in the
    cache, shared by every process. Publishes inside the window only store their payload as the
    latest and mark it dirty. The process that claimed the window checks once when the window ends
    (one timer per open window, not per publish; see `_later`) and sends the latest payload if it
    is dirty, keeping the window open; otherwise it releases the window (trailing edge). Trade-offs
    in docs/live.md. With `LIVE_COALESCE_SECONDS` at 0 (the tests' setting) every publish goes out.
    """
    if settings.LIVE_COALESCE_SECONDS <= 0:
        publish(group, event_type, payload)
        return
    transaction.on_commit(lambda: _coalesce(group, event_type, payload))


def live_events_prune(*, days: int) -> int:
    """Delete stored events older than `days`; returns how many. Clients that were away longer reload."""
    deleted, _ = LiveEvent.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


def live_event_text(event: LiveEvent) -> str:
    """What a client receives for an event, live or replayed: `{"id", "type", "payload"}` as JSON."""
    return json.dumps({"id": event.pk, "type": event.type, "payload": event.payload}, cls=DjangoJSONEncoder)


def _store_and_send(group: str, event_type: str, payload: dict) -> None:
    event = LiveEvent.objects.create(group=group, type=event_type, payload=payload)
    # Serialised once here; consumers relay the text as is to every client of the group. The id
    # travels beside it so a consumer can skip what it already replayed without parsing the text.
    message = {"type": "live.event", "id": event.pk, "text": live_event_text(event)}
    try:
        async_to_sync(get_channel_layer().group_send)(group, message)
    except Exception:
        # The change itself is committed; clients catch up from the stored event on reconnect.
        logger.exception("Live broadcast of %s to %s failed", event_type, group)


def _keys(group: str, event_type: str) -> tuple[str, str, str]:
    prefix = f"live:coalesce:{group}:{event_type}"
    return f"{prefix}:window", f"{prefix}:latest", f"{prefix}:dirty"


def _coalesce(group: str, event_type: str, payload: dict) -> None:
    window, latest, dirty = _keys(group, event_type)
    try:
        # The payload before the flag, so whoever sees the flag also sees this payload (or a later one).
        cache.set(latest, payload, _WINDOW_SAFETY_SECONDS * 2)
        cache.set(dirty, True, _WINDOW_SAFETY_SECONDS * 2)
        if cache.add(window, True, _WINDOW_SAFETY_SECONDS):
            _flush(group, event_type)
    except Exception:
        # Like a failed broadcast: the change is committed and the page shows it on reload.
        logger.exception("Live coalescing of %s to %s failed", event_type, group)


def _flush(group: str, event_type: str) -> None:
    """Run by the holder of the window: send the latest payload if a publish marked it dirty."""
    window, latest, dirty = _keys(group, event_type)
    while True:
        if cache.delete(dirty):
            _store_and_send(group, event_type, cache.get(latest))
            _later(settings.LIVE_COALESCE_SECONDS, _flush_at_window_end, group, event_type)
            return
        cache.delete(window)
        # A publish may have marked the payload dirty after the check above while it still saw the
        # window held: claim the window again for it, unless that publish (or another) already did.
        if not (cache.get(dirty) and cache.add(window, True, _WINDOW_SAFETY_SECONDS)):
            return


def _later(delay: float, function, *args) -> None:
    """Call `function(*args)` in `delay` seconds, off the caller's thread.

    Under an ASGI server (a sync view runs in a thread of its event loop), the server's loop keeps
    the time and a pool thread makes the call, so broadcasts still go through that loop (the
    in-memory layer only works from it). In a WSGI worker, which has no loop, a timer thread waits.
    """
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and loop.is_running():
        call = sync_to_async(function, thread_sensitive=False)
        loop.call_soon_threadsafe(loop.call_later, delay, lambda: loop.create_task(call(*args)))
    else:
        timer = threading.Timer(delay, function, args)
        timer.daemon = True
        timer.start()


def _flush_at_window_end(group: str, event_type: str) -> None:
    try:
        _flush(group, event_type)
    except Exception:
        logger.exception("Live coalescing of %s to %s failed", event_type, group)
    finally:
        connections.close_all()  # this thread's database connection ends with it
