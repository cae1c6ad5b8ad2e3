"""The "similar proposals" panel of the pages where a proposal is started or written."""

from django import template

from challenges.models import Challenge, Visibility
from proposals.selectors.similar import similar_proposals

register = template.Library()


@register.inclusion_tag("proposals/similar/panel.html")
def similar_proposals_panel(challenge: Challenge, title: str = "", summary: str = "", exclude: int | None = None):
    """Rendered with the saved (or submitted) title and summary, so it works without JavaScript;
    similar.js refreshes it while people type. Absent when the challenge shows no proposals."""
    shown = challenge.proposals_public and challenge.visibility != Visibility.DRAFT
    return {
        "shown": shown,
        "challenge": challenge,
        "exclude": exclude,
        "similar": similar_proposals(challenge, f"{title or ''} {summary or ''}", exclude=exclude) if shown else [],
    }
