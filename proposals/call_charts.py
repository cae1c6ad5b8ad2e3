"""A call's proposals drawn as charts (`proposals.selectors.figures`): per day against the deadline, by region of
Peru, by country and by category; titles and summaries in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from challenges.models import Challenge
from innovation_platform.core import charts
from innovation_platform.core.regions import PeruRegion


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "j M")


def call_charts(challenge: Challenge, figures: dict) -> list[charts.Chart]:
    key = f"call-{challenge.pk}"
    submitted = sum(value or 0 for value in figures["per_day"])
    drawn = [_per_day(key, figures, submitted)]
    if figures["regions"]:
        regions = sorted(figures["regions"].items(), key=lambda item: (-item[1], item[0]))
        drawn.append(
            charts.hbar(
                f"{key}-regions",
                title=_("Proposals by region of Peru"),
                summary=ngettext(
                    "From %(count)s region; the most from %(region)s (%(top)s).",
                    "From %(count)s regions; the most from %(region)s (%(top)s).",
                    len(regions),
                )
                % {"count": len(regions), "region": PeruRegion(regions[0][0]).label, "top": regions[0][1]},
                labels=[str(PeruRegion(code).label) for code, _count in regions],
                series=[(_("Proposals"), [count for _code, count in regions])],
                label_header=_("Region"),
            )
        )
    if figures["countries"]:
        rows = figures["countries"]
        drawn.append(
            charts.hbar(
                f"{key}-countries",
                title=_("Proposals by country"),
                summary=_("The most from %(country)s (%(top)s of %(count)s).")
                % {"country": countries.name(rows[0][0]), "top": rows[0][1], "count": submitted},
                labels=[countries.name(code) for code, _count in rows],
                series=[(_("Proposals"), [count for _code, count in rows])],
                label_header=_("Country"),
            )
        )
    if figures["categories"]:
        rows = figures["categories"]
        drawn.append(
            charts.hbar(
                f"{key}-categories",
                title=_("Proposals by category"),
                summary=_("The most frequent category: %(category)s (%(top)s).")
                % {"category": rows[0][0], "top": rows[0][1]},
                labels=[name for name, _count in rows],
                series=[(_("Proposals"), [count for _name, count in rows])],
                label_header=_("Category"),
            )
        )
    return drawn


def _per_day(key: str, figures: dict, submitted: int) -> charts.Chart:
    days = figures["days"]
    deadline = figures["deadline"]
    summary = ngettext("%(count)s proposal submitted so far.", "%(count)s proposals submitted so far.", submitted) % {
        "count": submitted
    }
    if deadline:
        summary += " " + _("The call closes on %(day)s.") % {"day": _day(deadline)}
    return charts.cumulative(
        f"{key}-per-day",
        title=_("Proposals submitted, day by day"),
        summary=summary,
        labels=[_day(day) for day in days],
        series=[(_("Proposals submitted"), figures["per_day"])],
        label_header=_("Day"),
        marker=days.index(deadline) if deadline in days else None,
        marker_label=_("Deadline"),
    )
