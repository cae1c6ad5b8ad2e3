"""What a challenge's timeline allows, derived from its phases and the clock (never stored)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import PHASE_ORDER, Challenge, Phase, PhaseKind
from innovation_platform.core.errors import ApplicationError


class Action(models.TextChoices):
    SUBMIT = "submit", gettext_lazy("submit a proposal")
    EDIT = "edit", gettext_lazy("edit a proposal")
    SUPPORT = "support", gettext_lazy("support a proposal")
    APPLY_ROLE = "apply_role", gettext_lazy("apply to a team role")
    SCORE = "score", gettext_lazy("score proposals")


PHASE_ACTIONS: dict[str, frozenset[str]] = {
    PhaseKind.ANNOUNCEMENT: frozenset(),
    PhaseKind.PROPOSALS: frozenset({Action.SUBMIT, Action.EDIT, Action.SUPPORT}),
    PhaseKind.EVALUATION: frozenset({Action.SCORE}),
    PhaseKind.COLLABORATOR_CALL: frozenset({Action.APPLY_ROLE, Action.SUPPORT}),
    PhaseKind.LAB: frozenset(),
    PhaseKind.FINAL_JUDGING: frozenset({Action.SCORE}),
    PhaseKind.RESULTS: frozenset(),
    PhaseKind.FOLLOW_UP: frozenset(),
}

# The phase in which each action normally happens, to explain a refusal.
ACTION_PHASE = {
    Action.SUBMIT: PhaseKind.PROPOSALS,
    Action.EDIT: PhaseKind.PROPOSALS,
    Action.SUPPORT: PhaseKind.PROPOSALS,
    Action.APPLY_ROLE: PhaseKind.COLLABORATOR_CALL,
    Action.SCORE: PhaseKind.EVALUATION,
}


def allowed_actions(challenge: Challenge, *, now: datetime | None = None) -> frozenset[str]:
    if not challenge.is_published or challenge.is_event:  # an event without a call takes no proposals
        return frozenset()
    phase = challenge.current_phase(now=now)
    return PHASE_ACTIONS[phase.kind] if phase else frozenset()


def ensure_allowed(
    challenge: Challenge, action: str, *, now: datetime | None = None, grace: timedelta = timedelta(0)
) -> None:
    """Raise a translated ApplicationError saying why `action` is not possible right now.

    `grace` accepts a request that arrives that long after the action closed: one sent before
    a deadline can wait in the server's queue past it (measured by bench/deadline_burst.py).
    """
    now = now or timezone.now()
    if action in allowed_actions(challenge, now=now) or (
        grace and action in allowed_actions(challenge, now=now - grace)
    ):
        return
    phase = next((p for p in challenge.phases.all() if p.kind == ACTION_PHASE[action]), None)
    label = Action(action).label
    if phase is None or not challenge.is_published or challenge.is_event:
        raise ApplicationError(_("This challenge does not accept this now: %(action)s.") % {"action": label})
    when = date_format(
        timezone.localtime(phase.starts_at if now < phase.starts_at else phase.ends_at, challenge.tzinfo),
        "DATETIME_FORMAT",
    )
    if now < phase.starts_at:
        message = _("It is not possible to %(action)s yet: the %(phase)s opens on %(when)s.")
    else:
        message = _("It is no longer possible to %(action)s: the %(phase)s closed on %(when)s.")
    raise ApplicationError(message % {"action": label, "phase": phase.get_kind_display().lower(), "when": when})


def next_deadline(phases, *, now: datetime | None = None) -> Phase | None:
    """The running or next phase whose end is the nearest deadline."""
    now = now or timezone.now()
    upcoming = [phase for phase in phases if phase.ends_at > now]
    return min(upcoming, key=lambda phase: phase.ends_at, default=None)


@dataclass(frozen=True)
class PhaseSpan:
    kind: str
    starts_at: datetime
    ends_at: datetime


def timeline_errors(spans: list[PhaseSpan]) -> list[str]:
    """Translated problems of a proposed timeline: each phase ends after it starts, phases come
    in their natural order, and none overlaps the next."""
    errors = []
    kinds = [span.kind for span in spans]
    if len(kinds) != len(set(kinds)):
        errors.append(_("Each phase can appear only once."))
    for span in spans:
        if span.ends_at <= span.starts_at:
            errors.append(_("%(phase)s must end after it starts.") % {"phase": PhaseKind(span.kind).label})
    ordered = sorted(spans, key=lambda span: PHASE_ORDER[span.kind])
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.starts_at < earlier.ends_at:
            errors.append(
                _("%(later)s cannot start before %(earlier)s ends.")
                % {"later": PhaseKind(later.kind).label, "earlier": PhaseKind(earlier.kind).label}
            )
    return errors
