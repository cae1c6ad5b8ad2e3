"""What apps above do when proposals become selected, or a selected team drops out: a project opens for each, and
says so when its team leaves (projects). They register a callable with `on_selected` or `on_dropped_out` at
start-up; the services that select (judging's confirmation, the waitlist's promotion) call `proposals_selected`,
and the drop-out (`proposal_drop_out`) calls `proposal_dropped_out`, inside their transaction, so the project
follows the proposal exactly. The proposals app never imports them (imports run one way)."""

from collections.abc import Callable, Iterable
from datetime import datetime

_listeners: list[Callable[[list[int]], None]] = []
# Each gets the proposal, the organizer who recorded the drop-out, their reason and when.
_dropout_listeners: list[Callable[..., None]] = []


def on_selected(listener: Callable[[list[int]], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def proposals_selected(proposal_ids: Iterable[int]) -> None:
    ids = list(proposal_ids)
    if ids:
        for listener in _listeners:
            listener(ids)


def on_dropped_out(listener: Callable[..., None]) -> None:
    if listener not in _dropout_listeners:
        _dropout_listeners.append(listener)


def proposal_dropped_out(*, proposal_id: int, actor, reason: str, when: datetime) -> None:
    for listener in _dropout_listeners:
        listener(proposal_id=proposal_id, actor=actor, reason=reason, when=when)
