"""The live events of the lab and after, for the challenge's organizers.

One function per event type, the single place that knows its payload's shape (docs/live.md lists them).
"""

from innovation_platform.live import groups
from innovation_platform.live.services import publish_coalesced


def attendance_checked_in(check_in) -> None:
    """Someone was checked in: the attendance page fetches its figures again. Coalesced, as a door checks in a
    person every few seconds; the payload names no one."""
    publish_coalesced(
        groups.challenge_organizers(check_in.challenge_id),
        "attendance.checked_in",
        {"day": check_in.day.isoformat()},
    )
