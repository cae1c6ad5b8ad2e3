"""Who reviews what: the round's assignment action around the pure algorithm, manual adjustments, the release of a
revoked juror's reviews and recusal with automatic reassignment. Every change is audited."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging import assignment as algorithm
from judging import events
from judging.models import Assignment, AssignmentStatus, Conflict, ConflictKind, Juror, JurorStatus, Round
from judging.selectors.conflicts import conflicted_pairs
from judging.selectors.rounds import proposals_in_scope
from judging.services.conflicts import conflicts_refresh
from judging.snapshots import round_changed
from proposals.models import Proposal, TaggedProposal


@dataclass
class AssignmentReport:
    """What an assignment action did, and each requirement it could not meet, in words for the organizers."""

    created: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def _juror_name(juror: Juror) -> str:
    return juror.user.full_name if juror.user_id and juror.user.full_name else juror.email


def _proposal_name(proposal: Proposal) -> str:
    return proposal.reference or proposal.title


SHOWN_REFERENCES = 10


def _references(proposal_ids: list[int], proposals: dict[int, Proposal]) -> str:
    names = [_proposal_name(proposals[pk]) for pk in proposal_ids[:SHOWN_REFERENCES]]
    rest = len(proposal_ids) - len(names)
    listed = ", ".join(names)
    return listed if not rest else _("%(listed)s and %(count)s more") % {"listed": listed, "count": rest}


def _capacity_summary(problem: algorithm.Problem, round_: Round, proposals: dict, jurors: dict[int, Juror]) -> str:
    """The real cause when the jurors cannot give enough reviews, with the two ways out in numbers."""
    load = max(round(sum(juror.max_load for juror in jurors.values()) / len(jurors)), 1) if jurors else 1
    more = -(-(problem.needed - problem.got) // load)  # ceiling
    k_max = min(
        sum(juror.max_load for juror in jurors.values()) // max(len(proposals), 1), round_.reviews_per_proposal - 1
    )
    values = {"room": problem.got, "needed": problem.needed, "k": round_.reviews_per_proposal, "more": more}
    values |= {"load": load, "k_max": k_max}
    short = ngettext(
        "The jurors have room for %(room)s more review, but the proposals need %(needed)s more (%(k)s each).",
        "The jurors have room for %(room)s more reviews, but the proposals need %(needed)s more (%(k)s each).",
        problem.got,
    )
    if k_max >= 1:
        way_out = ngettext(
            "Invite %(more)s more juror with a maximum load of %(load)s, or lower the reviews per proposal to "
            "%(k_max)s.",
            "Invite %(more)s more jurors with a maximum load of %(load)s, or lower the reviews per proposal to "
            "%(k_max)s.",
            more,
        )
    else:
        way_out = ngettext(
            "Invite %(more)s more juror with a maximum load of %(load)s.",
            "Invite %(more)s more jurors with a maximum load of %(load)s.",
            more,
        )
    return f"{short % values} {way_out % values}"


def _problems_summary(
    problems: list[algorithm.Problem],
    round_: Round,
    proposals: dict[int, Proposal],
    jurors: dict[int, Juror],
    *,
    kept: set[tuple[int, int]] = frozenset(),
) -> list[str]:
    """What the assignment could not do, one line per cause rather than one per proposal: proposals short of
    reviews are listed under the cause they share, and when the jurors' total room is short, that alone is said."""
    code = algorithm.ProblemCode
    by_code: dict[str, list[algorithm.Problem]] = {}
    for problem in problems:
        by_code.setdefault(problem.code, []).append(problem)
    k = round_.reviews_per_proposal
    lines = []
    if total := by_code.get(code.TOTAL_CAPACITY_SHORT):
        lines.append(_capacity_summary(total[0], round_, proposals, jurors))
    if few := by_code.get(code.TOO_FEW_ELIGIBLE_JURORS):
        lines.append(
            ngettext(
                "%(count)s proposal has fewer than %(k)s jurors without a conflict of interest: %(references)s. "
                "Invite jurors without these conflicts, or lower the reviews per proposal.",
                "%(count)s proposals have fewer than %(k)s jurors without a conflict of interest: %(references)s. "
                "Invite jurors without these conflicts, or lower the reviews per proposal.",
                len(few),
            )
            % {"count": len(few), "k": k, "references": _references([p.proposal_id for p in few], proposals)}
        )
    if (full := by_code.get(code.NO_CAPACITY)) and not total:
        lines.append(
            ngettext(
                "%(count)s proposal is short of reviews because the jurors who may review it are full: "
                "%(references)s. Raise their maximum load or invite more jurors.",
                "%(count)s proposals are short of reviews because the jurors who may review them are full: "
                "%(references)s. Raise their maximum load or invite more jurors.",
                len(full),
            )
            % {"count": len(full), "references": _references([p.proposal_id for p in full], proposals)}
        )
    for problem in problems:  # about one juror each: few, and each needs its own decision
        name = _juror_name(jurors[problem.juror_id]) if problem.juror_id is not None else ""
        values = {"juror": name, "needed": problem.needed, "got": problem.got}
        if problem.proposal_id is not None:
            values["proposal"] = _proposal_name(proposals[problem.proposal_id])
        if problem.code == code.CALIBRATION_JUROR_FULL:
            lines.append(_("%(juror)s is full and could not take the calibration proposal %(proposal)s.") % values)
        elif problem.code == code.EXISTING_CONFLICT:
            message = (
                _(
                    "%(juror)s was assigned %(proposal)s, which is now a conflict of interest, and has already "
                    "scored it: decide whether to remove the review."
                )
                if (problem.juror_id, problem.proposal_id) in kept
                else _(
                    "%(juror)s was assigned %(proposal)s, which is now a conflict of interest: the review was removed."
                )
            )
            lines.append(message % values)
        elif problem.code == code.JUROR_OVER_CAPACITY:
            lines.append(
                _("%(juror)s already has %(got)s reviews, more than their maximum load of %(needed)s.") % values
            )
    return lines


