"""The challenges API: the public directory and pages, and the organizer's writes.

Reads use the same selectors as the HTML pages; writes call the same services and ask the
same rules (challenges/rules.py) as the organizer console, so both stay in step.
"""

from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from challenges.access import challenge_or_404
from challenges.models import (
    EDITABLE_FIELDS,
    MARKDOWN_FIELDS,
    Announcement,
    Challenge,
    ChallengeKind,
    FAQItem,
    Phase,
    PhaseKind,
    Question,
    QuestionKind,
    Session,
    challenge_settings_errors,
)
from challenges.selectors import (
    Status,
    challenge_for_page,
    challenge_with_lab,
    challenges_directory,
    challenges_for_listing,
)
from challenges.services import challenge_create, challenge_publish, challenge_update, section_save, timeline_set
from challenges.timeline import Action, PhaseSpan, allowed_actions, next_deadline
from innovation_platform.accounts.models import TIMEZONE_CHOICES
from innovation_platform.core.markdown import render_markdown
from innovation_platform.core.permissions import RulePermission, can
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab

TIMEZONES = frozenset(zone for zone, _label in TIMEZONE_CHOICES)


@extend_schema_field(OpenApiTypes.STR)
class MarkdownHTMLField(serializers.Field):
    """A Markdown text rendered to sanitised HTML (read only)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return str(render_markdown(value))


class TagsField(serializers.ListField):
    """Tag names in, sorted tag names out (prefetched tags are reused)."""

    child = serializers.CharField(max_length=100)

    def to_representation(self, tags) -> list[str]:
        return sorted(tag.name for tag in tags.all())


class RegionCodeField(serializers.ChoiceField):
    """A region of Peru by its ISO 3166-2:PE code."""

    def __init__(self, **kwargs):
        super().__init__(choices=PeruRegion.choices, **kwargs)

    def to_internal_value(self, data):
        if str(data) not in self.choice_strings_to_values:
            raise ValidationError(
                _("%(code)s is not a region of Peru; use its ISO 3166-2:PE code, such as PE-CUS.") % {"code": data}
            )
        return super().to_internal_value(data)


# Read


class LabSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:lab-detail", lookup_field="slug")
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Lab
        fields = ["url", "slug", "name", "country", "region"]


class PhaseSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PhaseKind.choices)
    label = serializers.CharField(source="get_kind_display")
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = ["kind", "label", "starts_at", "ends_at", "is_current"]

    def get_is_current(self, phase) -> bool:
        return phase.is_running(self.context["now"])


class QuestionSerializer(serializers.ModelSerializer):
    """What a proposal is asked; whether answers are shown to organizers only stays internal."""

    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    choices = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Question
        fields = ["label", "kind", "required", "help_text", "choices", "position"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["title", "description", "starts_at", "ends_at", "place", "online_url", "speakers"]


class AnnouncementSerializer(serializers.ModelSerializer):
    body_html = MarkdownHTMLField(source="body")

    class Meta:
        model = Announcement
        fields = ["title", "body", "body_html", "pinned", "published_at"]
        read_only_fields = ["published_at"]


class FAQItemSerializer(serializers.ModelSerializer):
    answer_html = MarkdownHTMLField(source="answer")

    class Meta:
        model = FAQItem
        fields = ["question", "answer", "answer_html", "position"]


class ChallengeSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:challenge-detail", lookup_field="slug")
    kind = serializers.ChoiceField(choices=ChallengeKind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    lab = LabSummarySerializer()

    class Meta:
        model = Challenge
        fields = ["url", "slug", "title", "tagline", "theme", "kind", "kind_display", "visibility", "timezone", "lab"]


class ChallengeListSerializer(ChallengeSummarySerializer):
    """A card of the directory. Reads only the columns and annotations of `challenges_for_listing`."""

    cover = serializers.ImageField(source="cover_thumbnail", read_only=True)
    running_phase = serializers.ChoiceField(choices=PhaseKind.choices, read_only=True, allow_null=True)
    running_phase_display = serializers.SerializerMethodField()
    next_deadline = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta(ChallengeSummarySerializer.Meta):
        fields = [
            *ChallengeSummarySerializer.Meta.fields,
            "cover",
            "running_phase",
            "running_phase_display",
            "next_deadline",
        ]

    def get_running_phase_display(self, challenge) -> str | None:
        return PhaseKind(challenge.running_phase).label if challenge.running_phase else None


class ChallengeDetailSerializer(ChallengeSummarySerializer):
    """A challenge's page, from `challenge_for_page`: all its related rows are prefetched."""

    scope_display = serializers.CharField(source="get_scope_display")
    tags = TagsField(read_only=True)
    cover = serializers.ImageField(read_only=True)
    cover_thumbnail = serializers.ImageField(read_only=True)
    description_html = MarkdownHTMLField(source="description")
    rules_html = MarkdownHTMLField(source="rules")
    prizes_html = MarkdownHTMLField(source="prizes")
    resources_html = MarkdownHTMLField(source="resources")
    eligible_countries = serializers.SerializerMethodField()
    eligible_regions = serializers.ListField(child=RegionCodeField())
    phases = PhaseSerializer(many=True)
    running_phase = serializers.SerializerMethodField()
    running_phase_display = serializers.SerializerMethodField()
    next_deadline = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True)
    sessions = SessionSerializer(many=True)
    announcements = AnnouncementSerializer(
        source="latest_announcements", many=True, help_text="The ten latest, pinned ones first."
    )
    faq = FAQItemSerializer(many=True)

    class Meta(ChallengeSummarySerializer.Meta):
        fields = [
            *ChallengeSummarySerializer.Meta.fields,
            "published_at",
            "tags",
            "cover",
            "cover_thumbnail",
            "description",
            "description_html",
            "rules",
            "rules_html",
            "prizes",
            "prizes_html",
            "resources",
            "resources_html",
            "scope",
            "scope_display",
            "eligible_countries",
            "eligible_regions",
            "team_residence_required",
            "team_min",
            "team_max",
            "proposals_per_person",
            "selection_count",
            "waitlist_size",
            "edit_after_submit",
            "proposals_public",
            "supports_enabled",
            "supports_per_person",
            "supports_counts",
            "supports_ranking_public",
            "phases",
            "running_phase",
            "running_phase_display",
            "next_deadline",
            "allowed_actions",
            "questions",
            "sessions",
            "announcements",
            "faq",
        ]

    def _running_phase(self, challenge) -> Phase | None:
        return challenge.current_phase(now=self.context["now"])

    def get_eligible_countries(self, challenge) -> list[str]:
        return [country.code for country in challenge.eligible_countries]

    @extend_schema_field(serializers.ChoiceField(choices=PhaseKind.choices, allow_null=True))
    def get_running_phase(self, challenge) -> str | None:
        phase = self._running_phase(challenge)
        return phase.kind if phase else None

    def get_running_phase_display(self, challenge) -> str | None:
        phase = self._running_phase(challenge)
        return phase.get_kind_display() if phase else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_next_deadline(self, challenge) -> str | None:
        """The end of the running or next phase, as on the directory's cards."""
        phase = next_deadline(challenge.phases.all(), now=self.context["now"])
        return serializers.DateTimeField().to_representation(phase.ends_at) if phase else None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Action.choices)))
    def get_allowed_actions(self, challenge) -> list[str]:
        allowed = allowed_actions(challenge, now=self.context["now"])
        return [value for value in Action.values if value in allowed]


