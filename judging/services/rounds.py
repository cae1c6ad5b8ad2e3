"""Setting up a round: its settings and its criteria.

Every change is audited on the round. Criteria lock once scoring begins (see `criteria_lock_reason`); only staff
unlock them, with a reason kept in the audit trail.
"""

import secrets
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Challenge, PhaseKind
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging.models import Criterion, PairwiseVote, Round, RoundMethod, RoundScope, Score, TeamFeedback
from judging.selectors.rounds import criteria_lock_reason
from judging.services.feedback import clean_team_feedback, team_feedback_set
from judging.snapshots import round_changed

JUDGING_PHASES = (PhaseKind.EVALUATION, PhaseKind.FINAL_JUDGING)
ROUND_FIELDS = (
    "name",
    "position",
    "method",
    "scope",
    "previous",
    "starts_at",
    "ends_at",
    "reviews_per_proposal",
    "is_blind",
    "hides_teams_publicly",
    "jurors_see_scores",
    "same_lab_is_conflict",
    "tie_break",
    "seed",
    "team_feedback",
)
CRITERION_FIELDS = ("name", "description", "weight", "scale_min", "scale_max", "step", "counted")
SEED_LIMIT = 2**31


def new_seed() -> int:
    """A fresh random seed for a round (shown to organizers and published with the results)."""
    return secrets.randbelow(SEED_LIMIT)


def _when(challenge: Challenge, moment: datetime) -> str:
    return date_format(timezone.localtime(moment, challenge.tzinfo), "DATETIME_FORMAT")