def _algorithm_jurors(jurors: list[Juror], *, room: dict[int, int] | None = None) -> list[algorithm.Juror]:
    return [
        algorithm.Juror(
            id=juror.pk,
            max_load=juror.max_load if room is None else room[juror.pk],
            expertise=frozenset(tag.lower() for tag in juror.expertise),
        )
        for juror in jurors
    ]


def _categories(proposal_ids: list[int]) -> dict[int, frozenset[str]]:
    tags: dict[int, set[str]] = {pk: set() for pk in proposal_ids}
    rows = TaggedProposal.objects.filter(content_object_id__in=proposal_ids).values_list(
        "content_object_id", "tag__name"
    )
    for proposal_id, name in rows:
        tags[proposal_id].add(name.lower())
    return {pk: frozenset(names) for pk, names in tags.items()}


def _active_jurors(round_: Round) -> list[Juror]:
    return list(round_.jurors.filter(status=JurorStatus.ACTIVE).select_related("user"))


@transaction.atomic
def round_assign(*, round_: Round, actor: User, calibration: frozenset[int] = frozenset()) -> AssignmentReport:
    """Give every proposal in scope k reviewers: balanced, conflict-free, expertise preferred, deterministic for the
    round's seed. Existing assignments are kept; recusals are never given back; an existing unscored assignment
    that became a conflict is removed. Audited once on the round with the counts.

    `calibration` names proposals every juror reviews (added to those already calibrating), so normalisation
    compares jurors on common ground."""
    round_ = Round.objects.select_for_update().select_related("challenge").get(pk=round_.pk)
    proposals = {p.pk: p for p in proposals_in_scope(round_).select_related("challenge")}
    jurors = {juror.pk: juror for juror in _active_jurors(round_)}
    categories = _categories(list(proposals))
    current = list(
        Assignment.objects.filter(round=round_, juror_id__in=jurors, proposal_id__in=proposals).values_list(
            "pk", "juror_id", "proposal_id", "status", "is_calibration"
        )
    )
    existing = {(j, p): pk for pk, j, p, status, _calibration in current if status != AssignmentStatus.RECUSED}
    recused = {(j, p) for _pk, j, p, status, _calibration in current if status == AssignmentStatus.RECUSED}
    calibration = {p for _pk, _j, p, _status, is_calibration in current if is_calibration} | (
        set(calibration) & set(proposals)
    )
    result = algorithm.assign(
        [algorithm.Proposal(id=pk, categories=categories[pk]) for pk in proposals],
        _algorithm_jurors(list(jurors.values())),
        k=round_.reviews_per_proposal,
        conflicts=conflicts_refresh(round_),
        excluded=recused,
        existing=set(existing),
        calibration=calibration,
        seed=round_.seed,
    )
    stale = {
        existing[(problem.juror_id, problem.proposal_id)]
        for problem in result.problems
        if problem.code == algorithm.ProblemCode.EXISTING_CONFLICT
    }
    # A conflicted review already scored stays for the organizers to judge; an unscored one goes.
    scored = set(Assignment.objects.filter(pk__in=stale, scores__isnull=False).values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=stale - scored).delete()
    Assignment.objects.bulk_create(
        [Assignment(round=round_, juror_id=j, proposal_id=p, is_calibration=p in calibration) for j, p in result.pairs]
    )
    Assignment.objects.filter(round=round_, proposal_id__in=calibration, is_calibration=False).update(
        is_calibration=True
    )
    round_changed(round_.pk)
    report = AssignmentReport(
        created=len(result.pairs),
        removed=len(stale - scored),
        problems=_problems_summary(
            result.problems,
            round_,
            proposals,
            jurors,
            kept={pair for pair, pk in existing.items() if pk in scored},
        ),
    )
    audit_log(
        round_,
        "round.assigned",
        actor=actor,
        created=report.created,
        removed=report.removed,
        proposals=len(proposals),
        jurors=len(jurors),
        problems=len(result.problems),
        calibration=sorted(calibration),
        seed=round_.seed,
    )
    return report


