"""Follow-up after the lab: organizers set checkpoints, the scheduled job asks each team once and reminds it
twice, teams answer, and an answer that reports a new status becomes the project's outcome."""

import calendar
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from projects.models import (
    INDICATOR_FIELDS,
    REPORTED_OUTCOMES,
    Checkpoint,
    FollowUpRequest,
    Indicator,
    Project,
)
from projects.selectors.followup import challenge_today, followed_projects, lab_end
from projects.services.projects import outcome_record
from projects.tasks_followup import follow_up_tell_team

# Reminders go to teams that have not answered this many days after they were asked, while the checkpoint is open.
REMINDER_DAYS = (7, 14)
# The suggested checkpoints: months after the lab's last day, each open for this many days.
SUGGESTED_MONTHS = (3, 6, 12)
ANSWER_WINDOW_DAYS = 30

CHECKPOINT_FIELDS = ("title", "due_on", "closes_on", "indicators", "question")


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _clean_checkpoint(challenge: Challenge, data: dict, checkpoint: Checkpoint | None) -> dict:
    title = (data.get("title") or "").strip()
    if not title:
        raise ApplicationError(_("Give the checkpoint a title, e.g. “6 months”."), field="title")
    if Checkpoint.objects.filter(challenge=challenge, title=title).exclude(pk=checkpoint and checkpoint.pk).exists():
        raise ApplicationError(_("This edition already has a checkpoint with this title."), field="title")
    if data["closes_on"] < data["due_on"]:
        raise ApplicationError(_("Answers must close on or after the day teams are asked."), field="closes_on")
    indicators = list(data.get("indicators") or [])
    unknown = sorted(set(indicators) - set(Indicator.values))
    if unknown:
        raise ApplicationError(_("Unknown indicators: %(keys)s.") % {"keys": ", ".join(unknown)}, field="indicators")
    # Kept in the catalogue's order, once each: the team's form and the board follow it.
    indicators = [key for key in Indicator.values if key in indicators]
    return {**data, "title": title, "indicators": indicators, "question": (data.get("question") or "").strip()}


@transaction.atomic
def checkpoint_create(*, challenge: Challenge, actor: User, **fields) -> Checkpoint:
    """A new checkpoint of the edition. Refused (ApplicationError with its field) when answers would close before
    teams are asked, an indicator is not in the catalogue, or the title is taken. Audited on the challenge."""
    data = _clean_checkpoint(challenge, {name: fields.get(name) for name in CHECKPOINT_FIELDS}, None)
    checkpoint = Checkpoint.objects.create(challenge=challenge, **data)
    audit_log(challenge, "follow_up.checkpoint_created", actor=actor, checkpoint=checkpoint.pk, **_logged(data))
    return checkpoint


@transaction.atomic
def checkpoint_update(*, checkpoint: Checkpoint, actor: User, **fields) -> Checkpoint:
    """Change a checkpoint, even once asked (a later closing day gives late teams more time). Same checks as
    `checkpoint_create`; the changed values are audited on the challenge."""
    data = _clean_checkpoint(checkpoint.challenge, {name: fields.get(name) for name in CHECKPOINT_FIELDS}, checkpoint)
    changed = {name: value for name, value in data.items() if getattr(checkpoint, name) != value}
    if not changed:
        return checkpoint
    old = {name: getattr(checkpoint, name) for name in changed}
    for name, value in changed.items():
        setattr(checkpoint, name, value)
    checkpoint.save(update_fields=list(changed))
    audit_log(
        checkpoint.challenge,
        "follow_up.checkpoint_changed",
        actor=actor,
        checkpoint=checkpoint.pk,
        old=_logged(old),
        new=_logged(changed),
    )
    return checkpoint


@transaction.atomic
def checkpoint_delete(*, checkpoint: Checkpoint, actor: User) -> None:
    """Delete a checkpoint nobody answered yet; one with answers is kept (they are the teams' data)."""
    if checkpoint.requests.filter(answered_at__isnull=False).exists():
        raise ApplicationError(_("Teams have answered this checkpoint: it is kept with their answers."))
    audit_log(checkpoint.challenge, "follow_up.checkpoint_deleted", actor=actor, title=checkpoint.title)
    checkpoint.delete()


def _logged(data: dict) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in data.items()}


