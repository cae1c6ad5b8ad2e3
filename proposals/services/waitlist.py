"""Moving the waitlist up when a selected proposal leaves the call."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from proposals.models import Proposal, ProposalStatus
from proposals.tasks import email_waitlist_promoted


@transaction.atomic
def waitlist_promote(*, challenge: Challenge, actor: User) -> Proposal:
    """Select the first proposal of the waitlist (lowest position) when a selected place is free.

    Audited on the proposal; its team is e-mailed after the commit.
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
    audit_log(proposal, "proposal.promoted_from_waitlist", actor=actor, position=position)
    transaction.on_commit(lambda: email_waitlist_promoted.enqueue(proposal.pk))
    return proposal
