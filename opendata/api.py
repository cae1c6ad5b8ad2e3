"""The open datasets through the API: the catalogue (each dataset, its fields and current files), a dataset's
snapshots, and the files themselves, the very ones /datos/ serves (`opendata.files`)."""

from drf_spectacular.plumbing import build_array_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from innovation_platform.core.api import AnyAccept
from opendata.datasets import DATASETS, FORMATS, LICENCE, dataset_or_404
from opendata.files import dataset_file_response
from opendata.models import Snapshot
from opendata.selectors import latest_snapshots

FORMAT_PARAMETER = OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS))
SLUG_PARAMETER = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(DATASETS))
FILE_RESPONSES = {
    (200, FORMATS["csv"]): OpenApiResponse(OpenApiTypes.BINARY, description="RFC 4180, UTF-8 with a byte-order mark."),
    (200, FORMATS["json"]): OpenApiResponse(
        build_array_type(build_object_type(additionalProperties=True)), description="One object per row."
    ),
    (200, FORMATS["xlsx"]): OpenApiTypes.BINARY,
    304: OpenApiResponse(description="Not modified since the ETag or date the request names."),
}


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(help_text="A Table Schema type.")
    description = serializers.CharField()
    enum = serializers.ListField(child=serializers.CharField(), help_text="The values it may take, if limited.")


class FileSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(FORMATS))
    bytes = serializers.IntegerField()
    url = serializers.URLField()


class SnapshotSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = Snapshot
        fields = ["id", "published_at", "rows", "digest", "files"]

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, snapshot) -> list[dict]:
        return [
            {
                "format": download["format"],
                "bytes": download["bytes"],
                "url": reverse(
                    "opendata:snapshot-file",
                    kwargs={"slug": snapshot.dataset, "pk": snapshot.pk, "fmt": download["format"]},
                    request=self.context.get("request"),
                ),
            }
            for download in snapshot.downloads()
        ]


class DatasetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    licence = serializers.URLField()
    fields = FieldSerializer(many=True)
    latest = SnapshotSerializer(allow_null=True, help_text="The current version; null before the first publication.")
    page = serializers.URLField(help_text="The dataset's page on the portal.")


class OpenDataListView(APIView):
    """Every open dataset: what it holds, its fields and its current files (CC BY 4.0)."""

    @extend_schema(responses=DatasetSerializer(many=True))
    def get(self, request):
        latest = latest_snapshots()
        datasets = [
            {
                "slug": slug,
                "title": dataset.title,
                "description": dataset.description,
                "licence": LICENCE["path"],
                "fields": [
                    {"name": f.name, "type": f.type, "description": f.description, "enum": list(f.enum)}
                    for f in dataset.fields
                ],
                "latest": latest.get(slug),
                "page": reverse("opendata:detail", kwargs={"slug": slug}, request=request),
            }
            for slug, dataset in DATASETS.items()
        ]
        return Response(DatasetSerializer(datasets, many=True, context={"request": request}).data)


class OpenDataSnapshotListView(generics.ListAPIView):
    """A dataset's published versions, newest first: each stays available, so a figure can be traced to its file."""

    serializer_class = SnapshotSerializer
    queryset = Snapshot.objects.none()  # the schema's model; the rows come from get_queryset

    @extend_schema(parameters=[SLUG_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        dataset_or_404(self.kwargs["slug"])
        return Snapshot.objects.filter(dataset=self.kwargs["slug"]).order_by("-published_at", "-pk")


class OpenDataFileView(APIView):
    """A dataset's current file in CSV (RFC 4180, UTF-8), JSON or XLSX, gzip-compressed when the client accepts it,
    with an ETag and Last-Modified for conditional requests."""

    content_negotiation_class = AnyAccept

    @extend_schema(parameters=[SLUG_PARAMETER, FORMAT_PARAMETER], responses=FILE_RESPONSES)
    def get(self, request, slug, fmt):
        return dataset_file_response(request, slug, fmt)


class OpenDataSnapshotFileView(APIView):
    """One published version's file."""

    content_negotiation_class = AnyAccept

    @extend_schema(parameters=[SLUG_PARAMETER, FORMAT_PARAMETER], responses=FILE_RESPONSES)
    def get(self, request, slug, pk, fmt):
        return dataset_file_response(request, slug, fmt, pk)