def _load(juror: Juror) -> int:
    return juror.assignments.exclude(status=AssignmentStatus.RECUSED).count()


@transaction.atomic
def assignment_add(
    *, round_: Round, juror: Juror, proposal: Proposal, actor: User, over_load: bool = False
) -> Assignment:
    """Give one proposal to one juror by hand. Refuses conflicts, duplicates, proposals out of scope and, unless
    `over_load` confirms it, a juror already at their maximum load."""
    juror = Juror.objects.select_for_update(of=("self",)).select_related("user").get(pk=juror.pk)
    if juror.round_id != round_.pk or juror.status != JurorStatus.ACTIVE:
        raise ApplicationError(_("This person is not an active juror of the round."), field="juror")
    if not proposals_in_scope(round_).filter(pk=proposal.pk).exists():
        raise ApplicationError(_("This proposal is not judged in this round."), field="proposal")
    if conflicted_pairs(round_, proposal_ids=[proposal.pk], juror_ids=[juror.pk]):
        raise ApplicationError(
            _("%(juror)s has a conflict of interest with this proposal.") % {"juror": _juror_name(juror)},
            field="proposal",
        )
    if Assignment.objects.filter(juror=juror, proposal=proposal).exists():
        raise ApplicationError(
            _("%(juror)s already has this proposal (or recused from it).") % {"juror": _juror_name(juror)},
            field="proposal",
        )
    load = _load(juror)
    if load >= juror.max_load and not over_load:
        raise ApplicationError(
            _("%(juror)s already has %(load)s reviews, their maximum. Confirm to assign one more anyway.")
            % {"juror": _juror_name(juror), "load": load},
            field="over_load",
        )
    assignment = Assignment.objects.create(round=round_, juror=juror, proposal=proposal)
    round_changed(round_.pk)
    audit_log(
        round_,
        "round.assignment_added",
        actor=actor,
        juror=juror.pk,
        proposal=proposal.pk,
        over_load=load >= juror.max_load,
    )
    events.judging_progress(round_)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor: User) -> None:
    """Take a review away from its juror by hand, only while it has no scores (scores are never thrown away)."""
    assignment = Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    if assignment.scores.exists():
        raise ApplicationError(_("This review already has scores: it cannot be removed."))
    audit_log(
        assignment.round,
        "round.assignment_removed",
        actor=actor,
        juror=assignment.juror_id,
        proposal=assignment.proposal_id,
        status=assignment.status,
    )
    assignment.delete()
    round_changed(assignment.round_id)
    events.judging_progress(assignment.round)


