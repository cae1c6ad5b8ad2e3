"""An edition's outcomes drawn as a chart: selected, built, still going at the follow-up."""

from django.utils.translation import gettext as _

from challenges.models import Challenge
from innovation_platform.core import charts


def outcomes_chart(challenge: Challenge, figures: dict) -> charts.Chart:
    labels = [_("Selected"), _("Built")]
    values = [figures["selected"], figures["built"]]
    summary = _("%(selected)s projects went to the lab; %(built)s built their prototype.") % figures
    if figures["checkpoint"] is not None:
        labels.append(_("Still going at “%(checkpoint)s”") % figures)
        values.append(figures["alive"])
        summary += " " + _("At the follow-up “%(checkpoint)s”, %(alive)s said it was still going.") % figures
    return charts.bars(
        f"edition-{challenge.pk}-outcomes",
        title=_("What became of this edition's projects"),
        summary=summary,
        labels=labels,
        series=[(_("Projects"), values)],
        label_header=_("Stage"),
    )
