"""Reads of the stored live events: where a page stands, and the backlog a reconnecting client missed."""

from innovation_platform.live.models import LiveEvent


def live_last_event_id(group: str) -> int:
    """The id of the group's latest event, 0 before the first. A page reads it before its own data and renders it
    (`data-live-last`): its socket then replays what was stored after that, never what the page already shows."""
    return LiveEvent.objects.filter(group=group).order_by("-pk").values_list("pk", flat=True).first() or 0


def live_events_after(*, groups: list[str], last: int, limit: int) -> list[LiveEvent]:
    """The events of `groups` with an id above `last`, oldest first, at most `limit + 1` of them,
    so the caller can tell "all of them" from "more than `limit`" (one query, on the group/id index)."""
    return list(LiveEvent.objects.filter(group__in=groups, id__gt=last).order_by("id")[: limit + 1])
