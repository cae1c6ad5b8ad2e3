"""What apps above do when proposals become selected: a project opens for each (projects). They register a
callable with `on_selected` at start-up; the services that select (judging's confirmation, the waitlist's
promotion) call `proposals_selected` inside their transaction, so the project exists exactly when the selection
does. The proposals app never imports them (imports run one way)."""

from collections.abc import Callable, Iterable

_listeners: list[Callable[[list[int]], None]] = []


def on_selected(listener: Callable[[list[int]], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def proposals_selected(proposal_ids: Iterable[int]) -> None:
    ids = list(proposal_ids)
    if ids:
        for listener in _listeners:
            listener(ids)
