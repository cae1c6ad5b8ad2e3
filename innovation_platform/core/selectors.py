from django.db.models import Count, Q

from innovation_platform.accounts.selectors import innovators_public
from innovation_platform.core.page_cache import DIRECTORY, kept_for_pages
from innovation_platform.labs.models import Lab


def network_summary() -> dict:
    """The home page's headline figures: two aggregate queries, kept under the version of the labs and people they
    count, so the next request after a change shows it."""
    return kept_for_pages("network", [DIRECTORY], _network_counts)


def _network_counts() -> dict:
    labs = Lab.objects.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(is_verified=True)),
        regions=Count("region", distinct=True, filter=~Q(region="")),
    )
    innovators = innovators_public().aggregate(total=Count("pk"), countries=Count("country", distinct=True))
    return {"labs": labs, "innovators": innovators}


def labs_featured(limit: int = 6):
    return (
        Lab.objects.filter(is_verified=True)
        .only("name", "slug", "kind", "country", "region", "city", "logo_thumbnail", "is_verified")
        .order_by("-verified_at", "name")[:limit]
    )
