"""The call's rules of participation, stated the same way wherever people decide to take part."""

from django import template

from challenges.eligibility import eligible_region_labels
from challenges.models import Challenge

register = template.Library()


@register.inclusion_tag("challenges/includes/participation_rules.html")
def participation_rules(challenge: Challenge):
    return {"challenge": challenge, "regions": eligible_region_labels(challenge)}
