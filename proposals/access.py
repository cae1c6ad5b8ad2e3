"""The one way views and the API load a proposal for someone: hidden (404) unless they may see it."""

from django.http import Http404

from innovation_platform.core.permissions import require_visible
from proposals.models import Proposal


def proposal_or_404(user, pk: int, action: str | None = None, *, fetch=None) -> Proposal:
    """The proposal if `user` may see it and, given an `action`, do it (see `proposal_visible_or_404`).

    `fetch` loads it by primary key with what the page needs (its challenge by default); an unknown or malformed
    key is a 404.
    """
    try:
        proposal = (fetch or _with_challenge)(pk)
    except (Proposal.DoesNotExist, ValueError):
        raise Http404 from None
    return proposal_visible_or_404(user, proposal, action)


def proposal_visible_or_404(user, proposal: Proposal, action: str | None = None) -> Proposal:
    """`proposal` (already loaded, say as a role's) if `user` may see it and, given an `action`, do it: 404 when
    they may not even see it (drafts reveal nothing), 403 when they see it but may not act."""
    require_visible(user, proposal, view="proposals.view_proposal", action=action)
    return proposal


def _with_challenge(pk: int) -> Proposal:
    return Proposal.objects.select_related("challenge").get(pk=pk)
