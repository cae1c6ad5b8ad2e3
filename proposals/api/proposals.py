"""The proposals API: the public gallery of a challenge, a proposal's page, and the team's writes.

Reads use the selectors of the HTML gallery and proposal page; writes call the same services
and ask the same rules (proposals/rules.py) as the team's pages. Nothing here exposes what
those pages hide: drafts, hidden proposals, answers to private questions or e-mail addresses.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from challenges.api import RegionCodeField, TagsField
from challenges.models import Challenge, QuestionKind, Visibility
from innovation_platform.core.api_schema import ErrorSerializer
from innovation_platform.core.documents import clean_document
from innovation_platform.core.images import clean_image
from innovation_platform.core.permissions import RulePermission, can
from innovation_platform.core.regions import PeruRegion, validate_country_region
from proposals.access import proposal_or_404
from proposals.files import attachment_add, attachment_remove, gallery_image_add, gallery_image_remove
from proposals.forms.proposals import answer_value, question_field
from proposals.models import IN_THE_CALL, Attachment, GalleryImage, Licence, Proposal, Stage
from proposals.selectors.proposals import (
    proposal_answers,
    proposal_challenge_for_gallery,
    proposal_for_page,
    proposal_team,
    proposals_for_cards,
    proposals_gallery,
    proposals_gallery_count,
    proposals_of_user,
)
from proposals.selectors.visibility import team_hidden_from
from proposals.services.submission import (
    TEXT_FIELDS,
    EditConflict,
    proposal_save,
    proposal_start,
    proposal_submit,
    proposal_withdraw,
)

# Read


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeField(serializers.CharField):
    """A country by its ISO 3166-1 alpha-2 code, such as PE."""

    def __init__(self, **kwargs):
        super().__init__(max_length=2, **kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if code and code not in countries:
            raise ValidationError(_("%(code)s is not a country code; use two letters, such as PE.") % {"code": data})
        return code


@extend_schema_field(OpenApiTypes.STR)
class StatusField(serializers.CharField):
    """A proposal's status: draft, submitted, withdrawn, shortlisted, waitlisted, selected or not_selected
    (`status_display` says it in words). Described as text: several models have a `status`."""


class ProposalCardSerializer(serializers.ModelSerializer):
    """A card of the gallery: reads only what `proposals_for_cards` loads."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:proposal-detail")
    reference = serializers.CharField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    region = serializers.ChoiceField(choices=PeruRegion.choices, read_only=True, allow_blank=True)
    region_display = serializers.CharField(source="get_region_display", read_only=True)
    stage = serializers.ChoiceField(choices=Stage.choices, read_only=True, allow_blank=True)
    status = StatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    tags = TagsField(read_only=True)
    cover_thumbnail = serializers.ImageField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "reference",
            "title",
            "summary",
            "country",
            "region",
            "region_display",
            "stage",
            "status",
            "status_display",
            "tags",
            "cover_thumbnail",
        ]


class MyProposalSerializer(serializers.ModelSerializer):
    """One of the user's proposals, from `proposals_of_user`: drafts too."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:proposal-detail")
    reference = serializers.CharField(read_only=True)
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = StatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "url", "reference", "title", "challenge", "status", "status_display", "updated_at"]


class TeamMemberSerializer(serializers.Serializer):
    """A member as shown publicly: a name and a role, never an e-mail address."""

    name = serializers.CharField()
    role = serializers.CharField()
    is_lead = serializers.BooleanField()
    profile_url = serializers.CharField(help_text="The member's public profile, when public.")


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.label")
    kind = serializers.ChoiceField(source="question.kind", choices=QuestionKind.choices)
    text = serializers.CharField()
    file_url = serializers.SerializerMethodField()

    def get_file_url(self, row) -> str | None:
        if not row["file_answer"]:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("proposals:document", args=[self.context["proposal"].pk, "answer", row["file_answer"]])
        )


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Downloaded through a view that asks the rules.")

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "url", "created_at"]

    def get_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("proposals:document", args=[attachment.proposal_id, "attachment", attachment.pk])
        )


class GalleryImageSerializer(serializers.ModelSerializer):
    class Meta:
        model = GalleryImage
        fields = ["id", "image", "thumbnail", "alt_text", "created_at"]


class ProposalDetailSerializer(ProposalCardSerializer):
    """A proposal's page, from `proposal_for_page`; answers to private questions only for who may read them."""

    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    licence = serializers.ChoiceField(choices=Licence.choices, read_only=True, allow_blank=True)
    team = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    images = GalleryImageSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back with a change (optimistic lock).")
    team_hidden = serializers.SerializerMethodField(
        help_text="True while a blind round of the call runs that hides the teams from the public: `team` is then "
        "empty and the documents carry neutral names and download without their authors' details."
    )

    class Meta(ProposalCardSerializer.Meta):
        fields = [
            *ProposalCardSerializer.Meta.fields,
            "challenge",
            "problem",
            "solution",
            "beneficiaries",
            "territory",
            "expected_impact",
            "licence",
            "cover",
            "submitted_at",
            "version",
            "team",
            "team_hidden",
            "answers",
            "attachments",
            "images",
        ]

    def to_representation(self, proposal):
        self.team_is_hidden = team_hidden_from(self.context["request"].user, proposal)
        data = super().to_representation(proposal)
        if self.team_is_hidden:
            for number, attachment in enumerate(data["attachments"], start=1):
                attachment["name"] = f"document-{number}.{attachment['name'].rpartition('.')[2]}"
        return data

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_team(self, proposal) -> list[dict]:
        return [] if self.team_is_hidden else TeamMemberSerializer(proposal_team(proposal), many=True).data

    def get_team_hidden(self, proposal) -> bool:
        return self.team_is_hidden

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, proposal) -> list[dict]:
        private = can(self.context["request"].user, "proposals.view_private_answers", proposal)
        context = {**self.context, "proposal": proposal}
        return AnswerSerializer(proposal_answers(proposal, private=private), many=True, context=context).data


