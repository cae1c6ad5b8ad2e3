"""The teams API: a proposal's team and invitations, and answering an invitation by its token.

Same services and rules (proposals/rules.py) as the team pages; refusals are 400s with the
services' translated message.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from innovation_platform.core.permissions import RulePermission, can, require
from proposals.models import Invitation, Proposal, ProposalMember
from proposals.selectors.teams import invitation_by_token, team_members, team_pending_invitations
from proposals.services.teams import (
    team_accept_invitation,
    team_decline_invitation,
    team_invite,
    team_leave,
    team_revoke_invitation,
)


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")

    class Meta:
        model = ProposalMember
        fields = ["id", "name", "role", "joined_at"]


class InvitationSerializer(serializers.ModelSerializer):
    """A pending invitation as the team sees it; the address only for those who manage the team."""

    invitee = serializers.CharField(source="invitee.full_name", default=None)
    is_link = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "invitee", "is_link", "status", "created_at", "expires_at"]


class TeamSerializer(serializers.Serializer):
    members = MemberSerializer(many=True)
    invitations = InvitationSerializer(many=True)


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField()


class RevokeSerializer(serializers.Serializer):
    invitation = serializers.IntegerField(help_text="The id of a pending invitation of this team.")


class InvitationPublicSerializer(serializers.ModelSerializer):
    """What the holder of an invitation's token learns: who invites to what, and its state."""

    proposal = serializers.CharField(source="proposal.title")
    challenge = serializers.CharField(source="proposal.challenge.title")
    invited_by = serializers.CharField(source="invited_by.full_name", default=None)
    is_link = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["proposal", "challenge", "invited_by", "is_link", "status", "expires_at"]


class TeamViewSet(viewsets.GenericViewSet):
    """The team of a proposal, by the proposal's id."""

    permission_classes = [RulePermission]
    permission_rules = {
        "retrieve": "proposals.view_team",
        "invite": "proposals.manage_team",
        "revoke": "proposals.manage_team",
        "leave": "proposals.leave_team",
    }
    serializer_class = TeamSerializer
    queryset = Proposal.objects.none()

    def get_object(self) -> Proposal:
        proposal = Proposal.objects.select_related("challenge").filter(pk=self.kwargs["pk"]).first()
        if proposal is None or not can(self.request.user, "proposals.view_proposal", proposal):
            if not self.request.user.is_authenticated:
                self.permission_denied(self.request)
            raise Http404
        self.check_object_permissions(self.request, proposal)
        return proposal

    def _team(self, proposal: Proposal) -> dict:
        invitations = team_pending_invitations(proposal)
        data = TeamSerializer({"members": team_members(proposal), "invitations": invitations}).data
        if not can(self.request.user, "proposals.manage_team", proposal):
            for invitation in data["invitations"]:
                invitation["email"] = ""
        return data

    def retrieve(self, request, pk=None):
        """Members, the lead first, and pending invitations (e-mail addresses only for the lead)."""
        return Response(self._team(self.get_object()))

    @extend_schema(request=InviteSerializer, responses={201: InvitationSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Invite someone by e-mail as a co-author; the invitation is e-mailed."""
        proposal = self.get_object()
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = team_invite(proposal=proposal, actor=request.user, email=serializer.validated_data["email"])
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses={200: InvitationSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke a pending invitation or shareable link: its link stops working."""
        proposal = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = get_object_or_404(proposal.invitations, pk=serializer.validated_data["invitation"])
        return Response(InvitationSerializer(team_revoke_invitation(invitation=invitation, actor=request.user)).data)

    @extend_schema(request=None, responses={204: None, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Leave the team (the lead hands the lead over first)."""
        team_leave(proposal=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(viewsets.GenericViewSet):
    """An invitation by its secret token: read it, accept it or decline it."""

    lookup_field = "token"
    permission_classes = [IsAuthenticated]
    serializer_class = InvitationPublicSerializer
    queryset = Invitation.objects.none()

    def retrieve(self, request, token=None):
        invitation = invitation_by_token(token)
        if invitation is None:
            raise Http404
        return Response(InvitationPublicSerializer(invitation).data)

    @extend_schema(request=None, responses={200: MemberSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def accept(self, request, token=None):
        """Join the team as a co-author."""
        require(request.user, "proposals.answer_invitation")
        member = team_accept_invitation(token=token, user=request.user)
        return Response(MemberSerializer(member).data)

    @extend_schema(request=None, responses={200: InvitationPublicSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def decline(self, request, token=None):
        require(request.user, "proposals.answer_invitation")
        invitation = team_decline_invitation(token=token, user=request.user)
        return Response(InvitationPublicSerializer(invitation).data)
