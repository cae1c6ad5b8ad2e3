"""The collaborator call over the API: open roles, applying, one's applications, the team's decisions.

Same selectors, services and rules as the pages (proposals/views/roles.py).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from challenges.access import public_challenge_or_404
from innovation_platform.core.permissions import require, require_visible
from proposals.access import proposal_visible_or_404
from proposals.models import Proposal, RoleApplication, RoleSlot
from proposals.selectors.roles import applications_of_user, challenge_applications, open_roles, role_for_applying
from proposals.services.roles import (
    Decision,
    role_application_decide,
    role_application_withdraw,
    role_apply,
)


class OpenRoleSerializer(serializers.ModelSerializer):
    proposal = serializers.IntegerField(source="proposal_id")
    proposal_title = serializers.CharField(source="proposal.title")
    places_left = serializers.IntegerField()

    class Meta:
        model = RoleSlot
        fields = ["id", "proposal", "proposal_title", "title", "description", "skills", "slots", "places_left"]


class ApplySerializer(serializers.Serializer):
    motivation = serializers.CharField(max_length=2000)
    links = serializers.ListField(child=serializers.CharField(max_length=500), required=False, default=list)


class ApplicationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text="pending, shortlisted, proposed (by the matching), accepted, declined or withdrawn; "
        "described as text: several models have a `status`.",
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    role = serializers.IntegerField(source="slot_id")
    role_title = serializers.CharField(source="slot.title")
    proposal = serializers.IntegerField(source="slot.proposal_id")

    class Meta:
        model = RoleApplication
        fields = [
            "id",
            "role",
            "role_title",
            "proposal",
            "status",
            "status_display",
            "preference",
            "created_at",
            "decided_at",
        ]


class TeamApplicationSerializer(ApplicationSerializer):
    applicant = serializers.CharField(source="applicant.full_name")

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "applicant", "motivation", "links", "rating"]


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.CHOICES)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)


class OpenRoleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open roles of a challenge's selected proposals (`?challenge=<slug>`, optional `?skill=`); apply to one."""

    serializer_class = OpenRoleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return RoleSlot.objects.none()
        slug = self.request.query_params.get("challenge")
        if not slug:
            raise ValidationError({"challenge": ["Give the challenge's slug."]})
        challenge = public_challenge_or_404(slug)
        return open_roles(challenge, skill=self.request.query_params.get("skill", ""))

    @extend_schema(request=ApplySerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def apply(self, request, pk=None):
        try:
            slot = role_for_applying(pk)
        except (RoleSlot.DoesNotExist, ValueError):
            raise Http404 from None
        proposal_visible_or_404(request.user, slot.proposal, "proposals.apply_to_role")
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = role_apply(slot=slot, applicant=request.user, **data.validated_data)
        return Response(ApplicationSerializer(application).data, status=201)


class MyApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in person's applications, in their order of preference; withdraw one."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleApplication.objects.none()
        return applications_of_user(self.request.user)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(
            ApplicationSerializer(role_application_withdraw(application=application, actor=request.user)).data
        )


class TeamApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Applications to a proposal's roles (`?proposal=<id>`), for its team and organizers; decide on one."""

    serializer_class = TeamApplicationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleApplication.objects.none()
        try:
            proposal = Proposal.objects.select_related("challenge").get(pk=int(self.request.query_params["proposal"]))
        except (KeyError, ValueError, Proposal.DoesNotExist):
            raise ValidationError({"proposal": ["Give the id of a proposal of yours."]}) from None
        require(self.request.user, "proposals.view_applications", proposal)
        return challenge_applications(proposal.challenge, proposal_id=proposal.pk)

    @extend_schema(request=DecisionSerializer, responses=TeamApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = get_object_or_404(
            RoleApplication.objects.select_related("slot__proposal__challenge", "applicant"), pk=pk
        )
        # Only those who see the team's applications learn that this one exists.
        require_visible(
            request.user,
            application.slot.proposal,
            view="proposals.view_applications",
            action="proposals.decide_applications",
        )
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = role_application_decide(
            application=application,
            actor=request.user,
            decision=data.validated_data["decision"],
            rating=data.validated_data.get("rating"),
        )
        return Response(TeamApplicationSerializer(application).data)
