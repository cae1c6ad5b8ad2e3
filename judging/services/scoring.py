"""A juror's review: scores per criterion, a comment for the organizers, feedback for the team, submission.

Saving is built for flaky phone connections: a retried identical save changes nothing, and a save started from an
older revision is refused (unless it asks for what is already stored) instead of overwriting newer values.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging import events
from judging.models import Assignment, AssignmentStatus, Criterion, JurorStatus, Round, Score
from judging.snapshots import round_changed


class StaleReview(ApplicationError):
    """The review changed since the juror's copy was loaded (another tab or device saved first)."""


def criterion_field(criterion: Criterion) -> str:
    """The name of a criterion's input, shared by the form, the API errors and the service's field errors."""
    return f"criterion_{criterion.pk}"


def plain(value: Decimal) -> str:
    """A scale value without trailing zeros nor exponent (10.00 → "10", 0.50 → "0.5")."""
    return format(value.normalize(), "f")


def _when(round_: Round, moment: datetime) -> str:
    return date_format(timezone.localtime(moment, round_.challenge.tzinfo), "DATETIME_FORMAT")


def ensure_round_open(round_: Round, *, now: datetime) -> None:
    if now < round_.starts_at:
        raise ApplicationError(_("Scoring opens on %(when)s.") % {"when": _when(round_, round_.starts_at)})
    if now >= round_.ends_at:
        raise ApplicationError(
            _("The round closed on %(when)s: reviews can no longer change. Your last saved version is kept.")
            % {"when": _when(round_, round_.ends_at)}
        )


def _checked_value(criterion: Criterion, value) -> Decimal | None:
    """The value as a Decimal on the criterion's scale, or None for "not scored"; a field error otherwise."""
    if value is None or value == "":
        return None
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ApplicationError(_("Enter a number."), field=criterion_field(criterion))
    if not criterion.scale_min <= value <= criterion.scale_max:
        raise ApplicationError(
            _("Enter a score from %(min)s to %(max)s.")
            % {"min": number_format(plain(criterion.scale_min)), "max": number_format(plain(criterion.scale_max))},
            field=criterion_field(criterion),
        )
    if (value - criterion.scale_min) % criterion.step:
        raise ApplicationError(
            _("Scores on this criterion go in steps of %(step)s from %(min)s.")
            % {"step": number_format(plain(criterion.step)), "min": number_format(plain(criterion.scale_min))},
            field=criterion_field(criterion),
        )
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    actor: User,
    scores: dict[int, Decimal | str | None],
    comment: str,
    feedback: str,
    revision: int,
    submit: bool,
    now: datetime | None = None,
) -> Assignment:
    """Save a juror's scores (criterion id → value, None to clear; criteria left out stay as they are), comment and
    feedback; with `submit`, mark the review done. A save without `submit` takes a submitted review back to draft.

    Side effects: every changed score and text is audited with its old and new value; the revision goes up by one
    when something changed; the first score saved locks the round's criteria.
    """
    now = now or timezone.now()
    assignment = (
        Assignment.objects.select_for_update().select_related("round__challenge", "juror").get(pk=assignment.pk)
    )
    round_ = assignment.round
    if assignment.juror.user_id != actor.pk or assignment.juror.status != JurorStatus.ACTIVE:
        raise ApplicationError(_("This review is not assigned to you."))
    if assignment.status == AssignmentStatus.RECUSED:
        raise ApplicationError(_("You recused yourself from this proposal: it can no longer be scored."))
    ensure_round_open(round_, now=now)

    criteria = {criterion.pk: criterion for criterion in round_.criteria.all()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ApplicationError(_("Some scores name criteria that are not part of this round."))
    wanted = {pk: _checked_value(criteria[pk], value) for pk, value in scores.items()}
    stored = {score.criterion_id: score for score in assignment.scores.all()}
    old = {pk: score.value for pk, score in stored.items()}
    new = {**old, **wanted}
    new = {pk: value for pk, value in new.items() if value is not None}
    comment, feedback = comment.strip(), feedback.strip()
    texts = {
        name: (getattr(assignment, name), value)
        for name, value in (("comment", comment), ("feedback", feedback))
        if getattr(assignment, name) != value
    }
    status = AssignmentStatus.SUBMITTED if submit else AssignmentStatus.ASSIGNED
    changed = new != old or texts or status != assignment.status
    if not changed:
        return assignment  # a retry of a save that already went through, or nothing to save
    if revision != assignment.revision:
        raise StaleReview(
            _(
                "This review was saved from another window or device since you opened it. Your values are still "
                "below: reload the page to see the saved version, then enter your changes again."
            )
        )
    if submit:
        missing = [c for c in criteria.values() if c.counted and c.pk not in new]
        if missing:
            raise ApplicationError(
                _("Score every criterion before submitting. Missing: %(names)s.")
                % {"names": ", ".join(c.name for c in missing)},
                field=criterion_field(missing[0]),
            )

    for pk in sorted(set(old) | set(new)):
        before, after = old.get(pk), new.get(pk)
        if before == after:
            continue
        if after is None:
            stored[pk].delete()
        elif before is None:
            Score.objects.create(assignment=assignment, criterion_id=pk, value=after)
        else:
            Score.objects.filter(pk=stored[pk].pk).update(value=after, updated_at=now)
        audit_log(
            assignment,
            "review.score_changed",
            actor=actor,
            criterion=pk,
            criterion_name=criteria[pk].name,
            old=None if before is None else str(before),
            new=None if after is None else str(after),
        )
    for name, (before, after) in texts.items():
        setattr(assignment, name, after)
        audit_log(assignment, f"review.{name}_changed", actor=actor, old=before, new=after)
    status_changed = status != assignment.status
    if status_changed or (submit and (new != old or texts)):
        audit_log(assignment, "review.submitted" if submit else "review.reopened", actor=actor)
    if submit:
        assignment.submitted_at = now
    assignment.status = status
    assignment.revision += 1
    assignment.save(update_fields=["comment", "feedback", "status", "submitted_at", "revision"])
    if new and round_.criteria_locked_at is None:
        Round.objects.filter(pk=round_.pk, criteria_locked_at=None).update(criteria_locked_at=now)
    if status_changed or (status == AssignmentStatus.SUBMITTED and new != old):
        round_changed(round_.pk)  # the counts or the ranking move
    if status_changed:  # the console counts reviews by status: a draft saved again changes nothing there
        events.judging_progress(round_)
    return assignment
