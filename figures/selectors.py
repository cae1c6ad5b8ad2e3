"""The network's figures for the figures page and the home page: every one an aggregate in SQL over the labs,
innovators, calls and proposals (a handful of rows per region, kind, month or edition, never one per person), kept
under the versions of what they count (core/page_cache.py `kept_for_pages`), so the next request after a change
draws it; the visits, counted on every view, for FIGURES_CACHE_SECONDS. Raw numbers only: the charts add the
words, in the reader's language."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from challenges.models import Visibility
from figures.models import PageView
from figures.visits import PUBLIC_PAGES, page_views_flush
from innovation_platform.accounts.selectors import SMALLEST_GROUP, innovators_counted
from innovation_platform.core.cache import cached_figures
from innovation_platform.core.page_cache import DIRECTORY, SITE, kept_for_pages
from innovation_platform.core.regions import PERU
from innovation_platform.labs.models import Lab
from proposals.models import IN_THE_CALL, Proposal

GROWTH_MONTHS = 12
EDITIONS_SHOWN = 12  # the latest public calls on the figures page
VISIT_DAYS = 30


def network_figures() -> dict:
    """Labs and innovators per region, labs per kind, monthly growth, proposals per edition: six queries, kept until
    anything a public page shows changes (`SITE`: labs, people, calls and their proposals all bump it)."""
    return kept_for_pages("network-charts", [SITE], _network_figures)


def _network_figures() -> dict:
    labs_by_region: dict[str, int] = {}
    labs_by_kind: dict[str, int] = {}
    for region, kind, count in Lab.objects.values_list("region", "kind").annotate(count=Count("pk")).order_by():
        if region:
            labs_by_region[region] = labs_by_region.get(region, 0) + count
        labs_by_kind[kind] = labs_by_kind.get(kind, 0) + count
    people = dict(
        innovators_counted()
        .filter(country=PERU)
        .exclude(region="")
        .values_list("region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "labs_by_region": labs_by_region,
        "labs_by_kind": labs_by_kind,
        "innovators_by_region": {region: (n if n >= SMALLEST_GROUP else None) for region, n in people.items()},
        "innovators": innovators_counted().aggregate(total=Count("pk"), peru=Count("pk", filter=Q(country=PERU))),
        "growth": _growth(),
        "editions": _editions(),
    }


def months(last: date, count: int) -> list[date]:
    """The first days of the `count` months up to `last`'s, oldest first."""
    first = []
    year, month = last.year, last.month
    for _ in range(count):
        first.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return first[::-1]


def _growth_window() -> list[datetime]:
    """The starts of the last GROWTH_MONTHS months in the site's zone, oldest first, and the next month's."""
    zone = timezone.get_default_timezone()
    window = months(timezone.localdate(timezone=zone), GROWTH_MONTHS)
    following = date(window[-1].year + window[-1].month // 12, window[-1].month % 12 + 1, 1)
    return [timezone.make_aware(datetime.combine(day, datetime.min.time()), zone) for day in [*window, following]]


def _joined_per_month(rows: QuerySet, field: str, bounds: list[datetime]) -> list[int]:
    """How many of `rows` joined (`field`) in each month between `bounds`, the first month counting all before it
    too: one query of conditional counts, comparisons the database's index can serve (no per-row date function)."""
    counts = rows.aggregate(
        **{
            f"m{index}": Count(
                "pk", filter=Q(**{f"{field}__lt": end}) & (Q(**{f"{field}__gte": start}) if index else Q())
            )
            for index, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False))
        }
    )
    return [counts[f"m{index}"] for index in range(len(bounds) - 1)]


def _growth() -> dict:
    """Labs and innovators who joined in each of the last GROWTH_MONTHS months (and before): two queries."""
    bounds = _growth_window()
    return {
        "months": _month_names(bounds),
        "labs": _joined_per_month(Lab.objects.all(), "created_at", bounds),
        "innovators": _joined_per_month(innovators_counted(), "user__date_joined", bounds),
    }


def _month_names(bounds: list[datetime]) -> list[str]:
    return [timezone.localdate(start, timezone.get_default_timezone()).isoformat() for start in bounds[:-1]]


def labs_growth() -> dict:
    """Only the labs' growth, for the home page's chart: two queries, kept under the labs' page version (a lab
    added shows on the next request)."""

    def compute() -> dict:
        bounds = _growth_window()
        return {
            "growth": {
                "months": _month_names(bounds),
                "labs": _joined_per_month(Lab.objects.all(), "created_at", bounds),
            }
        }

    return kept_for_pages("network-growth-labs", [DIRECTORY], compute)


def _editions() -> list[dict]:
    """Proposals submitted to each of the latest public calls, from Peru and from abroad, oldest call first."""
    rows = (
        Proposal.objects.filter(
            status__in=IN_THE_CALL,
            hidden_at__isnull=True,
            challenge__proposals_public=True,
        )
        .exclude(challenge__visibility=Visibility.DRAFT)
        .values("challenge_id", "challenge__code", "challenge__title", "challenge__created_at")
        .annotate(total=Count("pk"), peru=Count("pk", filter=Q(country=PERU)))
        .order_by("-challenge__created_at", "-challenge_id")[:EDITIONS_SHOWN]
    )
    return [
        {"code": row["challenge__code"], "title": row["challenge__title"], "total": row["total"], "peru": row["peru"]}
        for row in reversed(rows)
    ]


def visits() -> dict:
    """Views of public pages over the last VISIT_DAYS days: per day and per kind of page (two small queries), kept
    like the other figures; counting them anew first writes the views this worker holds."""
    return cached_figures("visits", {}, _visits)


def _visits() -> dict:
    page_views_flush()
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    days = [today - timedelta(days=offset) for offset in range(VISIT_DAYS - 1, -1, -1)]
    recent = PageView.objects.filter(day__gte=days[0], page__in=list(PUBLIC_PAGES))
    per_day = dict(recent.values_list("day").annotate(n=Sum("views")).order_by())
    per_page = dict(recent.values_list("page").annotate(n=Sum("views")).order_by())
    return {
        "days": [day.isoformat() for day in days],
        "per_day": [per_day.get(day, 0) for day in days],
        "per_page": per_page,
        "total": sum(per_page.values()),
    }
