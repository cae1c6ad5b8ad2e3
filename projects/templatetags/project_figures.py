"""The lab figures of a challenge ("8 selected · 6 built"), for the challenge's pages.

The challenges app knows nothing of projects: its templates load this library instead (as they load proposals'
`proposal_figures`).
"""

from django import template

from challenges.models import Challenge
from projects.charts import outcomes_chart
from projects.selectors.followup import edition_outcomes
from projects.selectors.projects import challenge_lab_figures

register = template.Library()


@register.inclusion_tag("projects/includes/challenge_figures.html")
def challenge_lab_key_figures(challenge: Challenge, element_id: str = "challenge-lab-figures") -> dict:
    """Selected and built projects once the lab has projects (one aggregate query); the live page and the
    challenge's page refresh it on `project.outcome`. `element_id` must be unique on the page."""
    return {"challenge": challenge, "figures": challenge_lab_figures(challenge.pk), "element_id": element_id}


@register.inclusion_tag("projects/includes/edition_outcomes.html")
def challenge_outcomes_chart(challenge: Challenge) -> dict:
    """The edition's outcomes as a chart (selected, built, still going at the latest follow-up) once the lab has
    run: some project's outcome beyond the lab is known."""
    figures = edition_outcomes(challenge.pk)
    if not (figures["selected"] and figures["known"]):
        return {"chart": None}
    return {"chart": outcomes_chart(challenge, figures)}
