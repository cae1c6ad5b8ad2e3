"""The teams API: a proposal's team and invitations, answering an invitation by its token, and
requests to join a team.

Same services and rules (proposals/rules.py) as the team pages; refusals are 400s with the
services' translated message.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from innovation_platform.core.permissions import RulePermission, can, require
from proposals.access import proposal_or_404, proposal_visible_or_404
from proposals.models import Invitation, JoinRequest, Proposal, ProposalMember
from proposals.selectors.teams import (
    invitation_by_token,
    join_requests_of_user,
    team_join_requests,
    team_members,
    team_pending_invitations,
)
from proposals.services.teams import (
    MAX_JOIN_MESSAGE,
    team_accept_invitation,
    team_decline_invitation,
    team_invite,
    team_join_request,
    team_join_request_accept,
    team_join_request_decline,
    team_join_request_withdraw,
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


class JoinRequestSerializer(serializers.ModelSerializer):
    """A request to join a team, as the person who asked sees it."""

    proposal = serializers.IntegerField(source="proposal_id", read_only=True)
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="pending, accepted, declined or withdrawn; described as text: several models have a `status`.",
    )

    class Meta:
        model = JoinRequest
        fields = ["id", "proposal", "proposal_title", "message", "status", "created_at", "decided_at"]


class TeamJoinRequestSerializer(JoinRequestSerializer):
    """A request to join as the team's lead sees it: who asks, their skills and public profile."""

    name = serializers.CharField(source="user.full_name", read_only=True)
    skills = serializers.SerializerMethodField()
    profile_url = serializers.SerializerMethodField()

    class Meta(JoinRequestSerializer.Meta):
        fields = [*JoinRequestSerializer.Meta.fields, "name", "skills", "profile_url"]

    def _profile(self, join_request: JoinRequest):
        return getattr(join_request.user, "profile", None)

    def get_skills(self, join_request: JoinRequest) -> list[str]:
        profile = self._profile(join_request)
        return [tag.name for tag in profile.skills.all()] if profile else []

    def get_profile_url(self, join_request: JoinRequest) -> str:
        """The person's public profile page, or empty when their profile is not public."""
        profile = self._profile(join_request)
        return profile.get_absolute_url() if profile and profile.is_public else ""


class AskToJoinSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=MAX_JOIN_MESSAGE, required=False, allow_blank=True, default="")


class TeamViewSet(viewsets.GenericViewSet):
    """The team of a proposal, by the proposal's id."""

    permission_classes = [RulePermission]
    permission_rules = {
        "retrieve": "proposals.view_team",
        "invite": "proposals.manage_team",
        "revoke": "proposals.manage_team",
        "leave": "proposals.leave_team",
        "join_requests": "proposals.manage_team",
        "ask_to_join": "proposals.request_to_join",
    }
    serializer_class = TeamSerializer
    queryset = Proposal.objects.none()

    def get_object(self) -> Proposal:
        if not self.request.user.is_authenticated:
            # 401: every team action needs an account, and asking to sign in says nothing of the proposal.
            self.permission_denied(self.request)
        proposal = proposal_or_404(self.request.user, self.kwargs["pk"])
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

    @extend_schema(responses={200: TeamJoinRequestSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="join-requests")
    def join_requests(self, request, pk=None):
        """Pending requests to join the team, oldest first, paginated (the team's lead)."""
        page = self.paginate_queryset(team_join_requests(self.get_object()))
        return self.get_paginated_response(TeamJoinRequestSerializer(page, many=True).data)

    @extend_schema(request=AskToJoinSerializer, responses={201: JoinRequestSerializer, 400: OpenApiResponse()})
    @join_requests.mapping.post
    def ask_to_join(self, request, pk=None):
        """Ask to join the team as a co-author, with an optional message (a verified account outside the team)."""
        proposal = self.get_object()
        serializer = AskToJoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        join_request = team_join_request(
            proposal=proposal, user=request.user, message=serializer.validated_data["message"]
        )
        return Response(JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)


class JoinRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Requests to join a team: the signed-in person's pending ones (list, withdraw), and the
    answer of a team's lead (accept, decline)."""

    permission_classes = [IsAuthenticated]
    serializer_class = JoinRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return JoinRequest.objects.none()
        return join_requests_of_user(self.request.user)

    def _for_the_team(self, pk) -> JoinRequest:
        """The request if the person may answer it: 404 unless they see the proposal, 403 unless they lead it."""
        join_request = get_object_or_404(JoinRequest.objects.select_related("proposal__challenge", "user"), pk=pk)
        proposal_visible_or_404(self.request.user, join_request.proposal, "proposals.manage_team")
        return join_request

    @extend_schema(request=None, responses={200: MemberSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The person joins the team as a co-author; the team's limits are checked again now."""
        member = team_join_request_accept(join_request=self._for_the_team(pk), actor=request.user)
        return Response(MemberSerializer(member).data)

    @extend_schema(request=None, responses={200: JoinRequestSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        join_request = team_join_request_decline(join_request=self._for_the_team(pk), actor=request.user)
        return Response(JoinRequestSerializer(join_request).data)

    @extend_schema(request=None, responses={200: JoinRequestSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take back your pending request."""
        join_request = get_object_or_404(JoinRequest.objects.select_related("proposal"), pk=pk, user=request.user)
        require(request.user, "proposals.withdraw_join_request", join_request)
        join_request = team_join_request_withdraw(join_request=join_request, user=request.user)
        return Response(JoinRequestSerializer(join_request).data)


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
