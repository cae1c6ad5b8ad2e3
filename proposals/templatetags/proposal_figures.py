"""Key figures of a challenge's proposals, for the challenge's page.

The challenges app knows nothing of proposals: its templates load this library instead.
"""

from django import template
from django.utils import timezone

from challenges.models import Challenge, Visibility
from challenges.selectors import Status, challenge_status
from proposals.selectors import proposals as selectors

register = template.Library()


@register.simple_tag
def challenge_proposal_figures(challenge: Challenge) -> dict:
    """Proposals submitted, countries and regions of Peru they come from (cached counts)."""
    return selectors.challenge_proposal_figures(challenge)


@register.inclusion_tag("proposals/gallery_figures.html")
def challenge_proposal_key_figures(challenge: Challenge, phases=None) -> dict:
    """The figures as a small list, once the call has opened (or once a proposal is in it),
    with a link to the gallery when the challenge shows its proposals publicly.

    `phases` are the challenge's already loaded phases, when the page has them.
    """
    figures = selectors.challenge_proposal_figures(challenge)
    phases = list(challenge.phases.all() if phases is None else phases)
    opened = challenge_status(phases, now=timezone.now()) != Status.UPCOMING
    return {
        "challenge": challenge,
        "figures": figures,
        "shown": bool(figures["submitted"]) or opened,
        "gallery": challenge.proposals_public and challenge.visibility != Visibility.DRAFT,
    }
