"""The organizers' setup API: a round's settings, its criteria, its jury and conflicts, and who reviews what. The
same services and rules (judging/rules.py) as the setup and progress pages.

Criteria, jurors and assignments belong to a round: lists take it as the `round` query parameter, creations as the
`round` field, and every call is checked against `judging.manage_round` on that round.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from challenges.models import Challenge
from innovation_platform.core.permissions import can
from judging.models import Assignment, Criterion, Juror, Round
from judging.selectors.rounds import public_gallery_warning, round_jury
from judging.services.assignment import assignment_add, assignment_remove, round_assign
from judging.services.conflicts import conflicts_refresh
from judging.services.jury import jury_invite, jury_revoke, jury_update
from judging.services.rounds import (
    ROUND_FIELDS,
    criterion_create,
    criterion_delete,
    criterion_update,
    round_create,
    round_update,
)
from proposals.models import Proposal

ROUND_PARAMETER = OpenApiParameter("round", OpenApiTypes.INT, required=True, description="The round's id.")


class RoundSetupSerializer(serializers.ModelSerializer):
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    previous = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all(), allow_null=True, required=False)
    tie_break = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all(), allow_null=True, required=False)

    warnings = serializers.SerializerMethodField(
        help_text="What the organizers should know, e.g. that a blind round runs on a call whose proposals are public."
    )

    class Meta:
        model = Round
        fields = ["id", "challenge", *ROUND_FIELDS, "criteria_locked_at", "results_published_at", "warnings"]
        extra_kwargs = {"seed": {"help_text": "Default on creation: a random seed."}}

    def get_warnings(self, round_: Round) -> list[str]:
        return [warning] if (warning := public_gallery_warning(round_)) else []


class RoundCreateSerializer(RoundSetupSerializer):
    challenge = serializers.SlugField(help_text="The challenge's slug.")


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "round", "name", "description", "weight", "scale_min", "scale_max", "step", "counted"]
        read_only_fields = ["round"]


class CriterionCreateSerializer(CriterionSerializer):
    round = serializers.IntegerField()

    class Meta(CriterionSerializer.Meta):
        read_only_fields = []


class JurorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", default="", read_only=True)
    load = serializers.IntegerField(read_only=True, help_text="Reviews assigned, recusals left out.")
    done = serializers.IntegerField(read_only=True)
    conflicts = serializers.IntegerField(source="conflict_count", read_only=True)

    class Meta:
        model = Juror
        fields = [
            "id",
            "round",
            "email",
            "name",
            "status",
            "max_load",
            "expertise",
            "invited_at",
            "expires_at",
            "accepted_at",
            "load",
            "done",
            "conflicts",
        ]
        read_only_fields = ["round", "email", "status", "invited_at", "expires_at", "accepted_at"]


class JurorUpdateSerializer(serializers.Serializer):
    max_load = serializers.IntegerField(min_value=1, max_value=1000)
    expertise = serializers.ListField(child=serializers.CharField(), required=False)


class JurorInviteSerializer(JurorUpdateSerializer):
    round = serializers.IntegerField()
    email = serializers.EmailField()
    max_load = serializers.IntegerField(min_value=1, max_value=1000, default=20)
    expertise = serializers.ListField(child=serializers.CharField(), default=list)


class AssignmentSetupSerializer(serializers.ModelSerializer):
    juror_email = serializers.EmailField(source="juror.email", read_only=True)
    reference = serializers.CharField(source="proposal.reference", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "round", "juror", "juror_email", "proposal", "reference", "status", "is_calibration"]
        read_only_fields = fields


class AssignmentAddSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    juror = serializers.PrimaryKeyRelatedField(queryset=Juror.objects.all())
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())
    over_load = serializers.BooleanField(default=False, help_text="Confirm a juror already at their maximum load.")


class AssignmentReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    removed = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField())


class ConflictsSerializer(serializers.Serializer):
    excluded = serializers.IntegerField(help_text="Juror–proposal pairs the assignment avoids, declared ones included.")


class SetupViewSet(viewsets.GenericViewSet):
    """Every call needs `judging.manage_round` on the round concerned (`judging.add_round` on the challenge to create
    a round)."""

    permission_classes = [IsAuthenticated]

    def checked_round(self, pk) -> Round:
        """The round named by `pk` (the query or body's `round`), if the user manages it."""
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise ValidationError({"round": [_("Give the round's id.")]}) from None
        # A field of the request, not the address: an unknown round is a refused field (400), not a missing page.
        round_ = Round.objects.select_related("challenge__lab").filter(pk=pk).first()
        if round_ is None:
            raise ValidationError({"round": [_("There is no round with this id.")]})
        self.check_round(round_)
        return round_

    def check_round(self, round_: Round) -> None:
        if not can(self.request.user, "judging.manage_round", round_):
            self.permission_denied(self.request)


class RoundSetupViewSet(mixins.RetrieveModelMixin, SetupViewSet):
    """Create and configure rounds; refresh their conflicts of interest and run their assignment."""

    queryset = Round.objects.select_related("challenge__lab")
    serializer_class = RoundSetupSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_object(self) -> Round:
        round_ = super().get_object()
        self.check_round(round_)
        return round_

    @extend_schema(request=RoundCreateSerializer, responses={201: RoundSetupSerializer})
    def create(self, request):
        """A new round. Its dates must lie inside the challenge's evaluation or final-judging phase."""
        challenge = Challenge.objects.select_related("lab").filter(slug=str(request.data.get("challenge", ""))).first()
        # A draft's existence is not revealed: it answers as an unknown slug.
        if challenge is None or not can(request.user, "challenges.view_challenge", challenge):
            raise ValidationError({"challenge": [_("There is no challenge with this address.")]})
        if not can(request.user, "judging.add_round", challenge):
            self.permission_denied(request)
        data = RoundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {name: value for name, value in data.validated_data.items() if name != "challenge"}
        defaults = {name: Round._meta.get_field(name).get_default() for name in ROUND_FIELDS if name != "seed"}
        round_ = round_create(challenge=challenge, actor=request.user, **(defaults | fields))
        return Response(RoundSetupSerializer(round_).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        round_ = self.get_object()
        data = RoundSetupSerializer(round_, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        round_ = round_update(round_=round_, actor=request.user, **data.validated_data)
        return Response(RoundSetupSerializer(round_).data)

    @extend_schema(request=None, responses=ConflictsSerializer)
    @action(detail=True, methods=["post"], url_path="refresh-conflicts")
    def refresh_conflicts(self, request, pk=None):
        """Recompute the automatic conflicts (team, same lab); declared ones stay."""
        pairs = conflicts_refresh(self.get_object(), actor=request.user)
        return Response({"excluded": len(pairs)})

    @extend_schema(request=None, responses=AssignmentReportSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Give every proposal in scope its k reviewers; `problems` lists, in words, what could not be met."""
        report = round_assign(round_=self.get_object(), actor=request.user)
        return Response(AssignmentReportSerializer(report).data)


class RoundItemsViewSet(SetupViewSet):
    """Items of a round (subclasses say which in `round_items`): listed with `?round=`, created with a `round`
    field, changed through their own round."""

    def get_object(self):
        item = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_round(item.round)
        return item

    @extend_schema(parameters=[ROUND_PARAMETER])
    def list(self, request):
        items = self.round_items(self.checked_round(request.query_params.get("round")))
        page = self.paginate_queryset(items)
        if page is None:
            return Response(self.get_serializer(items, many=True).data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CriterionViewSet(RoundItemsViewSet):
    """A rubric round's criteria, in order. Refused once scoring has begun (the criteria are locked)."""

    queryset = Criterion.objects.select_related("round__challenge__lab")
    serializer_class = CriterionSerializer
    pagination_class = None  # a round has a handful of criteria
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def round_items(self, round_):
        return round_.criteria.all()

    @extend_schema(request=CriterionCreateSerializer, responses={201: CriterionSerializer})
    def create(self, request):
        round_ = self.checked_round(request.data.get("round"))
        data = CriterionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {name: value for name, value in data.validated_data.items() if name != "round"}
        criterion = criterion_create(round_=round_, actor=request.user, **fields)
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        criterion = self.get_object()
        data = CriterionSerializer(criterion, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        criterion = criterion_update(criterion=criterion, actor=request.user, **data.validated_data)
        return Response(CriterionSerializer(criterion).data)

    def destroy(self, request, pk=None):
        criterion_delete(criterion=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JurorViewSet(RoundItemsViewSet):
    """A round's jury: invitations by e-mail, each juror's load and expertise, revocation."""

    queryset = Juror.objects.select_related("round__challenge__lab")
    serializer_class = JurorSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def round_items(self, round_):
        return round_jury(round_)

    def _shown(self, juror: Juror) -> dict:
        return JurorSerializer(round_jury(juror.round).get(pk=juror.pk)).data

    def retrieve(self, request, pk=None):
        return Response(self._shown(self.get_object()))

    @extend_schema(request=JurorInviteSerializer, responses={201: JurorSerializer})
    def create(self, request):
        """Invite a person by e-mail; they receive a link valid for two weeks."""
        round_ = self.checked_round(request.data.get("round"))
        data = JurorInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {name: value for name, value in data.validated_data.items() if name != "round"}
        juror = jury_invite(round_=round_, actor=request.user, **fields)
        return Response(self._shown(juror), status=status.HTTP_201_CREATED)

    @extend_schema(request=JurorUpdateSerializer, responses=JurorSerializer)
    def partial_update(self, request, pk=None):
        """Change the juror's maximum load or expertise; assignments already made stay."""
        juror = self.get_object()
        data = JurorUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {"max_load": juror.max_load, "expertise": juror.expertise, **data.validated_data}
        return Response(self._shown(jury_update(juror=juror, actor=request.user, **fields)))

    @extend_schema(request=None, responses=JurorSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Take the juror off the jury (or cancel the invitation); their unscored reviews are released."""
        return Response(self._shown(jury_revoke(juror=self.get_object(), actor=request.user)))


class AssignmentSetupViewSet(RoundItemsViewSet):
    """Who reviews what in a round, adjusted by hand; every change is audited."""

    queryset = Assignment.objects.select_related("round__challenge__lab")
    serializer_class = AssignmentSetupSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def round_items(self, round_):
        assignments = round_.assignments.select_related("juror", "proposal__challenge")
        return assignments.order_by("proposal__number", "juror__email")

    @extend_schema(request=AssignmentAddSerializer, responses={201: AssignmentSetupSerializer})
    def create(self, request):
        """Give one proposal to one juror. Refuses conflicts, duplicates, proposals out of the round's scope and,
        unless `over_load` confirms it, a juror at their maximum load."""
        round_ = self.checked_round(request.data.get("round"))
        data = AssignmentAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {name: value for name, value in data.validated_data.items() if name != "round"}
        assignment = assignment_add(round_=round_, actor=request.user, **fields)
        return Response(AssignmentSetupSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        """Take the review away from its juror, only while it has no scores."""
        assignment_remove(assignment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
