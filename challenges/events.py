"""The live events of challenges: announcements, phases and the schedule, for everyone watching the challenge.

One function per event type, the single place that knows its payload's shape (docs/live.md lists them;
tests/live/test_event_schemas.py pins them). Services call them inside their transaction, after the state change;
`publish` sends after the commit.
"""

from innovation_platform.core.markdown import render_markdown
from innovation_platform.live import groups
from innovation_platform.live.services import publish


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def announcement_published(announcement) -> None:
    publish(
        groups.challenge(announcement.challenge_id),
        "announcement.published",
        {
            "id": announcement.pk,
            "title": announcement.title,
            "html": str(render_markdown(announcement.body)),
            "pinned": announcement.pinned,
            "published_at": _iso(announcement.published_at),
        },
    )


def phase_started(phase) -> None:
    publish(groups.challenge(phase.challenge_id), "phase.started", _phase_payload(phase))


def phase_ended(phase) -> None:
    publish(groups.challenge(phase.challenge_id), "phase.ended", _phase_payload(phase))


def _phase_payload(phase) -> dict:
    return {
        "kind": phase.kind,
        "label": str(phase.get_kind_display()),
        "starts_at": _iso(phase.starts_at),
        "ends_at": _iso(phase.ends_at),
    }


def schedule_changed(session, *, action: str, session_id: int | None = None) -> None:
    """`action`: created, updated or deleted (pass `session_id`, the deleted row has none)."""
    publish(
        groups.challenge(session.challenge_id),
        "schedule.changed",
        {
            "action": action,
            "id": session_id or session.pk,
            "title": session.title,
            "starts_at": _iso(session.starts_at),
            "ends_at": _iso(session.ends_at),
            "place": session.place,
        },
    )
