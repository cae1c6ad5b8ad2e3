from allauth.account.models import EmailAddress
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django_countries.fields import Country
from taggit.models import Tag

from innovation_platform.accounts.models import (
    DataExport,
    PolicyAcceptance,
    PolicyVersion,
    Profile,
    ProfileSearchTerm,
    User,
)
from innovation_platform.core.page_cache import DIRECTORY, counted, kept_for_pages
from innovation_platform.core.regions import PeruRegion
from innovation_platform.core.search import word_search

FACET_LIMIT = 15


def address_owner_ids(email: str) -> QuerySet[User]:
    """The accounts that use `email`, as their login or as one of their addresses (any case)."""
    return User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email)).values("pk")


def owns_verified_address(user: User, email: str) -> bool:
    """Whether `user` confirmed they own `email`: the proof an invitation sent to that address asks for."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def verified_address_owner(email: str) -> User | None:
    """The account that confirmed it owns `email` (any case), if any."""
    return User.objects.filter(emailaddress__email__iexact=email, emailaddress__verified=True).first()


def address_language(email: str) -> str | None:
    """The language of the account that logs in with `email` or confirmed it owns it (any case), if any."""
    owners = User.objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
    )
    return owners.values_list("language", flat=True).first()


def verified_addresses(user: User) -> QuerySet:
    """The addresses `user` confirmed, lower-cased, as a subquery (invitations are stored lower-cased)."""
    return EmailAddress.objects.filter(user=user, verified=True).annotate(lower=Lower("email")).values("lower")


# Fewer people than this in a published group could be told apart: figures and open data never show such a group.
SMALLEST_GROUP = 3


def innovators_counted() -> QuerySet[Profile]:
    """Everyone in the register, public profile or not (they are only ever counted), but closed or erased accounts:
    what the network's figures and open data count."""
    return Profile.objects.filter(user__is_active=True, user__deleted_at__isnull=True)


def innovators_public() -> QuerySet[Profile]:
    """Profiles their owners chose to show; the only ones any listing may use."""
    return Profile.objects.filter(is_public=True, user__is_active=True)


def innovator_search(text: str) -> Q:
    """Profiles having every word of the text at the start of a word of the person's name, organization or bio,
    whatever the accents and case."""
    return word_search(ProfileSearchTerm.objects.all(), text, owner="profile")


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


def innovators_directory_count(**filters) -> int:
    """How many people the filtered directory lists, kept under the directory's page version (bumped after each
    change to a person or their profile, accounts/page_versions.py): no COUNT over the profiles on every page."""
    return counted(innovators_directory(**filters), scopes=[DIRECTORY], name="innovators-directory", params=filters)


def innovators_for_listing(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    """What a page of the directory shows, fetched in a bounded number of queries."""
    return (
        profiles.select_related("user")
        .prefetch_related("skills")
        .only("slug", "country", "region", "organization", "bio", "avatar_thumbnail", "user__full_name")
        .order_by("user__full_name", "user_id")
    )


def innovators_facets(**filters) -> dict:
    """Counts per region, country, skill and interest of the filtered directory, kept under the directory's page
    version (so a profile changed shows at once); labels are added after, in the language of the request."""
    counts = kept_for_pages(
        "innovators-facets", [DIRECTORY], lambda: _facet_counts(innovators_directory(**filters)), **filters
    )
    return {
        "regions": [
            {"value": region, "label": PeruRegion(region).label, "count": count} for region, count in counts["regions"]
        ],
        "countries": [
            {"value": code, "label": Country(code).name, "count": count} for code, count in counts["countries"]
        ],
        "skills": counts["skills"],
        "interests": counts["interests"],
    }


def _facet_counts(profiles: QuerySet[Profile]) -> dict:
    ids = profiles.values("pk")
    matching = Profile.objects.filter(pk__in=ids)
    regions = matching.exclude(region="").values_list("region").annotate(count=Count("pk"))
    countries = matching.values_list("country").annotate(count=Count("pk")).order_by("-count", "country")
    skills = Tag.objects.filter(accounts_taggedskill_items__content_object__in=ids).annotate(
        count=Count("accounts_taggedskill_items")
    )
    interests = Tag.objects.filter(accounts_taggedinterest_items__content_object__in=ids).annotate(
        count=Count("accounts_taggedinterest_items")
    )
    return {
        "regions": list(regions.order_by("-count", "region")),
        "countries": list(countries[:FACET_LIMIT]),
        "skills": list(skills.order_by("-count", "name").values("name", "slug", "count")[:FACET_LIMIT]),
        "interests": list(interests.order_by("-count", "name").values("name", "slug", "count")[:FACET_LIMIT]),
    }


def policies_current(at=None) -> list[PolicyVersion]:
    """The version of each policy in force: the newest published one of its kind."""
    at = at or timezone.now()
    published = PolicyVersion.objects.filter(published_at__lte=at)
    newest = published.filter(kind=OuterRef("kind")).order_by("-published_at", "-pk").values("pk")[:1]
    return list(published.filter(pk=Subquery(newest)).order_by("kind"))


def policy_current(kind: str) -> PolicyVersion | None:
    return next((policy for policy in policies_current() if policy.kind == kind), None)


def policies_pending(user: User) -> list[PolicyVersion]:
    """The versions in force that `user` has not accepted yet (none for a site that publishes no policy)."""
    current = policies_current()
    accepted = set(PolicyAcceptance.objects.filter(user=user, policy__in=current).values_list("policy_id", flat=True))
    return [policy for policy in current if policy.pk not in accepted]


def data_export_latest(user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()
