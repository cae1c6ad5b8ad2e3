"""The supports API: a person's support of a proposal, and a challenge's supports ranking.

Same services, selectors and rules as the support buttons and the ranking page; refusals are
400s with the services' translated message.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from challenges.access import challenge_or_404
from challenges.api import REFUSED
from challenges.selectors import challenge_with_phases
from innovation_platform.core.permissions import can
from proposals.access import proposal_or_404
from proposals.models import Proposal
from proposals.selectors.supports import support_state, supports_ranking
from proposals.services.supports import proposal_support, proposal_unsupport


class SupportStateSerializer(serializers.Serializer):
    supported = serializers.BooleanField(help_text="Whether the caller supports the proposal.")
    count = serializers.IntegerField(
        allow_null=True, help_text="Supports of the proposal; null while the challenge keeps counts hidden."
    )
    is_open = serializers.BooleanField(help_text="Whether supporting is open now.")
    supports_left = serializers.IntegerField(
        source="left",
        allow_null=True,
        help_text="How many more proposals the caller may support; null without a limit.",
    )


class RankingSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    supports = serializers.IntegerField(source="support_count", read_only=True)
    rank = serializers.IntegerField(read_only=True, help_text="Proposals with as many supports share a rank.")

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "supports", "rank"]


def _state(user, proposal: Proposal) -> dict:
    return SupportStateSerializer(support_state(proposal, user)).data


class ProposalSupportView(APIView):
    """The caller's support of a proposal: read it, give it (POST) or withdraw it (DELETE)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: SupportStateSerializer})
    def get(self, request, pk):
        return Response(_state(request.user, proposal_or_404(request.user, pk)))

    @extend_schema(request=None, responses={201: SupportStateSerializer, 400: REFUSED})
    def post(self, request, pk):
        proposal = proposal_or_404(request.user, pk)
        proposal_support(proposal=proposal, user=request.user)
        return Response(_state(request.user, proposal), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Support withdrawn."), 400: REFUSED})
    def delete(self, request, pk):
        proposal_unsupport(proposal=proposal_or_404(request.user, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SupportsRankingView(generics.ListAPIView):
    """A challenge's public proposals by supports, most first, ties by reference: for its
    organizers, and for everyone when they publish it and the counts are visible."""

    serializer_class = RankingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no challenge
            return Proposal.objects.none()
        user = self.request.user
        challenge = challenge_or_404(user, self.kwargs["slug"], fetch=challenge_with_phases)
        if not can(user, "proposals.view_supports_ranking", challenge):
            raise PermissionDenied if user.is_authenticated else NotAuthenticated
        return supports_ranking(challenge)