class ProposalFilterSerializer(serializers.Serializer):
    """The gallery's filters, as on the HTML page."""

    challenge = serializers.SlugField(help_text="The challenge's slug (required).")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="In titles and summaries.")
    region = RegionCodeField(required=False, allow_blank=True)
    country = CountryCodeField(required=False, allow_blank=True)
    category = serializers.SlugField(required=False, allow_blank=True, allow_unicode=True, help_text="A tag's slug.")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True, help_text=f"One of: {', '.join(IN_THE_CALL)}.")

    def validate_status(self, value: str) -> str:
        if value and value not in IN_THE_CALL:
            raise ValidationError(
                _("Only proposals in the call are listed: choose one of %(statuses)s.")
                % {"statuses": ", ".join(IN_THE_CALL)}
            )
        return value


# Write


class ProposalCreateSerializer(serializers.Serializer):
    challenge = serializers.SlugField(help_text="The slug of a published challenge whose call is open.")
    title = serializers.CharField(max_length=150)


class AnswersField(serializers.DictField):
    """Answers keyed by question id, as on the page; file questions are answered on the page."""

    child = serializers.JSONField()


class ProposalUpdateSerializer(serializers.ModelSerializer):
    """A change of the team's texts: only the fields sent change. `version` is the one the change started from."""

    version = serializers.IntegerField(min_value=1)
    country = CountryCodeField(required=False)
    region = RegionCodeField(required=False, allow_blank=True)
    tags = TagsField(required=False)
    answers = AnswersField(required=False)

    class Meta:
        model = Proposal
        fields = ["version", *TEXT_FIELDS, "tags", "answers"]
        extra_kwargs = {name: {"required": False} for name in TEXT_FIELDS}

    def validate_answers(self, value: dict) -> dict:
        questions = {str(question.pk): question for question in self.instance.challenge.questions.all()}
        answers, errors = {}, {}
        for key, raw in value.items():
            question = questions.get(str(key))
            if question is None:
                errors[key] = [_("This challenge has no such question.")]
            elif question.kind == QuestionKind.FILE:
                errors[key] = [_("Upload files for questions on the proposal's page.")]
            else:
                try:
                    answers[question.pk] = answer_value(question, question_field(question).clean(raw))
                except DjangoValidationError as error:
                    errors[key] = error.messages
        if errors:
            raise ValidationError(errors)
        return answers

    def validate(self, data: dict) -> dict:
        country = data.get("country", self.instance.country)
        region = data.get("region", self.instance.region)
        if region:
            try:
                validate_country_region(str(country), region)
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict) from None
        return data


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the team withdraws; the organizers read it.")


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF or an office document, checked by its content.")

    def validate_file(self, upload):
        try:
            return clean_document(upload)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None


class GalleryImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG or WebP; location data is removed.")
    alt_text = serializers.CharField(max_length=200, help_text="What the image shows, for people who cannot see it.")

    def validate_image(self, upload):
        try:
            return clean_image(upload)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None


REFUSED = OpenApiResponse(ErrorSerializer, description="A rule of the challenge refused the action.")
CONFLICT = OpenApiResponse(ErrorSerializer, description="Someone saved the proposal since `version`.")


class ProposalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proposals: a challenge's public gallery, a proposal's page, and its team's changes.

    A proposal someone may not see answers 404; one they see but may not change, 403.
    """

    permission_classes = [RulePermission]
    filter_backends = []  # the gallery's own filters, shared with the HTML page
    # Asked per proposal (see `get_object`); the list shows only what the gallery makes public,
    # creation is asked of the rules per challenge, "mine" needs an account.
    anonymous_actions = {"list", "retrieve"}  # public reads (the schema says a token is optional)
    permission_rules = {
        "retrieve": "proposals.view_proposal",
        "partial_update": "proposals.change_proposal",
        "submit": "proposals.submit_proposal",
        "withdraw": "proposals.withdraw_proposal",
        "attachments": "proposals.change_proposal",
        "attachment_delete": "proposals.change_proposal",
        "images": "proposals.change_proposal",
        "image_delete": "proposals.change_proposal",
    }

    def get_permissions(self):
        if self.action in {"list", "create"}:
            return []
        if self.action == "mine":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_serializer_class(self):
        return {
            "list": ProposalCardSerializer,
            "mine": MyProposalSerializer,
            "create": ProposalCreateSerializer,
            "partial_update": ProposalUpdateSerializer,
            "withdraw": WithdrawSerializer,
            "attachments": AttachmentUploadSerializer,
            "images": GalleryImageUploadSerializer,
        }.get(self.action, ProposalDetailSerializer)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        if self.action == "mine":
            return proposals_of_user(self.request.user)
        filters = ProposalFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        filters = dict(filters.validated_data)
        challenge = proposal_challenge_for_gallery(filters.pop("challenge"))
        if challenge is None:
            raise Http404
        search = filters.pop("q", "")
        if self.paginator is not None:
            self.paginator.known_count = proposals_gallery_count(challenge, search=search, **filters)
        return proposals_for_cards(proposals_gallery(challenge=challenge, search=search, **filters))

    def get_object(self) -> Proposal:
        if self.action != "retrieve" and not self.request.user.is_authenticated:
            self.permission_denied(self.request)  # 401: sign in first, which says nothing of the proposal
        proposal = proposal_or_404(self.request.user, self.kwargs["pk"], fetch=proposal_for_page)
        self.check_object_permissions(self.request, proposal)
        return proposal

    def _detail(self, proposal: Proposal, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = proposal_for_page(proposal.pk)
        return Response(ProposalDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(parameters=[ProposalFilterSerializer])
    def list(self, request, *args, **kwargs):
        """The public gallery of a challenge: proposals in the call, never drafts, withdrawn or hidden ones."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        """A proposal with its team (names and roles), answers, attachments and images."""
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={201: ProposalDetailSerializer, 400: REFUSED})
    def create(self, request):
        """Start a draft in a challenge whose call is open; you become its lead."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = Challenge.objects.exclude(visibility=Visibility.DRAFT).filter(
            slug=serializer.validated_data["challenge"]
        )
        challenge = challenge.first()
        if not can(request.user, "proposals.start_proposal", challenge):
            self.permission_denied(request, message=_("You cannot start a proposal in this challenge."))
        proposal = proposal_start(challenge=challenge, actor=request.user, title=serializer.validated_data["title"])
        return self._detail(proposal, code=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProposalDetailSerializer, 400: REFUSED, 409: CONFLICT})
    def partial_update(self, request, pk=None):
        """Change some texts, categories or answers. Send the `version` you started from: if someone
        in the team saved since, the change is refused with 409 and nothing is overwritten."""
        proposal = self.get_object()
        serializer = self.get_serializer(proposal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Send the version of the proposal your change starts from.")]})
        tags = data.pop("tags", None)
        try:
            proposal_save(
                proposal=proposal,
                actor=request.user,
                expected_version=data.pop("version"),
                data={name: value for name, value in data.items() if name in TEXT_FIELDS},
                tags=list(proposal.tags.names()) if tags is None else tags,
                answers=data.get("answers", {}),
            )
        except EditConflict as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        return self._detail(proposal)

    @extend_schema(request=None, responses={200: ProposalDetailSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft (the lead). Submitting again returns the same submission."""
        proposal = proposal_submit(proposal=self.get_object(), actor=request.user)
        return self._detail(proposal)

    @extend_schema(responses={200: ProposalDetailSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the proposal from the call (the lead), with a reason; it cannot be undone."""
        proposal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal_withdraw(proposal=proposal, actor=request.user, reason=serializer.validated_data["reason"])
        return self._detail(proposal)

    @extend_schema(responses=MyProposalSerializer(many=True))
    @action(detail=False, methods=["get"])
    def mine(self, request):
        """Your proposals in every challenge, drafts included, the last changed first."""
        return super().list(request)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        """Attach a document (multipart upload)."""
        proposal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = attachment_add(proposal=proposal, actor=request.user, document=serializer.validated_data["file"])
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None, 400: REFUSED})
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<item>\d+)")
    def attachment_delete(self, request, pk=None, item=None):
        """Remove an attachment; its file is deleted once the change is saved."""
        proposal = self.get_object()
        attachment_remove(attachment=get_object_or_404(proposal.attachments, pk=item), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": GalleryImageUploadSerializer}, responses={201: GalleryImageSerializer}
    )
    @action(detail=True, methods=["post"])
    def images(self, request, pk=None):
        """Add an image to the proposal's gallery (multipart upload), with its description."""
        proposal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        image = gallery_image_add(
            proposal=proposal,
            actor=request.user,
            image=serializer.validated_data["image"],
            alt_text=serializer.validated_data["alt_text"],
        )
        return Response(
            GalleryImageSerializer(image, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None, 400: REFUSED})
    @action(detail=True, methods=["delete"], url_path=r"images/(?P<item>\d+)")
    def image_delete(self, request, pk=None, item=None):
        """Remove an image of the gallery."""
        proposal = self.get_object()
        gallery_image_remove(image=get_object_or_404(proposal.images, pk=item), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
