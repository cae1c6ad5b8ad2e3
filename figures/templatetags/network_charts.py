"""The network's growth chart for any page (the home page): `{% load network_charts %}{% network_growth_chart %}`.
The ground floor's templates load this library; its code never imports the figures app."""

from django import template

from figures import pictures
from figures.selectors import labs_growth

register = template.Library()


@register.inclusion_tag("figures/includes/network_growth.html")
def network_growth_chart() -> dict:
    """Labs in the network month by month (two cached queries), with a link to the figures page."""
    return {"chart": pictures.growth(labs_growth(), "labs")}
