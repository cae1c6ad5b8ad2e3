"""The one way views and the API load a challenge for someone: a draft is unknown (404) to whoever may not see it."""

from django.http import Http404

from challenges.models import Challenge, Visibility
from challenges.selectors import challenge_with_lab
from innovation_platform.core.permissions import require_visible


def challenge_or_404(user, slug: str, action: str | None = None, *, fetch=None) -> Challenge:
    """The challenge if `user` may see it and, given an `action`, do it: 404 when it does not exist or they may
    not see it (drafts stay unknown to everyone but their team), 403 when they see it but may not act.

    `fetch` loads it by slug with what the page needs (its lab by default).
    """
    try:
        challenge = (fetch or challenge_with_lab)(slug)
    except Challenge.DoesNotExist:
        raise Http404 from None
    require_visible(user, challenge, view="challenges.view_challenge", action=action)
    return challenge


def public_challenge_or_404(slug: str) -> Challenge:
    """Any challenge but a draft, whoever asks: what proposals, teams and roles are made for (a draft takes
    none, even from its organizers)."""
    try:
        return Challenge.objects.exclude(visibility=Visibility.DRAFT).get(slug=slug)
    except Challenge.DoesNotExist:
        raise Http404 from None
