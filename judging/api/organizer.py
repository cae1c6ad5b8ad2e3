"""The organizers' judging API: rounds, their results, the selection (propose, confirm), publication and the
auditable record. The same selectors, services and rules (judging/rules.py) as the results pages."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from innovation_platform.core.api import AnyAccept
from innovation_platform.core.exports import XLSX_CONTENT_TYPE
from innovation_platform.core.permissions import RulePermission, can
from judging.exports import reviews_export_response
from judging.models import Round, SelectionDecision, TeamFeedback
from judging.selectors.results import (
    RankingOverview,
    ranking_page,
    round_decisions,
    round_ranking,
    round_record,
    rounds_organized_by,
)
from judging.services.results import results_publish
from judging.services.selection import selection_confirm, selection_propose


class RoundSerializer(serializers.ModelSerializer):
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "challenge",
            "name",
            "position",
            "method",
            "scope",
            "starts_at",
            "ends_at",
            "reviews_per_proposal",
            "is_blind",
            "jurors_see_scores",
            "seed",
            "team_feedback",
            "results_published_at",
        ]


class RankPlacementSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    tie_group = serializers.IntegerField()
    tied = serializers.IntegerField()
    broken_by = serializers.CharField()


class RoundResultRowSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()
    reviews = serializers.IntegerField(source="result.reviews")
    raw_mean = serializers.FloatField(source="result.raw_mean")
    raw_median = serializers.FloatField(source="result.raw_median")
    normalised = serializers.FloatField(source="result.normalised")
    spread = serializers.FloatField(source="result.spread")
    disagreement = serializers.BooleanField(source="result.disagreement")
    draw = serializers.IntegerField(source="result.draw")
    raw_rank = RankPlacementSerializer(source="result.raw_rank")
    normalised_rank = RankPlacementSerializer(source="result.normalised_rank")


class JurorProgressSerializer(serializers.Serializer):
    juror = serializers.SerializerMethodField()
    to_do = serializers.IntegerField(source="assigned")

    def get_juror(self, info) -> str:
        return info.name if self.context["show_names"] else info.pseudonym


class JurorFallbackSerializer(serializers.Serializer):
    juror = serializers.SerializerMethodField()
    reviews = serializers.IntegerField()
    reason = serializers.CharField()

    def get_juror(self, note) -> str:
        return note.juror.name if self.context["show_names"] else note.juror.pseudonym


RESULTS_PER_PAGE = 100


@dataclass(frozen=True)
class ResultsPage:
    """A round's kept ranking, summary and one page of rows, as the results page shows it."""

    round: Round
    overview: RankingOverview
    page: Page


class RoundResultsSerializer(serializers.Serializer):
    seed = serializers.IntegerField(source="round.seed")
    published_at = serializers.DateTimeField(source="round.results_published_at", allow_null=True)
    missing_reviews = serializers.IntegerField(source="overview.missing_reviews")
    ranked = serializers.IntegerField(source="overview.ranked", help_text="Proposals in the whole ranking.")
    page = serializers.IntegerField(source="page.number")
    pages = serializers.IntegerField(source="page.paginator.num_pages")
    ranking = serializers.SerializerMethodField()
    fallbacks = JurorFallbackSerializer(source="overview.fallbacks", many=True)
    unfinished = JurorProgressSerializer(source="overview.unfinished", many=True)

    @extend_schema_field(RoundResultRowSerializer(many=True))
    def get_ranking(self, results: ResultsPage) -> list:
        rows = [row for row, _decision in results.page.object_list]
        return RoundResultRowSerializer(rows, many=True).data


class SelectionDecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="proposal.reference", read_only=True)

    class Meta:
        model = SelectionDecision
        fields = ["proposal", "reference", "decision", "rank", "waitlist_position", "feedback", "confirmed_at"]


class SelectionProposeSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, required=False, help_text="Default: the challenge's setting.")
    waitlist = serializers.IntegerField(min_value=0, required=False, help_text="Default: the challenge's setting.")


class SelectionConfirmSerializer(serializers.Serializer):
    despite_missing = serializers.BooleanField(default=False, help_text="Confirm although reviews are missing.")


class ResultsPublishSerializer(serializers.Serializer):
    team_feedback = serializers.ChoiceField(
        choices=TeamFeedback.choices,
        required=False,
        help_text="What teams receive of the jurors' reviews (signed “Juror 1”, “Juror 2”…); default: the round's.",
    )


class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Judging rounds of the challenges you organize; a round's results (also for whoever the rules let see them),
    its selection, publication and auditable record."""

    serializer_class = RoundSerializer
    permission_classes = [RulePermission]
    permission_rules = {
        "retrieve": "judging.manage_round",
        "results": "judging.view_results",
        "select": "judging.manage_round",
        "confirm": "judging.manage_round",
        "publish": "judging.manage_round",
        "export": "judging.export_round",
        "reviews": "judging.export_round",
    }

    def get_permissions(self):
        if self.action == "list":
            return [IsAuthenticated()]  # the list holds only the rounds the user organizes
        return super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Round.objects.none()
        return rounds_organized_by(self.request.user)

    def get_object(self) -> Round:
        round_ = get_object_or_404(Round.objects.select_related("challenge__lab", "tie_break"), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, round_)
        return round_

    @extend_schema(
        responses=RoundResultsSerializer,
        parameters=[OpenApiParameter("page", int, description=f"{RESULTS_PER_PAGE} rows a page, by position.")],
    )
    @action(detail=True)
    def results(self, request, pk=None):
        """The kept ranking, a page at a time (the whole ranking is in `export`)."""
        round_ = self.get_object()
        organizer = can(request.user, "judging.manage_round", round_)
        context = {"show_names": organizer or not round_.is_blind}
        overview = round_ranking(round_)
        page = ranking_page(round_, overview, request.query_params.get("page"), RESULTS_PER_PAGE)
        return Response(RoundResultsSerializer(ResultsPage(round_, overview, page), context=context).data)

    @extend_schema(request=SelectionProposeSerializer, responses=SelectionDecisionSerializer(many=True))
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        round_ = self.get_object()
        data = SelectionProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        selection_propose(round_=round_, actor=request.user, **data.validated_data)
        return Response(SelectionDecisionSerializer(round_decisions(round_), many=True).data)

    @extend_schema(request=SelectionConfirmSerializer, responses=SelectionDecisionSerializer(many=True))
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        round_ = self.get_object()
        data = SelectionConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        selection_confirm(round_=round_, actor=request.user, **data.validated_data)
        return Response(SelectionDecisionSerializer(round_decisions(round_), many=True).data)

    @extend_schema(request=ResultsPublishSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        round_ = self.get_object()
        data = ResultsPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(RoundSerializer(results_publish(round_=round_, actor=request.user, **data.validated_data)).data)

    @extend_schema(
        parameters=[OpenApiParameter("public", OpenApiTypes.BOOL, description="Pseudonymise jurors (for release).")],
        responses=OpenApiTypes.OBJECT,
    )
    @extend_schema(
        parameters=[OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
    )
    @action(detail=True, url_path=r"reviews\.(?P<fmt>csv|xlsx)", content_negotiation_class=AnyAccept)
    def reviews(self, request, pk=None, fmt=None):
        """Every review of the round, one column per criterion, as the results page's download."""
        return reviews_export_response(self.get_object(), fmt)

    @action(detail=True)
    def export(self, request, pk=None):
        public = request.query_params.get("public") in {"1", "true"}
        return Response(round_record(self.get_object(), public=public))
