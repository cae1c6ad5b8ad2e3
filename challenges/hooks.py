"""What apps above do when an organizer saves a session of the schedule: registration (projects) gives places that
opened, when the capacity grew, to the first on the waitlist. They register a callable with `on_session_saved` at
start-up; `section_save` calls `session_saved` inside its transaction. The challenges app never imports them
(imports run one way)."""

from collections.abc import Callable

_listeners: list[Callable] = []


def on_session_saved(listener: Callable) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def session_saved(session) -> None:
    for listener in _listeners:
        listener(session)
