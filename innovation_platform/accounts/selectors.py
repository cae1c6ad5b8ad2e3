from django.db.models import Count, Q, QuerySet
from django_countries.fields import Country
from taggit.models import Tag

from innovation_platform.accounts.models import Profile
from innovation_platform.core.regions import PeruRegion

FACET_LIMIT = 15


def innovators_public() -> QuerySet[Profile]:
    """Profiles their owners chose to show; the only ones any listing may use."""
    return Profile.objects.filter(is_public=True, user__is_active=True)


def innovator_search(text: str) -> Q:
    return Q(user__full_name__icontains=text) | Q(organization__icontains=text) | Q(bio__icontains=text)


def innovators_directory(
    *, search: str = "", country: str = "", region: str = "", skill: str = "", interest: str = ""
) -> QuerySet[Profile]:
    profiles = innovators_public()
    if search:
        profiles = profiles.filter(innovator_search(search))
    if country:
        profiles = profiles.filter(country=country)
    if region:
        profiles = profiles.filter(region=region)
    if skill:
        profiles = profiles.filter(skills__slug=skill)
    if interest:
        profiles = profiles.filter(interests__slug=interest)
    return profiles


def innovators_for_listing(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    """What a page of the directory shows, fetched in a bounded number of queries."""
    return (
        profiles.select_related("user")
        .prefetch_related("skills")
        .only("slug", "country", "region", "organization", "bio", "avatar_thumbnail", "user__full_name")
        .order_by("user__full_name", "pk")
    )


def innovators_facets(profiles: QuerySet[Profile]) -> dict:
    """Counts per region, skill and interest for the filtered set, aggregated in SQL."""
    ids = profiles.values("pk")
    matching = Profile.objects.filter(pk__in=ids)
    regions = matching.exclude(region="").values("region").annotate(count=Count("pk")).order_by("-count", "region")
    countries = matching.values("country").annotate(count=Count("pk")).order_by("-count", "country")[:FACET_LIMIT]
    skills = (
        Tag.objects.filter(accounts_taggedskill_items__content_object__in=ids)
        .annotate(count=Count("accounts_taggedskill_items"))
        .order_by("-count", "name")[:FACET_LIMIT]
    )
    interests = (
        Tag.objects.filter(accounts_taggedinterest_items__content_object__in=ids)
        .annotate(count=Count("accounts_taggedinterest_items"))
        .order_by("-count", "name")[:FACET_LIMIT]
    )
    return {
        "regions": [
            {"value": row["region"], "label": PeruRegion(row["region"]).label, "count": row["count"]} for row in regions
        ],
        "countries": [
            {"value": row["country"], "label": Country(row["country"]).name, "count": row["count"]} for row in countries
        ],
        "skills": list(skills),
        "interests": list(interests),
    }