def months_later(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 August + 6 → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checkpoints_suggested(challenge: Challenge) -> list[dict]:
    """Checkpoints at 3, 6 and 12 months after the lab's last day that the edition does not have yet (by title or
    day),
    each open for ANSWER_WINDOW_DAYS days and asking every indicator. Empty when the timeline has no lab."""
    end = lab_end(challenge)
    if end is None:
        return []
    existing = list(Checkpoint.objects.filter(challenge=challenge).values_list("title", "due_on"))
    suggestions = []
    for months in SUGGESTED_MONTHS:
        title = _("%(count)s months") % {"count": months}
        due_on = months_later(end, months)
        if any(title == taken or due_on == day for taken, day in existing):
            continue
        suggestions.append(
            {
                "title": title,
                "due_on": due_on,
                "closes_on": due_on + timedelta(days=ANSWER_WINDOW_DAYS),
                "indicators": list(Indicator.values),
                "question": "",
            }
        )
    return suggestions


@transaction.atomic
def checkpoints_create_suggested(*, challenge: Challenge, actor: User) -> list[Checkpoint]:
    """Create the suggested checkpoints; a second click finds them taken and creates nothing."""
    return [checkpoint_create(challenge=challenge, actor=actor, **data) for data in checkpoints_suggested(challenge)]


def ensure_checkpoint_open(checkpoint: Checkpoint, *, now: datetime | None = None) -> None:
    today = challenge_today(checkpoint.challenge, now)
    if today < checkpoint.due_on:
        raise ApplicationError(_("This checkpoint opens on %(day)s.") % {"day": _day(checkpoint.due_on)})
    if today > checkpoint.closes_on:
        raise ApplicationError(
            _("This checkpoint closed on %(day)s: answers can no longer change. What you typed is still below.")
            % {"day": _day(checkpoint.closes_on)}
        )


def _clean_answer(checkpoint: Checkpoint, fields: dict) -> dict:
    if fields.get("status") not in REPORTED_OUTCOMES:
        raise ApplicationError(_("Choose where the project is now."), field="status")
    answer = {
        "status": fields["status"],
        "question_answer": (fields.get("question_answer") or "").strip() if checkpoint.question else "",
        "comment": (fields.get("comment") or "").strip(),
    }
    for indicator, name in INDICATOR_FIELDS.items():
        value = fields.get(name) if checkpoint.asks(indicator) else None
        if isinstance(value, str):
            value = value.strip()
        answer[name] = value if value not in (None, "") else FollowUpRequest._meta.get_field(name).get_default()
    if answer["people_reached"] is not None and answer["people_reached"] < 0:
        raise ApplicationError(_("Enter a number of people, 0 or more."), field="people_reached")
    if answer["funding"] is not None:
        answer["funding"] = Decimal(answer["funding"]).quantize(Decimal("0.01"))
        if answer["funding"] < 0:
            raise ApplicationError(_("Enter an amount, 0 or more."), field="funding")
    return answer


@transaction.atomic
def follow_up_answer(
    *, checkpoint: Checkpoint, project: Project, actor: User, now: datetime | None = None, **fields
) -> FollowUpRequest:
    """Record a team member's answer to a checkpoint (status, the indicators it asks, the question's answer, a
    comment), or correct it while the checkpoint is open (due day to closing day, in the challenge's time zone).

    Refused with an ApplicationError outside those days, for another edition's checkpoint, or from someone outside
    the team (its proposal's members, collaborators included). Indicators the
    checkpoint does not ask are left empty. Side effects: audited on the request (every changed value, old and
    new); when the reported status differs from the project's outcome, it becomes the outcome (an OutcomeChange
    with the reason "follow-up <title>", adopted_by and the link from the indicators).
    """
    now = now or timezone.now()
    if project.challenge_id != checkpoint.challenge_id:
        raise ApplicationError(_("This checkpoint is not part of this project's edition."))
    if not project.proposal.members.filter(user=actor).exists():
        raise ApplicationError(_("Only the project's team can answer its follow-up."))
    ensure_checkpoint_open(checkpoint, now=now)
    answer = _clean_answer(checkpoint, fields)
    request = _request_locked(checkpoint, project)
    first = request.answered_at is None
    changed = {name: value for name, value in answer.items() if getattr(request, name) != value}
    if not first and not changed:
        return request  # the same answer sent twice
    old = {name: getattr(request, name) for name in changed}
    for name, value in answer.items():
        setattr(request, name, value)
    request.answered_at, request.answered_by = now, actor
    request.save()
    audit_log(
        request,
        "follow_up.answered" if first else "follow_up.answer_changed",
        actor=actor,
        old=_plain(old),
        new=_plain(changed),
    )
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if answer["status"] != locked.outcome:
        outcome_record(
            locked,
            actor=actor,
            outcome=answer["status"],
            on=challenge_today(checkpoint.challenge, now),
            reason=_("follow-up %(title)s") % {"title": checkpoint.title},
            # What the answer says about an adoption, else what the project already knew.
            adopted_by=answer["adopted_by"] or locked.adopted_by,
            adopted_url=answer["service_url"] or locked.adopted_url,
        )
        for name in ("outcome", "outcome_on", "adopted_by", "adopted_url"):
            setattr(project, name, getattr(locked, name))
    return request


def _plain(values: dict) -> dict:
    return {name: str(value) if isinstance(value, Decimal) else value for name, value in values.items()}


def _request_locked(checkpoint: Checkpoint, project: Project) -> FollowUpRequest:
    """The project's request for the checkpoint, locked; created when the team answers before being asked."""
    try:
        with transaction.atomic():
            FollowUpRequest.objects.get_or_create(checkpoint=checkpoint, project=project)
    except IntegrityError:
        pass  # created at the same moment by the job or another member's answer
    return FollowUpRequest.objects.select_for_update().get(checkpoint=checkpoint, project=project)


def follow_up_ask_due(*, now: datetime | None = None) -> tuple[int, int]:
    """The scheduled job: for every open checkpoint, ask each followed project's team once, then remind teams that
    have not answered REMINDER_DAYS after being asked (twice at most, while the checkpoint is open).

    Returns (teams asked, reminders sent). Safe to run twice or at once from two processes: every request is
    claimed by a conditional UPDATE that only one run wins, and only the winner tells the team (in the background,
    after the commit). Dropped-out projects are not asked.
    """
    now = now or timezone.now()
    asked = reminded = 0
    for checkpoint in _open_checkpoints(now):
        _requests_create(checkpoint)
        # A team that answered before being asked is not asked; one that dropped out since is not reminded.
        waiting = FollowUpRequest.objects.filter(
            checkpoint=checkpoint, answered_at=None, project__in=followed_projects(checkpoint.challenge_id)
        )
        for pk in waiting.filter(asked_at=None).values_list("pk", flat=True):
            asked += _claim(FollowUpRequest.objects.filter(pk=pk, asked_at=None, answered_at=None), pk, 0, asked_at=now)
        previous = 0
        for number, days in enumerate(REMINDER_DAYS, start=1):
            # After a pause of the job, reminders still come apart: each waits its gap after the one before.
            due = waiting.filter(reminders_sent=number - 1, asked_at__lte=now - timedelta(days=days)).exclude(
                last_reminded_at__gt=now - timedelta(days=days - previous)
            )
            previous = days
            for pk in due.values_list("pk", flat=True):
                rows = FollowUpRequest.objects.filter(pk=pk, answered_at=None, reminders_sent=number - 1)
                reminded += _claim(rows, pk, number, reminders_sent=number, last_reminded_at=now)
    return asked, reminded


def _open_checkpoints(now: datetime) -> list[Checkpoint]:
    """Checkpoints open today in their challenge's time zone (a day either side of UTC's date covers every zone)."""
    utc_day = now.astimezone(UTC).date()
    candidates = Checkpoint.objects.filter(
        due_on__lte=utc_day + timedelta(days=1), closes_on__gte=utc_day - timedelta(days=1)
    ).select_related("challenge")
    return [checkpoint for checkpoint in candidates if checkpoint.is_open(challenge_today(checkpoint.challenge, now))]


def _requests_create(checkpoint: Checkpoint) -> None:
    """A request for each followed project without one yet; one created by another run is left as it is."""
    missing = followed_projects(checkpoint.challenge_id).exclude(follow_up_requests__checkpoint=checkpoint)
    FollowUpRequest.objects.bulk_create(
        [FollowUpRequest(checkpoint=checkpoint, project_id=pk) for pk in missing.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


def _claim(rows, pk: int, reminder: int, **changes) -> int:
    """Mark one request asked or reminded if no other run did, and then tell its team: 1 when this run won."""
    with transaction.atomic():
        if not rows.update(**changes):
            return 0
        transaction.on_commit(lambda: follow_up_tell_team.enqueue(pk, reminder))
    return 1
