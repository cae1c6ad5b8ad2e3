"""The people's choice: verified citizens support proposals while the timeline allows it."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from challenges.timeline import Action, ensure_allowed
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import can, has_verified_email
from proposals.models import Proposal, Support
from proposals.rules import is_team_member


def _ensure_supports_open(proposal: Proposal, *, now: datetime | None) -> None:
    if not proposal.challenge.supports_enabled:
        raise ApplicationError(_("This challenge does not collect supports."))
    ensure_allowed(proposal.challenge, Action.SUPPORT, now=now)


@transaction.atomic
def proposal_support(*, proposal: Proposal, user: User, now: datetime | None = None) -> Support:
    """Add the user's support to the proposal: once per person, within the challenge's limit.

    Concurrent requests of one person are serialised on their user row (SQLite's immediate
    transactions serialise them anyway), so both checks below hold under a double click.
    """
    _ensure_supports_open(proposal, now=now)
    if not can(user, "proposals.support_proposal", proposal):
        if not has_verified_email(user):
            raise ApplicationError(_("Verify your e-mail address to support proposals."))
        if is_team_member(user, proposal):
            raise ApplicationError(_("You cannot support a proposal of your own team."))
        raise ApplicationError(_("This proposal cannot be supported."))
    challenge = proposal.challenge
    User.objects.select_for_update().filter(pk=user.pk).first()
    if Support.objects.filter(proposal=proposal, user=user).exists():
        raise ApplicationError(_("You already support this proposal."))
    limit = challenge.supports_per_person
    if limit and Support.objects.filter(challenge=challenge, user=user).count() >= limit:
        raise ApplicationError(
            _("You have already used your %(limit)s supports in this challenge. Withdraw one to support this proposal.")
            % {"limit": limit}
        )
    support = Support.objects.create(proposal=proposal, challenge=challenge, user=user)
    audit_log(proposal, "support.added", actor=user)
    return support


@transaction.atomic
def proposal_unsupport(*, proposal: Proposal, user: User, now: datetime | None = None) -> None:
    """Withdraw the user's support, while supporting is still open."""
    _ensure_supports_open(proposal, now=now)
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise ApplicationError(_("You do not support this proposal."))
    audit_log(proposal, "support.withdrawn", actor=user)
