"""Who may take part in a call, by origin: the rules organizers set, stated as sentences people read.

Plain values in, sentences out, so that proposals (and anything above) can ask without this app
knowing about them.
"""

from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.core.regions import PeruRegion


def eligible_region_labels(challenge: Challenge) -> list[str]:
    """The names of the Peruvian regions the call is limited to (none: no limit by region)."""
    labels = dict(PeruRegion.choices)
    return [str(labels[code]) for code in challenge.eligible_regions if code in labels]


def origin_problems(challenge: Challenge, *, country: str, region: str) -> list[str]:
    """Why a proposal from `country` (and Peruvian `region`) cannot take part; empty when it can."""
    problems = []
    countries = list(challenge.eligible_countries)
    if countries and str(country) not in {c.code for c in countries}:
        names = ", ".join(str(c.name) for c in countries)
        problems.append(_("This call accepts proposals from %(countries)s only.") % {"countries": names})
    regions = eligible_region_labels(challenge)
    if regions and (str(country) != "PE" or region not in challenge.eligible_regions):
        problems.append(_("This call accepts proposals from %(regions)s only.") % {"regions": ", ".join(regions)})
    return problems


def residence_problems(challenge: Challenge, people: list[tuple[str, str, str]]) -> list[str]:
    """When the call requires it, the team members (name, country, region) who live outside its places."""
    if not challenge.team_residence_required:
        return []
    outside = [name for name, country, region in people if origin_problems(challenge, country=country, region=region)]
    if not outside:
        return []
    return [
        _("Every team member must live in a place the call accepts; by their profiles, these do not: %(names)s.")
        % {"names": ", ".join(outside)}
    ]
