"""Supporting proposals (the people's choice) and the supports ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from challenges.access import challenge_or_404
from challenges.selectors import challenge_with_phases
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from innovation_platform.core.views import safe_next
from proposals.access import proposal_or_404
from proposals.models import Proposal
from proposals.selectors.supports import supports_left, supports_ranking
from proposals.services.supports import proposal_support, proposal_unsupport

RANKING_PAGE_SIZE = 50


@login_required
@require_POST
def proposal_support_view(request, pk):
    proposal = proposal_or_404(request.user, pk)
    try:
        proposal_support(proposal=proposal, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        message = _("Thank you: you now support “%(title)s”.") % {"title": proposal.title}
        left = supports_left(proposal.challenge, request.user)
        if left is not None:
            message += " " + ngettext(
                "You can support %(left)s more proposal.", "You can support %(left)s more proposals.", left
            ) % {"left": left}
        messages.success(request, message)
    return redirect(_back_to(request, proposal))


@login_required
@require_POST
def proposal_unsupport_view(request, pk):
    proposal = proposal_or_404(request.user, pk)
    try:
        proposal_unsupport(proposal=proposal, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You no longer support “%(title)s”.") % {"title": proposal.title})
    return redirect(_back_to(request, proposal))


@require_GET
def supports_ranking_view(request, slug):
    """The challenge's proposals by supports: for its organizers, and for everyone when they
    publish it and the counts are visible."""
    challenge = challenge_or_404(request.user, slug, fetch=challenge_with_phases)
    if not can(request.user, "proposals.view_supports_ranking", challenge):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, "proposals.view_supports_ranking", challenge)
    page = paginate(request, supports_ranking(challenge), RANKING_PAGE_SIZE)
    return render(request, "proposals/supports/ranking.html", {"challenge": challenge, "page": page})


def _back_to(request, proposal: Proposal) -> str:
    """Where the button was pressed (the gallery or the proposal's page), if on this site."""
    return safe_next(request, proposal.get_absolute_url())