@transaction.atomic
def assignments_release(*, juror: Juror, actor: User) -> int:
    """Free the reviews a revoked juror had not scored, so the next assignment gives them to others; returns how
    many. Scored reviews stay on record."""
    released = list(
        Assignment.objects.filter(juror=juror, status=AssignmentStatus.ASSIGNED, scores__isnull=True).values_list(
            "pk", flat=True
        )
    )
    Assignment.objects.filter(pk__in=released).delete()
    round_changed(juror.round_id)
    count = len(released)
    audit_log(juror.round, "round.assignments_released", actor=actor, juror=juror.pk, released=count)
    return count


@transaction.atomic
def assignment_recuse(
    *, assignment: Assignment, juror_user: User, reason: str, now: datetime | None = None
) -> AssignmentReport:
    """A juror steps back from a proposal, giving a reason: the conflict is declared, the review marked recused,
    and the proposal goes to another juror to keep k reviews (the report says when no juror can take it)."""
    now = now or timezone.now()
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round__challenge", "juror__user", "proposal__challenge")
        .get(pk=assignment.pk)
    )
    round_ = assignment.round
    if assignment.juror.user_id != juror_user.pk or assignment.juror.status != JurorStatus.ACTIVE:
        raise ApplicationError(_("This review is not assigned to you."))
    if assignment.status == AssignmentStatus.RECUSED:
        raise ApplicationError(_("You have already recused yourself from this proposal."))
    if now >= round_.ends_at:
        raise ApplicationError(_("The round has closed: recusals are no longer possible."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            _("Say why you recuse yourself: the organizers must be able to explain it."), field="reason"
        )
    Conflict.objects.update_or_create(
        juror=assignment.juror,
        proposal=assignment.proposal,
        defaults={"kind": ConflictKind.DECLARED, "reason": reason},
    )
    assignment.status = AssignmentStatus.RECUSED
    assignment.recusal_reason = reason
    assignment.save(update_fields=["status", "recusal_reason"])
    audit_log(assignment, "review.recused", actor=juror_user, reason=reason)
    report = _reassign(round_, assignment.proposal, actor=juror_user)
    round_changed(round_.pk)
    events.judging_progress(round_)
    return report


def _reassign(round_: Round, proposal: Proposal, *, actor: User) -> AssignmentReport:
    """Top the proposal up to k reviews. Only this proposal is placed: each juror offers the room left by their
    other reviews, so loads elsewhere are never disturbed."""
    jurors = {juror.pk: juror for juror in _active_jurors(round_)}
    rows = list(
        Assignment.objects.filter(round=round_, juror_id__in=jurors).values_list("juror_id", "proposal_id", "status")
    )
    load_elsewhere = dict.fromkeys(jurors, 0)
    for juror_id, proposal_id, status in rows:
        if proposal_id != proposal.pk and status != AssignmentStatus.RECUSED:
            load_elsewhere[juror_id] += 1
    here = [(j, status) for j, p, status in rows if p == proposal.pk]
    result = algorithm.assign(
        [algorithm.Proposal(id=proposal.pk, categories=_categories([proposal.pk])[proposal.pk])],
        _algorithm_jurors(
            list(jurors.values()), room={pk: max(j.max_load - load_elsewhere[pk], 0) for pk, j in jurors.items()}
        ),
        k=round_.reviews_per_proposal,
        conflicts=conflicted_pairs(round_, proposal_ids=[proposal.pk]),
        excluded={(j, proposal.pk) for j, status in here if status == AssignmentStatus.RECUSED},
        existing={(j, proposal.pk) for j, status in here if status != AssignmentStatus.RECUSED},
        seed=round_.seed,
    )
    Assignment.objects.bulk_create([Assignment(round=round_, juror_id=j, proposal_id=p) for j, p in result.pairs])
    problems = [problem for problem in result.problems if problem.code != algorithm.ProblemCode.EXISTING_CONFLICT]
    audit_log(
        round_,
        "round.reassigned",
        actor=actor,
        proposal=proposal.pk,
        jurors=[j for j, _p in result.pairs],
        problems=len(problems),
    )
    return AssignmentReport(
        created=len(result.pairs),
        problems=_problems_summary(problems, round_, {proposal.pk: proposal}, jurors),
    )
