"""Reads of the stored live events: the backlog a reconnecting client missed."""

from innovation_platform.live.models import LiveEvent


def live_events_after(*, groups: list[str], last: int, limit: int) -> list[LiveEvent]:
    """The events of `groups` with an id above `last`, oldest first, at most `limit + 1` of them,
    so the caller can tell "all of them" from "more than `limit`" (one query, on the group/id index)."""
    return list(LiveEvent.objects.filter(group__in=groups, id__gt=last).order_by("id")[: limit + 1])
