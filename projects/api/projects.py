"""The projects API, read-only: the network's public projects and a project's page, with their outcomes.

Reads use the selectors of the HTML gallery and page and ask the same rules (projects/rules.py): the list shows only
public projects, a project someone may not see answers 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from innovation_platform.core.permissions import RulePermission
from innovation_platform.core.regions import PeruRegion
from projects.access import project_or_404
from projects.models import Outcome, OutcomeChange, Project
from projects.selectors.projects import project_for_page, projects_gallery
from proposals.selectors.proposals import proposal_team


class ProjectCursorPagination(CursorPagination):
    """Pages read after a position, newest first: no count, so the cost stays flat however many projects exist."""

    ordering = ("-created_at", "-pk")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ProjectFilterSerializer(serializers.Serializer):
    challenge = serializers.SlugField(required=False, help_text="The challenge's web address (slug).")
    lab = serializers.SlugField(required=False, help_text="The lab's short name (slug).")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    region = serializers.ChoiceField(choices=PeruRegion.choices, required=False)


class ProjectCardSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:project-detail")
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    reference = serializers.CharField(read_only=True)
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    region = serializers.CharField(source="proposal.region", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "url", "page", "reference", "title", "summary", "challenge", "region", "outcome"]
        fields += ["outcome_display", "outcome_on"]


class OutcomeChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeChange
        fields = ["outcome", "on", "reason", "adopted_by", "adopted_url"]


class TeamMemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    is_lead = serializers.BooleanField()


class ProjectDetailSerializer(ProjectCardSerializer):
    team = serializers.SerializerMethodField()
    history = OutcomeChangeSerializer(source="outcome_changes", many=True, read_only=True)
    proposal = serializers.HyperlinkedRelatedField(view_name="v1:proposal-detail", read_only=True)
    licence = serializers.CharField(source="proposal.licence", read_only=True, help_text="Of the outcome, as chosen.")

    class Meta(ProjectCardSerializer.Meta):
        fields = ProjectCardSerializer.Meta.fields + [
            "adopted_by",
            "adopted_url",
            "built_what",
            "built_how",
            "materials",
            "replication",
            "repository_url",
            "media_url",
            "video_url",
            "licence",
            "team",
            "history",
            "proposal",
        ]

    @extend_schema(responses=TeamMemberSerializer(many=True))
    def get_team(self, project) -> list[dict]:
        return [
            {key: str(member[key]) if key == "role" else member[key] for key in ("name", "role", "is_lead")}
            for member in proposal_team(project.proposal)
        ]


class ProjectViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Projects: what selected proposals became in the lab and after, with their outcomes (Markdown texts as
    written). The list holds public projects only; a project someone may not see answers 404."""

    permission_classes = [RulePermission]
    permission_rules = {"retrieve": "projects.view_project"}
    pagination_class = ProjectCursorPagination
    filter_backends = []

    def get_permissions(self):
        return [] if self.action == "list" else super().get_permissions()

    def get_serializer_class(self):
        return ProjectCardSerializer if self.action == "list" else ProjectDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        filters = ProjectFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return projects_gallery(**filters.validated_data)

    @extend_schema(parameters=[ProjectFilterSerializer])
    def list(self, request, *args, **kwargs):
        """The network's public projects, newest first, filtered by challenge, lab, outcome or region."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        """A project with its documentation, team (names and roles) and outcome history."""
        project = project_or_404(request.user, pk, fetch=project_for_page)
        self.check_object_permissions(request, project)
        return Response(self.get_serializer(project).data)
