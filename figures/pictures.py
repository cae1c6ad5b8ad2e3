"""The network's figures (`figures.selectors`) drawn as charts, with their titles and summaries in the reader's
language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from figures.visits import PUBLIC_PAGES
from innovation_platform.core import charts
from innovation_platform.labs.models import LabKind


def _month(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "M Y")


def headline(figures: dict) -> dict:
    return {
        "labs": sum(figures["labs_by_kind"].values()),
        "regions": len(figures["labs_by_region"]),
        "innovators": figures["innovators"]["total"],
        "proposals": sum(row["total"] for row in figures["editions"]),
    }


def regions_map(figures: dict) -> charts.Chart:
    labs = figures["labs_by_region"]
    present = sum(1 for count in labs.values() if count)
    return charts.tile_map(
        "chart-regions",
        title=_("Labs in each region of Peru"),
        summary=ngettext(
            "Labs work in %(count)s of Peru's 26 regions.",
            "Labs work in %(count)s of Peru's 26 regions.",
            present,
        )
        % {"count": present}
        + " "
        + _("The table adds the innovators of each region; fewer than 3 are shown as <3."),
        values=labs,
        series_name=_("Labs"),
        extra=[(_("Innovators"), figures["innovators_by_region"])],
    )


def innovators_map(figures: dict) -> charts.Chart:
    return charts.tile_map(
        "chart-innovators",
        title=_("Innovators in each region of Peru"),
        summary=_("%(count)s innovators live in Peru; regions with fewer than 3 show <3 so that no one stands out.")
        % {"count": figures["innovators"]["peru"]},
        values=figures["innovators_by_region"],
        series_name=_("Innovators"),
    )


def labs_by_kind(figures: dict) -> charts.Chart:
    kinds = [kind for kind in LabKind if figures["labs_by_kind"].get(kind.value)] or list(LabKind)
    counts = [figures["labs_by_kind"].get(kind.value, 0) for kind in kinds]
    total = sum(counts)
    most = kinds[counts.index(max(counts))].label if total else ""
    return charts.hbar(
        "chart-lab-kinds",
        title=_("Labs by kind"),
        summary=(
            ngettext(
                "%(count)s lab in the network; most are: %(kind)s.",
                "%(count)s labs in the network; most are: %(kind)s.",
                total,
            )
            % {"count": total, "kind": most}
            if total
            else _("No lab has joined the network yet.")
        ),
        labels=[kind.label for kind in kinds],
        series=[(_("Labs"), counts)],
        label_header=_("Kind"),
    )


def growth(figures: dict, kind: str) -> charts.Chart:
    """The network's labs or innovators over the last months (a running total)."""
    growth = figures["growth"]
    values = growth[kind]
    total, joined = sum(values), sum(values[1:])
    name = _("Labs") if kind == "labs" else _("Innovators")
    title = _("Labs in the network, month by month") if kind == "labs" else _("Innovators, month by month")
    return charts.cumulative(
        f"chart-growth-{kind}",
        title=title,
        summary=_("%(total)s at the end of %(month)s, %(joined)s of them joined since %(first)s.")
        % {
            "total": total,
            "joined": joined,
            "month": _month(growth["months"][-1]),
            "first": _month(growth["months"][0]),
        },
        labels=[_month(month) for month in growth["months"]],
        series=[(name, values)],
        label_header=_("Month"),
    )


def editions(figures: dict) -> charts.Chart:
    rows = figures["editions"]
    total = sum(row["total"] for row in rows)
    return charts.bars(
        "chart-editions",
        title=_("Proposals per edition"),
        summary=ngettext(
            "%(count)s proposal in the latest %(editions)s public calls.",
            "%(count)s proposals in the latest %(editions)s public calls.",
            total,
        )
        % {"count": total, "editions": len(rows)},
        labels=[row["code"] or row["title"] for row in rows],
        series=[(_("Proposals"), [row["total"] for row in rows])],
        label_header=_("Call"),
    )


def origin(figures: dict) -> charts.Chart:
    rows = figures["editions"]
    peru = sum(row["peru"] for row in rows)
    total = sum(row["total"] for row in rows)
    return charts.shares(
        "chart-origin",
        title=_("Proposals from Peru and from abroad"),
        summary=_("%(percent)s%% of the proposals of these calls came from Peru.")
        % {"percent": round(100 * peru / total) if total else 0},
        labels=[row["code"] or row["title"] for row in rows],
        series=[
            (_("Peru"), [row["peru"] for row in rows]),
            (_("Abroad"), [row["total"] - row["peru"] for row in rows]),
        ],
        label_header=_("Call"),
    )


def visits_per_day(visits: dict) -> charts.Chart:
    return charts.bars(
        "chart-visits",
        title=_("Visits to public pages, last 30 days"),
        summary=ngettext(
            "%(count)s visit in the last 30 days.", "%(count)s visits in the last 30 days.", visits["total"]
        )
        % {"count": visits["total"]},
        labels=[date.fromisoformat(day).strftime("%d/%m") for day in visits["days"]],
        series=[(_("Visits"), visits["per_day"])],
        label_header=_("Day"),
    )


def visits_per_page(visits: dict) -> charts.Chart:
    pages = sorted(visits["per_page"].items(), key=lambda item: -item[1])
    return charts.hbar(
        "chart-visits-pages",
        title=_("Visits by kind of page, last 30 days"),
        summary=_("Most visited: %(page)s.") % {"page": PUBLIC_PAGES[pages[0][0]]} if pages else _("No visits yet."),
        labels=[str(PUBLIC_PAGES[page]) for page, _count in pages],
        series=[(_("Visits"), [count for _page, count in pages])],
        label_header=_("Page"),
    )
