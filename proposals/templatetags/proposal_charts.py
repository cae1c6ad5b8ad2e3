"""A call's proposals in charts, for the challenge's page and its live page (the challenges app knows nothing of
proposals: its templates load this library)."""

from django import template

from challenges.models import Challenge
from innovation_platform.core.permissions import can
from proposals.call_charts import call_charts
from proposals.selectors.figures import call_submission_figures

register = template.Library()


@register.inclusion_tag("proposals/includes/call_charts.html", takes_context=True)
def challenge_proposal_charts(context, challenge: Challenge, phases=None) -> dict:
    """The charts once a proposal is in the call, to whoever the call's visibility allows (a call that keeps its
    proposals private shows them to its organizers only). `phases`: the challenge's loaded phases, if any."""
    if challenge.is_event or not can(context["request"].user, "proposals.view_call_charts", challenge):
        return {"charts": []}
    figures = call_submission_figures(challenge, phases)
    if not any(figures["per_day"]) and not figures["countries"]:
        return {"charts": []}
    return {"charts": call_charts(challenge, figures), "challenge": challenge}