# Write


class ChallengeWriteSerializer(serializers.ModelSerializer):
    """The fields an organizer edits, validated as in the console; services do the saving."""

    kind = serializers.ChoiceField(choices=ChallengeKind.choices)
    tags = TagsField(required=False)
    eligible_countries = serializers.ListField(child=CountryField(), required=False)
    eligible_regions = serializers.ListField(child=RegionCodeField(), required=False)
    ineligibility_reasons = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=30
    )
    timezone = serializers.CharField(
        max_length=64, required=False, help_text="An IANA time zone such as America/Lima; dates are shown in it."
    )

    class Meta:
        model = Challenge
        fields = EDITABLE_FIELDS
        extra_kwargs = {name: {"help_text": "Markdown."} for name in MARKDOWN_FIELDS}

    def validate_timezone(self, value: str) -> str:
        if value not in TIMEZONES:
            raise ValidationError(_("%(zone)s is not a known time zone, such as America/Lima.") % {"zone": value})
        return value

    def validate_tags(self, value: list[str]) -> list[str]:
        tags = {}
        for tag in (tag.strip() for tag in value):
            if tag:
                tags.setdefault(tag.lower(), tag)  # tags are case-insensitive
        return list(tags.values())

    def validate_eligible_countries(self, value: list[str]) -> list[str]:
        return sorted(set(value))  # as the field stores them, so an unchanged list is not a change

    def validate_eligible_regions(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate(self, data: dict) -> dict:
        names = ("team_min", "team_max", "scope", "eligible_regions")
        errors = challenge_settings_errors(**{name: self._value(data, name) for name in names})
        if errors:
            raise ValidationError(errors)
        return data

    def _value(self, data: dict, name: str):
        """The value after this change: sent, else current, else the model's default."""
        if name in data:
            return data[name]
        if self.instance is not None:
            return getattr(self.instance, name)
        return Challenge._meta.get_field(name).get_default()


class ChallengeCreateSerializer(ChallengeWriteSerializer):
    lab = serializers.SlugRelatedField(
        slug_field="slug", queryset=Lab.objects.all(), label="Lab", help_text="The slug of a lab you organize."
    )

    class Meta(ChallengeWriteSerializer.Meta):
        fields = ["lab", *ChallengeWriteSerializer.Meta.fields]


class PhaseSpanSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PhaseKind.choices)
    starts_at = serializers.DateTimeField(help_text="Without an offset, read in the challenge's time zone.")
    ends_at = serializers.DateTimeField(help_text="Without an offset, read in the challenge's time zone.")


