"""What the answer part of every invitation's page (includes/invitation_answer.html) needs."""

from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import owns_verified_address
from innovation_platform.core.invitations.models import InvitationBase
from innovation_platform.core.invitations.services import invitation_closed_reason
from innovation_platform.core.permissions import can


def invitation_answer_context(invitation: InvitationBase, user: User, *, permission: str) -> dict:
    """The page warns before an answer the service would refuse: a closed invitation, another address."""
    return {
        "closed": invitation_closed_reason(invitation),
        "can_answer": can(user, permission),
        "wrong_address": bool(
            user.is_authenticated and invitation.email and not owns_verified_address(user, invitation.email)
        ),
    }
