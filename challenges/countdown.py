"""Time left until a deadline, as people read it; rendered on the server."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import PhaseKind


@dataclass(frozen=True)
class Countdown:
    """The time left until a phase closes (or, with `opening`, until the next one starts),
    rendered on the server; static/js/countdown.js may turn it into a live clock."""

    target: datetime
    text: str
    opening: bool = False


def countdown(target: datetime, now: datetime, *, opening: bool = False) -> Countdown:
    """Days while two or more remain, then hours, then minutes."""
    left = target - now
    if left >= timedelta(days=2):
        days = left.days
        text = (
            ngettext("Starts in %(count)d day", "Starts in %(count)d days", days)
            if opening
            else ngettext("Closes in %(count)d day", "Closes in %(count)d days", days)
        ) % {"count": days}
    elif left >= timedelta(hours=1):
        hours = int(left.total_seconds() // 3600)
        text = (
            ngettext("Starts in %(count)d hour", "Starts in %(count)d hours", hours)
            if opening
            else ngettext("%(count)d hour left", "%(count)d hours left", hours)
        ) % {"count": hours}
    elif left >= timedelta(minutes=1):
        minutes = int(left.total_seconds() // 60)
        text = (
            ngettext("Starts in %(count)d minute", "Starts in %(count)d minutes", minutes)
            if opening
            else ngettext("%(count)d minute left", "%(count)d minutes left", minutes)
        ) % {"count": minutes}
    else:
        text = _("Starts in less than a minute") if opening else _("Less than a minute left")
    return Countdown(target=target, text=text, opening=opening)


def phase_countdown(phases, current, now: datetime) -> Countdown | None:
    if current is not None:
        return countdown(current.ends_at, now)
    following = min((phase.starts_at for phase in phases if phase.starts_at > now), default=None)
    return countdown(following, now, opening=True) if following else None


def card_describe(challenge, now: datetime) -> None:
    """The running phase's name (`running_phase_label`), a countdown and `is_finished` for a card annotated by
    `challenges.selectors.challenges_for_cards`."""
    challenge.running_phase_label = PhaseKind(challenge.running_phase).label if challenge.running_phase else ""
    if challenge.running_phase and challenge.next_deadline:
        challenge.countdown = countdown(challenge.next_deadline, now)
    elif challenge.next_start:
        challenge.countdown = countdown(challenge.next_start, now, opening=True)
    else:
        challenge.countdown = None
    challenge.is_finished = challenge.next_deadline is None