class ChallengeFilterSerializer(serializers.Serializer):
    """The directory's filters, as on the HTML page."""

    q = serializers.CharField(required=False, allow_blank=True, help_text="Search in title, tagline and theme.")
    kind = serializers.ChoiceField(choices=ChallengeKind.choices, required=False, allow_blank=True)
    theme = serializers.CharField(required=False, allow_blank=True, help_text="Exact theme, in any case.")
    lab = serializers.CharField(required=False, allow_blank=True, help_text="The lab's slug.")
    region = serializers.ChoiceField(
        choices=PeruRegion.choices, required=False, allow_blank=True, help_text="The lab's region."
    )
    status = serializers.ChoiceField(
        choices=[Status.UPCOMING, Status.OPEN, Status.RUNNING, Status.FINISHED],
        required=False,
        allow_blank=True,
        help_text="open: its call for proposals is running; running: another phase is.",
    )
    phase = serializers.ChoiceField(
        choices=PhaseKind.choices, required=False, allow_blank=True, help_text="The phase running now."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(ErrorSerializer, description="A rule of the challenge refused the change.")


class ChallengeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open calls: the public directory and pages, and their organizers' changes.

    Drafts are listed nowhere and answer 404 to anyone who may not see them.
    """

    lookup_field = "slug"
    filter_backends = []  # the directory's own filters, shared with the HTML page
    permission_classes = [RulePermission]
    # Retrieval and writes are asked of the rules per challenge (see `get_object`); the list
    # shows only what `challenges_directory` makes public, and creation is asked of the rules
    # per lab once the lab is known.
    permission_rules = {
        "retrieve": "challenges.view_challenge",
        "partial_update": "challenges.change_challenge",
        "timeline": "challenges.change_challenge",
        "publish": "challenges.publish_challenge",
        "announcements": "challenges.post_announcement",
    }

    @cached_property
    def now(self):
        """One instant per request, so the running phase, deadlines and actions agree."""
        return timezone.now()

    def get_permissions(self):
        if self.action in {"list", "create"}:
            return []
        return super().get_permissions()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": self.now}

    def get_serializer_class(self):
        writes = {"create": ChallengeCreateSerializer, "partial_update": ChallengeWriteSerializer}
        return ChallengeListSerializer if self.action == "list" else writes.get(self.action, ChallengeDetailSerializer)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        if self.action == "list":
            filters = ChallengeFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            search = filters.validated_data.pop("q", "")
            directory = challenges_directory(search=search, now=self.now, **filters.validated_data)
            return challenges_for_listing(directory, now=self.now)
        return Challenge.objects.select_related("lab")

    def get_object(self) -> Challenge:
        if self.action != "retrieve" and not self.request.user.is_authenticated:
            # Anonymous writers are first asked to authenticate, which says nothing about the challenge.
            self.permission_denied(self.request)
        fetch = challenge_for_page if self.action == "retrieve" else challenge_with_lab
        challenge = challenge_or_404(self.request.user, self.kwargs["slug"], fetch=fetch)
        self.check_object_permissions(self.request, challenge)
        return challenge

    def _detail(self, challenge: Challenge) -> dict:
        return ChallengeDetailSerializer(challenge_for_page(challenge.slug), context=self.get_serializer_context()).data

    @extend_schema(parameters=[ChallengeFilterSerializer])
    def list(self, request, *args, **kwargs):
        """Published and archived challenges, the nearest deadline first."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, slug=None):
        """A challenge with its timeline, questions, schedule, latest announcements and FAQ."""
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={201: ChallengeDetailSerializer})
    def create(self, request):
        """Create a draft challenge in a lab you organize; you become one of its organizers."""
        slug = request.data.get("lab") if hasattr(request.data, "get") else None
        lab = Lab.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if not can(request.user, "challenges.add_challenge", lab):
            self.permission_denied(request, message=_("You can only create challenges in a lab you organize."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lab, tags = data.pop("lab"), data.pop("tags", [])
        challenge = challenge_create(lab=lab, actor=request.user, data=data, tags=tags)
        return Response(self._detail(challenge), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ChallengeDetailSerializer})
    def partial_update(self, request, slug=None):
        """Change some of the challenge's settings and texts."""
        challenge = self.get_object()
        serializer = self.get_serializer(challenge, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tags = data.pop("tags", None)
        if tags is None:
            tags = list(challenge.tags.names())
        challenge_update(challenge=challenge, actor=request.user, data=data, tags=tags)
        return Response(self._detail(challenge))

    @extend_schema(
        request=PhaseSpanSerializer(many=True),
        responses={200: PhaseSerializer(many=True), 400: REFUSED},
    )
    @action(detail=True, methods=["put"], pagination_class=None)
    def timeline(self, request, slug=None):
        """Replace the whole timeline: phases left out are removed."""
        challenge = self.get_object()
        with timezone.override(challenge.tzinfo):
            serializer = PhaseSpanSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
        spans = [PhaseSpan(**span) for span in serializer.validated_data]
        phases = timeline_set(challenge=challenge, actor=request.user, spans=spans)
        phases.sort(key=lambda phase: phase.starts_at)
        return Response(PhaseSerializer(phases, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: ChallengeDetailSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        """Make the challenge public; its call for proposals must still be ahead or open."""
        challenge = self.get_object()
        challenge_publish(challenge=challenge, actor=request.user, now=self.now)
        return Response(self._detail(challenge))

    @extend_schema(request=AnnouncementSerializer, responses={201: AnnouncementSerializer})
    @action(detail=True, methods=["post"])
    def announcements(self, request, slug=None):
        """Post an announcement; followers are e-mailed once it is saved."""
        challenge = self.get_object()
        serializer = AnnouncementSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        announcement = Announcement(author=request.user, **serializer.validated_data)
        section_save(challenge=challenge, actor=request.user, obj=announcement, section="announcements")
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)
