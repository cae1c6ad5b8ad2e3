"""Selection after a round: propose from the normalised ranking under the challenge's quotas, adjust by hand,
confirm (proposal statuses change and teams are told)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.page_cache import challenge_scope, pages_changed
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from judging.models import Assignment, AssignmentStatus, Decision, Round, RoundMethod, SelectionDecision
from judging.selection import Candidate, Quota, QuotaKind, Selection, select
from judging.selectors.results import round_results, selection_confirmed
from judging.snapshots import decisions_changed
from judging.tasks import email_selection_decision
from proposals.models import LEFT_THE_CALL, Proposal, ProposalMember, ProposalStatus
from proposals.signals import proposals_selected

PROPOSAL_STATUS = {
    Decision.SELECTED: ProposalStatus.SELECTED,
    Decision.WAITLISTED: ProposalStatus.WAITLISTED,
    Decision.NOT_SELECTED: ProposalStatus.NOT_SELECTED,
}


def lock_unconfirmed(round_: Round) -> None:
    """Lock the round for a change to its selection; refused once that selection is confirmed."""
    Round.objects.select_for_update().filter(pk=round_.pk).first()
    if selection_confirmed(round_):
        raise ApplicationError(_("The selection of this round is already confirmed."))


def decisions_replace(
    *, round_: Round, actor: User, ranking: list[Candidate], ranks: dict[int, int], count: int, waitlist: int
) -> tuple[Selection, list[SelectionDecision]]:
    """Replace the round's pending decisions with `select` run over `ranking` (best first) under the challenge's
    quotas: selected, waitlisted (numbered 1, 2, …) and not selected, each with its rank from `ranks`.

    For a caller that has taken `lock_unconfirmed`; returns the selection's report and the new decisions.
    """
    quotas = [Quota(QuotaKind(quota.kind), quota.count, quota.region) for quota in round_.challenge.quotas.all()]
    result = select(ranking, count=count, waitlist=waitlist, quotas=quotas)
    decisions = [SelectionDecision(proposal_id=pk, decision=Decision.SELECTED) for pk in result.selected]
    decisions += [
        SelectionDecision(proposal_id=pk, decision=Decision.WAITLISTED, waitlist_position=position)
        for position, pk in enumerate(result.waitlist, start=1)
    ]
    decisions += [SelectionDecision(proposal_id=pk, decision=Decision.NOT_SELECTED) for pk in result.not_selected]
    for decision in decisions:
        decision.round = round_
        decision.rank = ranks[decision.proposal_id]
        decision.decided_by = actor
    SelectionDecision.objects.filter(round=round_).delete()
    decisions_changed(round_.pk)
    return result, SelectionDecision.objects.bulk_create(decisions)


@transaction.atomic
def selection_propose(
    *, round_: Round, actor: User, count: int | None = None, waitlist: int | None = None
) -> list[SelectionDecision]:
    """Replace the round's pending decisions with the top `count` of the normalised ranking under the challenge's
    quotas, the next `waitlist` on the waitlist, and the rest not selected (see `judging.selection.select`).

    Audited on the round with the selection's report (quotas met or lowered, proposals displaced or admitted by a
    quota), which the results page and the record show. Withdrawn proposals take no part.
    """
    lock_unconfirmed(round_)
    if round_.method == RoundMethod.PAIRWISE:
        raise ApplicationError(_("A pairwise round is shortlisted from its expo board."))
    challenge = round_.challenge
    count = challenge.selection_count if count is None else count
    waitlist = challenge.waitlist_size if waitlist is None else waitlist
    if count < 1 or waitlist < 0:
        raise ApplicationError(_("Select at least one proposal, and a waitlist of zero or more."), field="count")
    outcome = round_results(round_)
    ranking = [row for row in outcome.rows if row.status not in LEFT_THE_CALL]
    if not ranking:
        raise ApplicationError(_("No proposal has a submitted review yet: there is nothing to rank."))
    result, created = decisions_replace(
        round_=round_,
        actor=actor,
        ranking=[Candidate(row.proposal_id, row.country, row.region) for row in ranking],
        ranks={row.proposal_id: row.result.normalised_rank.position for row in ranking},
        count=count,
        waitlist=waitlist,
    )
    audit_log(
        round_,
        "round.selection_proposed",
        actor=actor,
        count=count,
        waitlist=waitlist,
        selected=list(result.selected),
        waitlisted=list(result.waitlist),
        unfilled=result.unfilled,
        quotas=[
            {
                "kind": str(report.quota.kind),
                "count": report.quota.count,
                "region": report.quota.region,
                "target": report.target,
                "plain": report.plain,
                "selected": report.selected,
                "shortfall": report.shortfall and str(report.shortfall),
            }
            for report in result.quotas
        ],
        displaced=[_change(change) for change in result.displaced],
        admitted=[_change(change) for change in result.admitted],
    )
    return created


def _change(change) -> dict:
    return {"proposal_id": change.proposal_id, "quotas": [str(quota.kind) for quota in change.quotas]}


@transaction.atomic
def selection_decide(
    *,
    decision: SelectionDecision,
    actor: User,
    choice: str,
    reason: str,
    feedback: str | None = None,
    waitlist_position: int | None = None,
) -> SelectionDecision:
    """Change one pending decision by hand, with a reason; the waitlist is renumbered 1, 2, … keeping its order
    (a proposal moved onto it goes to `waitlist_position`, or to the end). Audited on the round."""
    Round.objects.select_for_update().filter(pk=decision.round_id).first()
    decision.refresh_from_db()
    if decision.confirmed_at is not None:
        raise ApplicationError(_("This decision is confirmed and can no longer change."))
    if choice not in Decision.values:
        raise ApplicationError(_("Choose selected, waitlist or not selected."), field="decision")
    if not reason.strip():
        raise ApplicationError(
            _("Say why the decision changes: the reason goes into the selection record."), field="reason"
        )
    old = decision.decision
    old_position = decision.waitlist_position
    decision.decision = choice
    decision.decided_by = actor
    if feedback is not None:
        decision.feedback = feedback
    decision.waitlist_position = None
    decision.save()
    if choice == Decision.WAITLISTED:
        _renumber_waitlist(decision, waitlist_position)
    else:
        _renumber_waitlist(None, None, round_id=decision.round_id)
    decisions_changed(decision.round_id)
    decision.refresh_from_db()
    audit_log(
        decision.round,
        "round.selection_changed",
        actor=actor,
        proposal_id=decision.proposal_id,
        old=old,
        new=choice,
        old_waitlist_position=old_position,
        waitlist_position=decision.waitlist_position,
        reason=reason.strip(),
    )
    return decision


# Called by the name makemessages looks for (an alias such as `_lazy` would keep them out of the catalogue).
SELECTION_TITLES = {
    Decision.SELECTED: gettext_lazy("“%(title)s” is selected"),
    Decision.WAITLISTED: gettext_lazy("“%(title)s” is on the waitlist"),
    Decision.NOT_SELECTED: gettext_lazy("“%(title)s” was not selected"),
}


def _notify_teams(decisions: list[SelectionDecision]) -> None:
    """Every member of every decided team, in one insert, each title in the member's language (not the language
    of the organizer who confirmed)."""
    decided = {decision.proposal_id: decision for decision in decisions}
    members = ProposalMember.objects.filter(proposal_id__in=decided).values_list(
        "proposal_id", "user_id", "user__language"
    )
    notifications = []
    for proposal_id, user_id, language in members:
        decision = decided[proposal_id]
        with translation.override(language):
            title = SELECTION_TITLES[decision.decision] % {"title": decision.proposal.title}
        notifications.append(
            Notification(
                user_id=user_id,
                kind=NotificationKind.SELECTION_RESULT,
                title=title,
                url=reverse("proposals:detail", kwargs={"pk": proposal_id}),
            )
        )
    notify_many(notifications)


def _renumber_waitlist(moved: SelectionDecision | None, position: int | None, *, round_id: int | None = None) -> None:
    round_id = moved.round_id if moved else round_id
    others = list(
        SelectionDecision.objects.filter(round_id=round_id, decision=Decision.WAITLISTED)
        .exclude(pk=moved.pk if moved else None)
        .order_by("waitlist_position", "rank", "pk")
    )
    if moved is not None:
        index = len(others) if position is None else max(0, min(position - 1, len(others)))
        others.insert(index, moved)
    for number, decision in enumerate(others, start=1):
        decision.waitlist_position = number
    SelectionDecision.objects.bulk_update(others, ["waitlist_position"])


def missing_reviews(round_: Round) -> int:
    return Assignment.objects.filter(round=round_, status=AssignmentStatus.ASSIGNED).count()


@transaction.atomic
def selection_confirm(*, round_: Round, actor: User, despite_missing: bool = False, now=None) -> int:
    """Apply the round's pending decisions: each proposal's status (and waitlist position) changes, the decisions
    are stamped confirmed, everything is audited, and every team is e-mailed its decision after the commit.

    Refused with no decisions, when already confirmed, when a decided proposal left the call since (withdrawn or
    dropped out), and while reviews are missing unless `despite_missing`.
    Returns how many proposals were decided.
    """
    now = now or timezone.now()
    lock_unconfirmed(round_)
    decisions = list(SelectionDecision.objects.filter(round=round_).select_related("proposal"))
    if not decisions:
        raise ApplicationError(_("Propose a selection first: there are no decisions to confirm."))
    left = [decision.proposal.title for decision in decisions if decision.proposal.status in LEFT_THE_CALL]
    if left:
        raise ApplicationError(
            _("“%(title)s” was withdrawn after the selection was proposed: propose it again.") % {"title": left[0]}
        )
    missing = missing_reviews(round_)
    if missing and not despite_missing:
        raise ApplicationError(
            _("%(count)s reviews are missing. Confirm anyway, or wait for the jurors to finish.") % {"count": missing},
            field="despite_missing",
        )
    proposals = []
    for decision in decisions:
        proposal = decision.proposal
        proposal.status = PROPOSAL_STATUS[decision.decision]
        proposal.waitlist_position = decision.waitlist_position
        proposal.updated_at = now
        proposals.append(proposal)
        audit_log(
            proposal,
            "proposal.selection_decided",
            actor=actor,
            round_id=round_.pk,
            decision=decision.decision,
            rank=decision.rank,
            waitlist_position=decision.waitlist_position,
        )
    Proposal.objects.bulk_update(proposals, ["status", "waitlist_position", "updated_at"])
    pages_changed(challenge_scope(round_.challenge_id))  # bulk_update sends no signal: the gallery shows statuses
    if selected := [proposal.pk for proposal in proposals if proposal.status == ProposalStatus.SELECTED]:
        proposals_selected.send(sender=Proposal, proposal_ids=selected)
    SelectionDecision.objects.filter(pk__in=[decision.pk for decision in decisions]).update(confirmed_at=now)
    decisions_changed(round_.pk)
    counts = {choice: sum(d.decision == choice for d in decisions) for choice in Decision.values}
    audit_log(round_, "round.selection_confirmed", actor=actor, missing_reviews=missing, **counts)
    _notify_teams(decisions)
    ids = [decision.pk for decision in decisions]
    transaction.on_commit(lambda: [email_selection_decision.enqueue(pk) for pk in ids])
    return len(decisions)
