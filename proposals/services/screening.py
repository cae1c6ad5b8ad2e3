"""Screening (admissibility): between the call closing and the jury, organizers mark each proposal in the
call eligible or not, with a reason. An ineligible proposal leaves the jury's scope; its team is told why."""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log, audit_log_many
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.page_cache import challenge_scope, pages_changed, versions_changed
from proposals.models import IN_THE_CALL, Eligibility, Proposal, ProposalStatus
from proposals.page_versions import call_list_scope
from proposals.selectors.proposals import appeal_deadline
from proposals.tasks import tell_organizers_appealed, tell_teams_ineligible

# Notifications and e-mails to teams are handed to the task queue this many proposals at a time.
TELL_BATCH = 200


def proposals_screen(
    *,
    challenge: Challenge,
    proposals: QuerySet[Proposal],
    actor: User,
    eligibility: str,
    reason: str = "",
    now: datetime | None = None,
) -> int:
    """Record the organizers' decision on the call's proposals among `proposals`; return how many changed.

    Only proposals in the call are screened (drafts and withdrawn ones are left as they are). A proposal
    already holding the same decision and reason is not touched again, so repeating a bulk action changes
    nothing and tells nobody twice. Every change is audited; teams declared ineligible are told, with the
    reason, in their language, after the commit and in the background (a call of 10,000 proposals does not
    hold the organizer's request).
    """
    if eligibility not in Eligibility.values:
        raise ApplicationError(_("Choose eligible, not eligible or not screened yet."))
    reason = reason.strip()
    if eligibility == Eligibility.INELIGIBLE and not reason:
        raise ApplicationError(_("Say why the proposals are not eligible: their teams will read it."), field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        changing = (
            proposals.filter(challenge=challenge, status__in=IN_THE_CALL)
            # Unchanged decisions are skipped, unless the team appealed since: deciding again answers it.
            .exclude(Q(eligibility=eligibility, eligibility_reason=reason) & ~Q(appealed_at__gt=F("screened_at")))
            .select_for_update()
        )
        ids = list(changing.values_list("pk", flat=True))
        if not ids:
            return 0
        Proposal.objects.filter(pk__in=ids).update(
            eligibility=eligibility, eligibility_reason=reason, screened_at=now, screened_by=actor, updated_at=now
        )
        # update() sends no signal; no public page shows eligibility, the organizers' list filters by it
        versions_changed(call_list_scope(challenge.pk))
        audit_log_many(Proposal, ids, "proposal.screened", actor=actor, eligibility=eligibility, reason=reason)
        if eligibility == Eligibility.INELIGIBLE:
            for start in range(0, len(ids), TELL_BATCH):
                batch = ids[start : start + TELL_BATCH]
                transaction.on_commit(lambda batch=batch: tell_teams_ineligible.enqueue(batch))
    return len(ids)


def proposals_shortlist(*, challenge: Challenge, proposals: QuerySet[Proposal], actor: User) -> int:
    """Shortlist the submitted, eligible or not yet screened proposals among `proposals`; return how many.

    Shortlisting is the organizers' working decision before the final round: teams are not told (the
    selection tells them); a round of scope "shortlist" judges them.
    """
    with transaction.atomic():
        ids = list(
            proposals.filter(challenge=challenge, status=ProposalStatus.SUBMITTED)
            .exclude(eligibility=Eligibility.INELIGIBLE)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Proposal.objects.filter(pk__in=ids).update(status=ProposalStatus.SHORTLISTED, updated_at=timezone.now())
        pages_changed(challenge_scope(challenge.pk))  # update() sends no signal: the gallery shows statuses
        audit_log_many(Proposal, ids, "proposal.shortlisted", actor=actor)
    return len(ids)


@transaction.atomic
def proposal_appeal(*, proposal: Proposal, actor: User, text: str, now: datetime | None = None) -> Proposal:
    """The team's one answer to the organizers' finding that its proposal is not eligible, within the call's
    appeal window. The organizers then decide again on the proposal's page (that decision is audited too).

    Side effects: an audit entry "proposal.appealed"; after the commit, an e-mail and a notification to each of
    the call's organizers."""
    now = now or timezone.now()
    locked = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    if locked.appealed_at is not None:
        raise ApplicationError(_("Your team has already answered: the organizers will decide."))
    deadline = appeal_deadline(locked)
    if deadline is None:
        raise ApplicationError(_("This proposal has no ineligibility to appeal."))
    if now > deadline:
        raise ApplicationError(_("The time to appeal has passed."))
    text = text.strip()
    if not text:
        raise ApplicationError(_("Say why the proposal meets the rules of the call."), field="text")
    locked.appeal, locked.appealed_at = text, now
    locked.save(update_fields=["appeal", "appealed_at", "updated_at"])
    audit_log(locked, "proposal.appealed", actor=actor)
    transaction.on_commit(lambda: tell_organizers_appealed.enqueue(locked.pk))
    return locked
