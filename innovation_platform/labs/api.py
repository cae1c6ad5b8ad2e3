import django_filters
from rest_framework import serializers, viewsets

from innovation_platform.core.markdown import render_markdown
from innovation_platform.core.permissions import RulePermission
from innovation_platform.labs.models import Lab, LabKind
from innovation_platform.labs.selectors import lab_search, labs_for_listing


class LabSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    kind_display = serializers.CharField(source="get_kind_display")
    region_display = serializers.CharField(source="get_region_display")
    logo = serializers.ImageField(source="logo_thumbnail", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="v1:lab-detail", lookup_field="slug")

    class Meta:
        model = Lab
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "kind_display",
            "country",
            "region",
            "region_display",
            "city",
            "logo",
            "is_verified",
        ]


class LabDetailSerializer(LabSerializer):
    description_html = serializers.SerializerMethodField()

    class Meta(LabSerializer.Meta):
        fields = [*LabSerializer.Meta.fields, "website", "description", "description_html", "created_at"]

    def get_description_html(self, lab) -> str:
        return str(render_markdown(lab.description))


class LabFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search in name, city and description")
    kind = django_filters.ChoiceFilter(choices=LabKind.choices)
    country = django_filters.CharFilter()
    region = django_filters.CharFilter()
    verified = django_filters.BooleanFilter(field_name="is_verified")

    class Meta:
        model = Lab
        fields = ["kind", "country", "region", "verified"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(lab_search(value))


class LabViewSet(viewsets.ReadOnlyModelViewSet):
    """The labs of the network, paginated and filterable by kind, country, region and verification."""

    lookup_field = "slug"
    filterset_class = LabFilter
    permission_classes = [RulePermission]
    anonymous_actions = {"list", "retrieve"}  # public reads (the schema says a token is optional)
    permission_rules = {"list": "labs.view_lab", "retrieve": "labs.view_lab"}

    def get_queryset(self):
        if self.action == "retrieve":
            return Lab.objects.all()
        return labs_for_listing(Lab.objects.all())

    def get_serializer_class(self):
        return LabDetailSerializer if self.action == "retrieve" else LabSerializer
