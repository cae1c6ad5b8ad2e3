from django.db.models import Case, Count, Q, QuerySet, Value, When
from django_countries.fields import Country

from innovation_platform.core.page_cache import DIRECTORY, counted, kept_for_pages
from innovation_platform.core.regions import PeruRegion
from innovation_platform.core.search import word_search
from innovation_platform.labs.models import Lab, LabKind, LabMembership, LabRole, LabSearchTerm


def lab_search(text: str) -> Q:
    """Labs having every word of the text at the start of a word of their name, city or description, whatever the
    accents and case ("San Jeronimo" finds "San Jerónimo")."""
    return word_search(LabSearchTerm.objects.all(), text, owner="lab")


def labs_directory(
    *, search: str = "", kind: str = "", country: str = "", region: str = "", verified: bool | None = None
) -> QuerySet[Lab]:
    labs = Lab.objects.all()
    if search:
        labs = labs.filter(lab_search(search))
    if kind:
        labs = labs.filter(kind=kind)
    if country:
        labs = labs.filter(country=country)
    if region:
        labs = labs.filter(region=region)
    if verified is not None:
        labs = labs.filter(is_verified=verified)
    return labs


def labs_directory_count(**filters) -> int:
    """How many labs the filtered directory lists, kept under the directory's page version (bumped after each change
    to a lab, labs/page_versions.py): no COUNT over the labs on every page."""
    return counted(labs_directory(**filters), scopes=[DIRECTORY], name="labs-directory", params=filters)


def labs_for_listing(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    return labs.only("name", "slug", "kind", "country", "region", "city", "logo_thumbnail", "is_verified").order_by(
        "name", "pk"
    )


def labs_network_figures(**filters) -> dict:
    """The network's headline figures for the filtered labs: per kind, per region, and both.

    One grouped query, kept under the directory's page version (so a lab added or changed shows at once); the table
    has a row per region and a column per kind. Labels are added after, in the language of the request.
    """
    rows = kept_for_pages(
        "labs-network-figures",
        [DIRECTORY],
        lambda: list(
            labs_directory(**filters).order_by().values("country", "region", "kind").annotate(count=Count("pk"))
        ),
        **filters,
    )
    kinds = dict.fromkeys(LabKind.values, 0)
    by_region: dict[str, dict] = {}
    for row in rows:
        kinds[row["kind"]] += row["count"]
        key = row["region"] or row["country"]
        if key not in by_region:
            label = PeruRegion(row["region"]).label if row["region"] else Country(row["country"]).name
            by_region[key] = {
                "value": key,
                "label": label,
                "is_region": bool(row["region"]),
                "total": 0,
                "kinds": dict.fromkeys(LabKind.values, 0),
            }
        by_region[key]["kinds"][row["kind"]] += row["count"]
        by_region[key]["total"] += row["count"]
    regions = sorted(by_region.values(), key=lambda r: (not r["is_region"], -r["total"], str(r["label"])))
    for region in regions:
        region["cells"] = [region["kinds"][kind] for kind in LabKind.values]
    return {
        "total": sum(kinds.values()),
        "kinds": [{"value": k, "label": LabKind(k).label, "count": kinds[k]} for k in LabKind.values],
        "regions": regions,
    }


ROLE_ORDER = Case(*(When(role=role, then=Value(i)) for i, role in enumerate(LabRole.values)))


def lab_members(lab: Lab) -> QuerySet[LabMembership]:
    return lab.memberships.select_related("user", "user__profile").order_by(ROLE_ORDER, "user__full_name")


def lab_public_team(lab: Lab, limit: int = 24) -> QuerySet[LabMembership]:
    """Members shown on the lab page: admins and organizers first; public profiles only link."""
    return lab_members(lab).filter(role__in=[LabRole.ADMIN, LabRole.ORGANIZER])[:limit]