def _ensure_dates_in_judging_phase(challenge: Challenge, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ApplicationError(_("The round must end after it starts."), field="ends_at")
    phases = [phase for phase in challenge.phases.all() if phase.kind in JUDGING_PHASES]
    if not phases:
        raise ApplicationError(
            _("Add an evaluation or a final-judging phase to the challenge's timeline first."), field="starts_at"
        )
    if any(phase.starts_at <= starts_at and ends_at <= phase.ends_at for phase in phases):
        return
    spans = "; ".join(
        _("%(phase)s from %(start)s to %(end)s")
        % {
            "phase": phase.get_kind_display(),
            "start": _when(challenge, phase.starts_at),
            "end": _when(challenge, phase.ends_at),
        }
        for phase in phases
    )
    field = "starts_at" if not any(phase.starts_at <= starts_at < phase.ends_at for phase in phases) else "ends_at"
    raise ApplicationError(
        _("The round's dates must lie inside the evaluation or the final-judging phase (%(phases)s).")
        % {"phases": spans},
        field=field,
    )


def _clean_round(challenge: Challenge, data: dict, round_: Round | None) -> dict:
    """Check a round's settings against the challenge; return them normalised."""
    _ensure_dates_in_judging_phase(challenge, data["starts_at"], data["ends_at"])
    if data["reviews_per_proposal"] < 1:
        raise ApplicationError(_("Each proposal needs at least one review."), field="reviews_per_proposal")
    if not 0 <= data["seed"] < SEED_LIMIT:
        raise ApplicationError(
            _("The seed is a whole number from 0 to %(max)s.") % {"max": SEED_LIMIT - 1}, field="seed"
        )
    previous = data.get("previous")
    if data["scope"] == RoundScope.SHORTLIST:
        if previous is None:
            raise ApplicationError(_("Choose the round whose shortlist this round judges."), field="previous")
        if previous.challenge_id != challenge.pk or (round_ is not None and previous.pk == round_.pk):
            raise ApplicationError(_("Choose an earlier round of the same challenge."), field="previous")
        if previous.position >= data["position"]:
            raise ApplicationError(
                _("The previous round must come earlier in the order: give this round a higher order number."),
                field="position",
            )
    else:
        data["previous"] = None
    tie_break = data.get("tie_break")
    if tie_break is not None and (round_ is None or tie_break.round_id != round_.pk):
        raise ApplicationError(_("The tie-breaker must be one of this round's criteria."), field="tie_break")
    if data["method"] == RoundMethod.PAIRWISE:
        data["tie_break"] = None  # pairwise rounds have no criteria
    clean_team_feedback(data["team_feedback"])
    return data


@transaction.atomic
def round_create(*, challenge: Challenge, actor: User, **fields) -> Round:
    """A new round of the challenge. The dates must lie inside its evaluation or final-judging phase; without a
    seed, a random one is drawn."""
    data = {
        "seed": new_seed(),
        "previous": None,
        "tie_break": None,
        "team_feedback": TeamFeedback.NONE,
        "hides_teams_publicly": False,
        **fields,
    }
    data = _clean_round(challenge, data, None)
    round_ = Round.objects.create(challenge=challenge, **{name: data[name] for name in ROUND_FIELDS})
    audit_log(round_, "round.created", actor=actor, name=round_.name, method=round_.method, seed=round_.seed)
    return round_


def _started(round_: Round) -> bool:
    return Score.objects.filter(assignment__round=round_).exists() or PairwiseVote.objects.filter(round=round_).exists()


@transaction.atomic
def round_update(*, round_: Round, actor: User, **fields) -> Round:
    """Change a round's settings. The method and the seed stay fixed once jurors have scored or voted, so results
    already given keep their meaning. What teams receive of the reviews changes through `team_feedback_set`, which
    has its own audit entry and tells the teams when feedback is released after the publication."""
    round_ = Round.objects.select_for_update().select_related("challenge").get(pk=round_.pk)
    data = {name: getattr(round_, name) for name in ROUND_FIELDS} | fields
    data = _clean_round(round_.challenge, data, round_)
    changed = {name: data[name] for name in ROUND_FIELDS if data[name] != getattr(round_, name)}
    team_feedback = changed.pop("team_feedback", None)
    if {"method", "seed"} & changed.keys() and _started(round_):
        field = "method" if "method" in changed else "seed"
        raise ApplicationError(
            _("Jurors have already scored in this round: its method and seed can no longer change."), field=field
        )
    if changed:
        for name, value in changed.items():
            setattr(round_, name, value)
        round_.save(update_fields=[f"{name}_id" if name in ("previous", "tie_break") else name for name in changed])
        round_changed(round_.pk)  # the tie-breaker and the seed order the ranking
        audit_log(
            round_,
            "round.updated",
            actor=actor,
            changes={name: getattr(value, "pk", value) for name, value in changed.items()},
        )
    if team_feedback is not None:
        team_feedback_set(round_=round_, actor=actor, team_feedback=team_feedback)
    return round_


def ensure_criteria_editable(round_: Round) -> None:
    """Refuse any change to the criteria of a pairwise round or once scoring has begun."""
    if round_.method != RoundMethod.RUBRIC:
        raise ApplicationError(_("Pairwise rounds have no criteria: jurors compare projects with each other."))
    reason = criteria_lock_reason(round_)
    if reason:
        raise ApplicationError(reason)


def _clean_criterion(data: dict) -> dict:
    if data["weight"] < 0:
        raise ApplicationError(_("The weight cannot be negative."), field="weight")
    if data["scale_max"] <= data["scale_min"]:
        raise ApplicationError(_("The highest score must be above the lowest."), field="scale_max")
    if data["step"] <= 0:
        raise ApplicationError(_("The step must be above zero."), field="step")
    if (data["scale_max"] - data["scale_min"]) % data["step"] != 0:
        raise ApplicationError(
            _("The step must divide the scale evenly, so the highest score can be given."), field="step"
        )
    return data


def _locked_round(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def criterion_create(*, round_: Round, actor: User, **fields) -> Criterion:
    """Add a criterion at the end of the round's list."""
    round_ = _locked_round(round_)
    ensure_criteria_editable(round_)
    defaults = {"description": "", "weight": Decimal(1), "scale_min": Decimal(1), "scale_max": Decimal(5)}
    data = _clean_criterion({**defaults, "step": Decimal(1), "counted": True, **fields})
    last = round_.criteria.aggregate(last=Max("position"))["last"]
    criterion = Criterion.objects.create(
        round=round_, position=0 if last is None else last + 1, **{name: data[name] for name in CRITERION_FIELDS}
    )
    audit_log(round_, "round.criterion_added", actor=actor, criterion=criterion.pk, name=criterion.name)
    round_changed(round_.pk)
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor: User, **fields) -> Criterion:
    round_ = _locked_round(criterion.round)
    ensure_criteria_editable(round_)
    data = _clean_criterion({name: getattr(criterion, name) for name in CRITERION_FIELDS} | fields)
    changed = {name: data[name] for name in CRITERION_FIELDS if data[name] != getattr(criterion, name)}
    if not changed:
        return criterion
    for name, value in changed.items():
        setattr(criterion, name, value)
    criterion.save(update_fields=list(changed))
    round_changed(round_.pk)
    audit_log(round_, "round.criterion_changed", actor=actor, criterion=criterion.pk, changes=changed)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor: User) -> None:
    """Remove a criterion; when it was the tie-breaker, the round then has none."""
    round_ = _locked_round(criterion.round)
    ensure_criteria_editable(round_)
    audit_log(round_, "round.criterion_deleted", actor=actor, criterion=criterion.pk, name=criterion.name)
    criterion.delete()
    round_changed(round_.pk)


@transaction.atomic
def criterion_move(*, criterion: Criterion, actor: User, up: bool) -> None:
    """Swap a criterion with its neighbour (up or down); the order is renumbered 0, 1, 2… on the way."""
    round_ = _locked_round(criterion.round)
    ensure_criteria_editable(round_)
    criteria = list(round_.criteria.all())
    index = next(i for i, item in enumerate(criteria) if item.pk == criterion.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(criteria):
        return
    criteria[index], criteria[other] = criteria[other], criteria[index]
    for position, item in enumerate(criteria):
        item.position = position
    Criterion.objects.bulk_update(criteria, ["position"])
    round_changed(round_.pk)
    audit_log(round_, "round.criteria_reordered", actor=actor, order=[item.pk for item in criteria])


@transaction.atomic
def criteria_unlock(*, round_: Round, actor: User, reason: str) -> Round:
    """Staff only: let organizers change the criteria again although scoring has begun, until the next score is
    saved. The reason is required and audited; existing scores stay as they are."""
    if not actor.is_staff:
        raise ApplicationError(_("Only staff can unlock the criteria."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for unlocking: it is kept in the audit trail."), field="reason")
    round_ = _locked_round(round_)
    if criteria_lock_reason(round_) is None:
        raise ApplicationError(_("The criteria are not locked."))
    round_.criteria_locked_at = None
    round_.save(update_fields=["criteria_locked_at"])
    audit_log(round_, "round.criteria_unlocked", actor=actor, reason=reason)
    return round_
