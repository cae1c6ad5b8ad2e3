"""A round's figures drawn as charts for its organizers: progress of the round and of each juror (from the kept
counts), each juror's totals before and after normalisation and the disagreement between reviews (from the kept
ranking). Nothing here counts reviews again."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovation_platform.core import charts
from judging.aggregation import DEFAULT_DISAGREEMENT
from judging.models import Round
from judging.selectors.results import SPREAD_BINS, RankingOverview


def progress_charts(round_: Round, jurors: list) -> list[charts.Chart]:
    """The round's reviews done and to do, then each juror's (`round_jury_progress`'s jurors)."""
    done = sum(juror.done for juror in jurors)
    to_do = sum(juror.to_do for juror in jurors)
    total = done + to_do
    percent = round(100 * done / total) if total else 0
    key = f"round-{round_.pk}"
    summary = _("%(done)s of %(total)s reviews done (%(percent)s%%).") % {
        "done": done,
        "total": total,
        "percent": percent,
    }
    drawn = [
        charts.hbar(
            f"{key}-progress",
            title=_("Progress of the round"),
            summary=summary,
            labels=[_("The round")],
            series=[(_("Done"), [done]), (_("To do"), [to_do])],
            label_header=_("Round"),
            stacked=True,
        )
    ]
    if jurors:
        unfinished = sum(1 for juror in jurors if juror.done < juror.load)
        drawn.append(
            charts.hbar(
                f"{key}-jurors",
                title=_("Progress of each juror"),
                summary=ngettext(
                    "%(count)s juror has reviews still to do.", "%(count)s jurors have reviews still to do.", unfinished
                )
                % {"count": unfinished},
                labels=[juror.user.full_name if juror.user else juror.email for juror in jurors],
                series=[(_("Done"), [juror.done for juror in jurors]), (_("To do"), [juror.to_do for juror in jurors])],
                label_header=_("Juror"),
                stacked=True,
            )
        )
    return drawn


def results_charts(round_: Round, outcome: RankingOverview, *, show_names: bool) -> list[charts.Chart]:
    """Each juror's totals before and after normalisation, and the spread of each proposal's reviews."""
    figures = outcome.distributions
    if not figures["jurors_before_after"]:
        return []
    names = {juror.pk: juror.name if show_names else juror.pseudonym for juror in outcome.jurors}
    overall_mean, overall_sd = figures["overall"]
    rows = [
        (names.get(juror_id, "?"), mean, sd, overall_mean if normalised else mean, overall_sd if normalised else sd)
        for juror_id, _reviews, mean, sd, normalised in figures["jurors_before_after"]
    ]
    key = f"round-{round_.pk}"
    strictest = min(rows, key=lambda row: row[1] or 0)
    width = 100 // SPREAD_BINS
    return [
        charts.hbar(
            f"{key}-normalisation",
            title=_("Each juror's mean total, before and after normalisation"),
            summary=_(
                "Before, the strictest juror (%(juror)s) gave %(mean)s on average; after normalisation every "
                "normalised juror's totals have the round's mean, %(overall)s, and spread."
            )
            % {"juror": strictest[0], "mean": charts.number(strictest[1]), "overall": charts.number(overall_mean)},
            labels=[row[0] for row in rows],
            series=[(_("Mean before"), [row[1] for row in rows]), (_("Mean after"), [row[3] for row in rows])],
            extra=[
                (_("Standard deviation before"), [row[2] for row in rows]),
                (_("Standard deviation after"), [row[4] for row in rows]),
            ],
            label_header=_("Juror"),
            max_value=100,
        ),
        charts.bars(
            f"{key}-disagreement",
            title=_("Disagreement between reviews"),
            summary=ngettext(
                "%(count)s proposal's reviews differ by more than %(points)s points.",
                "%(count)s proposals' reviews differ by more than %(points)s points.",
                figures["disagreements"],
            )
            % {"count": figures["disagreements"], "points": charts.number(DEFAULT_DISAGREEMENT)},
            labels=[f"{low}–{low + width}" for low in range(0, 100, width)],
            series=[(_("Proposals"), figures["spreads"])],
            label_header=_("Spread (points)"),
        ),
    ]
