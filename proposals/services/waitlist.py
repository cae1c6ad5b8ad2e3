"""A selected team leaving the call, and the waitlist moving up into the place it frees."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from proposals import events
from proposals.models import Proposal, ProposalStatus
from proposals.selectors.proposals import challenge_proposal_counts
from proposals.signals import proposal_dropped_out, proposals_selected
from proposals.tasks import tell_team_dropped_out, tell_team_promoted

MAX_DROPOUT_REASON = 2000


@transaction.atomic
def waitlist_promote(*, challenge: Challenge, actor: User) -> Proposal:
    """Select the first proposal of the waitlist (lowest position) when a selected place is free.

    Audited on the proposal; its team is e-mailed and notified after the commit.
    """
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()  # one promotion at a time
    selected = Proposal.objects.filter(challenge=challenge, status=ProposalStatus.SELECTED).count()
    if selected >= challenge.selection_count:
        raise ApplicationError(
            _("All %(places)s selected places are taken: nothing to promote.") % {"places": challenge.selection_count}
        )
    proposal = (
        Proposal.objects.filter(challenge=challenge, status=ProposalStatus.WAITLISTED)
        .order_by(F("waitlist_position").asc(nulls_last=True), "pk")
        .first()
    )
    if proposal is None:
        raise ApplicationError(_("The waitlist is empty."))
    position = proposal.waitlist_position
    proposal.status = ProposalStatus.SELECTED
    proposal.waitlist_position = None
    proposal.save(update_fields=["status", "waitlist_position", "updated_at"])
    proposals_selected.send(sender=Proposal, proposal_ids=[proposal.pk])
    audit_log(proposal, "proposal.promoted_from_waitlist", actor=actor, position=position)
    transaction.on_commit(lambda: tell_team_promoted.enqueue(proposal.pk))
    return proposal


@transaction.atomic
def proposal_drop_out(
    *, proposal: Proposal, actor: User, reason: str, promote_next: bool, now: datetime | None = None
) -> Proposal | None:
    """Record, with the organizers' reason, that a selected team leaves the call (before or during the lab): the
    proposal is dropped out and its selected place is free. With `promote_next`, the first of the waitlist takes the
    place in the same transaction (`waitlist_promote`); an empty waitlist leaves the place free.

    Returns the promoted proposal, if any. Audited on the proposal (the promotion on the promoted one); after the
    commit the team is e-mailed and notified in each member's language, and so is a promoted team. Refused, with
    nothing changed, unless the proposal is selected (a second submission of the same drop-out is refused so) and
    without a reason.
    """
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the team drops out: the reason is kept in its history."), field="reason")
    if len(reason) > MAX_DROPOUT_REASON:
        raise ApplicationError(
            _("Keep the reason within %(count)s characters.") % {"count": MAX_DROPOUT_REASON}, field="reason"
        )
    # The challenge first, as a promotion takes it: places are counted one change at a time.
    Challenge.objects.select_for_update().filter(pk=proposal.challenge_id).first()
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.SELECTED:
        raise ApplicationError(
            _("Only a selected proposal can drop out, and “%(title)s” is not selected now.") % {"title": locked.title}
        )
    locked.status = ProposalStatus.DROPPED_OUT
    locked.dropped_out_at = now or timezone.now()
    locked.dropout_reason = reason
    locked.save(update_fields=["status", "dropped_out_at", "dropout_reason", "updated_at"])
    proposal_dropped_out.send(
        sender=Proposal, proposal_id=locked.pk, actor=actor, reason=reason, when=locked.dropped_out_at
    )
    waiting = Proposal.objects.filter(challenge_id=locked.challenge_id, status=ProposalStatus.WAITLISTED)
    promoted = waitlist_promote(challenge=locked.challenge, actor=actor) if promote_next and waiting.exists() else None
    audit_log(locked, "proposal.dropped_out", actor=actor, reason=reason, promoted=promoted and promoted.pk)
    # It left the call like a withdrawn proposal: the challenge's public figures count one fewer.
    events.proposals_counters(locked.challenge_id, lambda: challenge_proposal_counts(locked.challenge))
    transaction.on_commit(lambda: tell_team_dropped_out.enqueue(locked.pk))
    for name in ("status", "dropped_out_at", "dropout_reason"):
        setattr(proposal, name, getattr(locked, name))
    return promoted
