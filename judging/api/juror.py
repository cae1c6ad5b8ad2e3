"""The jurors' API: their assignments, the proposal to review (blind-aware), saving scores and recusing. The same
selectors, services and rules (judging/rules.py) as the scoring pages."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from innovation_platform.core.permissions import RulePermission
from judging.models import Assignment, Criterion, Round
from judging.selectors.scoring import assignment_for_review, my_assignments, proposal_for_review, review_values
from judging.services.assignment import assignment_recuse
from judging.services.scoring import StaleReview, review_save


class AssignmentRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["id", "name", "method", "starts_at", "ends_at", "is_blind", "jurors_see_scores"]


class AssignmentSerializer(serializers.ModelSerializer):
    round = AssignmentRoundSerializer(read_only=True)
    proposal = serializers.IntegerField(source="proposal_id", read_only=True)
    reference = serializers.CharField(source="proposal.reference", read_only=True)
    title = serializers.CharField(source="proposal.title", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "round", "proposal", "reference", "title", "status", "revision", "submitted_at"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "scale_min", "scale_max", "step", "counted"]


class ProposalForReviewSerializer(serializers.Serializer):
    """Only what the juror may see: no team, contacts, private answers or documents in a blind round."""

    id = serializers.IntegerField(source="proposal.pk")
    reference = serializers.CharField(source="proposal.reference")
    title = serializers.CharField(source="proposal.title")
    summary = serializers.CharField(source="proposal.summary")
    problem = serializers.CharField(source="proposal.problem")
    solution = serializers.CharField(source="proposal.solution")
    beneficiaries = serializers.CharField(source="proposal.beneficiaries")
    territory = serializers.CharField(source="proposal.territory")
    expected_impact = serializers.CharField(source="proposal.expected_impact")
    stage = serializers.CharField(source="proposal.stage")
    country = serializers.CharField(source="proposal.country.code")
    region = serializers.CharField(source="proposal.region")
    blind = serializers.BooleanField()
    team = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    def get_team(self, review) -> list[dict]:
        return [{"name": member["name"], "role": member["role"]} for member in review.team]

    def get_answers(self, review) -> list[dict]:
        return [{"question": row["question"].label, "text": row["text"]} for row in review.answers]

    def get_images(self, review) -> list[dict]:
        request = self.context["request"]
        return [
            {"url": request.build_absolute_uri(image.image.url), "alt_text": image.alt_text} for image in review.images
        ]

    def get_attachments(self, review) -> list[dict]:
        return [{"name": attachment.name, "size": attachment.size} for attachment in review.attachments]


class ReviewSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_null=True, allow_blank=True),
        help_text="Criterion id → score; null or empty clears it; criteria left out keep their score.",
    )
    comment = serializers.CharField(allow_blank=True, default="")
    feedback = serializers.CharField(allow_blank=True, default="")
    revision = serializers.IntegerField(min_value=0, help_text="The revision the juror's copy was loaded at.")
    submit = serializers.BooleanField(default=False)

    def validate_scores(self, value):
        try:
            return {int(key): score for key, score in value.items()}
        except ValueError:
            raise serializers.ValidationError("Keys must be criterion ids.") from None


class RecuseSerializer(serializers.Serializer):
    reason = serializers.CharField()


class MyAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in juror's reviews in every round of which they are an active juror."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    permission_rules = {"retrieve": "judging.view_assignment", "review": "judging.score", "recuse": "judging.recuse"}

    def get_permissions(self):
        if self.action == "list":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()  # the schema generator has no signed-in user
        return my_assignments(self.request.user)

    def get_object(self) -> Assignment:
        pk = self.kwargs["pk"]
        if not self.get_queryset().filter(pk=pk).exists():
            raise Http404
        assignment = assignment_for_review(pk)
        self.check_object_permissions(self.request, assignment)
        return assignment

    def _detail(self, assignment: Assignment) -> dict:
        return {
            **AssignmentSerializer(assignment).data,
            "proposal_for_review": ProposalForReviewSerializer(
                proposal_for_review(assignment), context={"request": self.request}
            ).data,
            "criteria": CriterionSerializer(assignment.round.criteria.all(), many=True).data,
            "scores": {str(pk): str(value) for pk, value in review_values(assignment).items()},
            "comment": assignment.comment,
            "feedback": assignment.feedback,
        }

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, pk=None):
        return Response(self._detail(self.get_object()))

    @extend_schema(request=ReviewSerializer, responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Save or submit the review. 409 when it changed since `revision` (another device saved first)."""
        assignment = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review_save(assignment=assignment, actor=request.user, **data.validated_data)
        except StaleReview as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        return Response(self._detail(assignment_for_review(assignment.pk)))

    @extend_schema(request=RecuseSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        """Step back from the proposal with a reason; it is reassigned to keep k reviews."""
        assignment = self.get_object()
        data = RecuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = assignment_recuse(assignment=assignment, juror_user=request.user, reason=data.validated_data["reason"])
        return Response({"reassigned": report.created, "problems": report.problems})
