"""A challenge's published selection, for its live page.

The challenges app knows nothing of proposals: its templates load this library instead.
"""

from django import template

from challenges.models import Challenge
from proposals.models import Proposal
from proposals.selectors.roles import selected_proposals

register = template.Library()


@register.simple_tag
def challenge_selection(challenge: Challenge) -> list[Proposal]:
    """The selected proposals still visible, in the order of their numbers (one query): empty until the organizers
    confirm a selection, which is when each team learns its result."""
    return list(selected_proposals(challenge).filter(hidden_at=None).select_related("challenge"))
