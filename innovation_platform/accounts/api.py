import django_filters
from rest_framework import serializers, viewsets

from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.selectors import innovator_search, innovators_for_listing, innovators_public
from innovation_platform.core.permissions import RulePermission


class InnovatorSerializer(serializers.ModelSerializer):
    """A public profile. Never the e-mail address, never a private profile."""

    full_name = serializers.CharField(source="user.full_name")
    country = serializers.CharField(source="country.code")
    region_display = serializers.CharField(source="get_region_display")
    skills = serializers.SerializerMethodField()
    avatar = serializers.ImageField(source="avatar_thumbnail", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="v1:innovator-detail", lookup_field="slug")

    class Meta:
        model = Profile
        fields = [
            "url",
            "slug",
            "full_name",
            "country",
            "region",
            "region_display",
            "organization",
            "bio",
            "skills",
            "avatar",
        ]

    def get_skills(self, profile) -> list[str]:
        return sorted(tag.name for tag in profile.skills.all())


class InnovatorDetailSerializer(InnovatorSerializer):
    interests = serializers.SerializerMethodField()

    class Meta(InnovatorSerializer.Meta):
        fields = [*InnovatorSerializer.Meta.fields, "interests"]

    def get_interests(self, profile) -> list[str]:
        return sorted(tag.name for tag in profile.interests.all())


class InnovatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search in name, organization and bio")
    country = django_filters.CharFilter()
    region = django_filters.CharFilter()
    skill = django_filters.CharFilter(field_name="skills__slug", label="Skill (tag slug)")
    interest = django_filters.CharFilter(field_name="interests__slug", label="Interest (tag slug)")

    class Meta:
        model = Profile
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(innovator_search(value))


class InnovatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The public innovators directory: profiles their owners made public."""

    lookup_field = "slug"
    filterset_class = InnovatorFilter
    serializer_class = InnovatorSerializer
    permission_classes = [RulePermission]
    anonymous_actions = {"list", "retrieve"}  # public reads (the schema says a token is optional)
    permission_rules = {"list": "accounts.list_profiles", "retrieve": "accounts.view_profile"}

    def get_queryset(self):
        if self.action == "retrieve":
            return innovators_public().select_related("user").prefetch_related("skills", "interests")
        return innovators_for_listing(innovators_public())

    def get_serializer_class(self):
        return InnovatorDetailSerializer if self.action == "retrieve" else InnovatorSerializer
