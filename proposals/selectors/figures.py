"""A call's proposals in figures for its charts: submitted per day, by region of Peru, by country and by category.
Aggregates in SQL (a row per day, region, country or category, never one per proposal), kept under the call's page
version like its other public counts: the first view after a proposal is submitted counts it."""

import zoneinfo
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from challenges.models import Challenge, PhaseKind
from innovation_platform.core.page_cache import challenge_scope, kept_for_pages
from proposals.models import IN_THE_CALL, Proposal, TaggedProposal

CATEGORIES_SHOWN = 10
COUNTRIES_SHOWN = 12


def _places(proposals) -> dict:
    """Proposals per region of Peru and per country, from one query grouped by both."""
    regions: dict[str, int] = {}
    countries: dict[str, int] = {}
    for country, region, count in proposals.values_list("country", "region").annotate(count=Count("pk")):
        countries[country] = countries.get(country, 0) + count
        if region:
            regions[region] = regions.get(region, 0) + count
    return {
        "regions": regions,
        "countries": sorted(countries.items(), key=lambda row: (-row[1], row[0]))[:COUNTRIES_SHOWN],
    }


def call_proposals_counted(challenge: Challenge):
    return Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, hidden_at__isnull=True)


def call_submission_figures(challenge: Challenge, phases=None) -> dict:
    """Proposals submitted each day of the call (in the call's time zone) from its first day to its deadline (or the
    latest submission), and their regions, countries and categories: three queries, kept."""
    phases = list(challenge.phases.all() if phases is None else phases)
    window = next(((p.starts_at, p.ends_at) for p in phases if p.kind == PhaseKind.PROPOSALS), None)
    return kept_for_pages(
        "call-submissions",
        [challenge_scope(challenge.pk)],
        lambda: _submission_figures(challenge, window),
        challenge=challenge.pk,
        window=window,
    )


def _submission_figures(challenge: Challenge, window) -> dict:
    zone = zoneinfo.ZoneInfo(challenge.timezone)
    proposals = call_proposals_counted(challenge).order_by()
    per_day = dict(
        proposals.filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values_list("day")
        .annotate(count=Count("pk"))
    )
    today = timezone.localtime(timezone.now(), zone).date()
    first = min([*per_day, *([window[0].astimezone(zone).date()] if window else [])], default=today)
    deadline = window[1].astimezone(zone).date() if window else None
    last = max([*per_day, deadline or today])
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return {
        "days": [day.isoformat() for day in days],
        # Days still to come have no figure yet (None), so the line stops today.
        "per_day": [per_day.get(day, 0) if day <= today else None for day in days],
        "deadline": deadline.isoformat() if deadline else None,
        **_places(proposals),
        "categories": list(
            TaggedProposal.objects.filter(content_object__in=proposals)
            .values_list("tag__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "tag__name")[:CATEGORIES_SHOWN]
        ),
    }
