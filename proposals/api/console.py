"""The organizers' API of a call's proposals: the console's list (its tabs, filters, search and sort), the same
list as a CSV or XLSX file, and screening.

The same form, selectors, export and service as the console's pages (proposals/views/console.py), and the same
rules, so a script filters, exports and screens exactly as the page does. A call someone may not see answers 404;
one they see but do not organize, 403.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from challenges.access import challenge_or_404
from challenges.api import REFUSED
from challenges.models import Challenge
from innovation_platform.core.api import ID_MAX, AnyAccept
from innovation_platform.core.api_schema import AutoSchema
from innovation_platform.core.exports import XLSX_CONTENT_TYPE
from innovation_platform.core.permissions import require
from innovation_platform.core.regions import PeruRegion
from proposals.api.proposals import StatusField
from proposals.exports import CALL_EXPORTS, call_export_response, proposals_file
from proposals.forms.console import CallListFilterForm
from proposals.models import Eligibility, Proposal, Stage
from proposals.selectors.console import (
    DRAFTS,
    SENT,
    CallListIds,
    call_proposals,
    contributed_columns,
    list_columns,
    rows_for_page,
    sorted_rows,
    with_completeness,
)
from proposals.services.screening import proposals_screen

# Proposals one screening request may name: a bigger decision goes in several requests, or on the page.
SCREEN_LIMIT = 1000


def _call(request, slug: str) -> Challenge:
    return challenge_or_404(request.user, slug, "proposals.view_call_proposals")


def _list_query(request) -> CallListFilterForm:
    """The list's filters, search and sort from the query string; unknown values are refused (400)."""
    form = CallListFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form


def _filtered(request, challenge: Challenge):
    """Every one of the call's proposals the query string keeps, with every column, in its order: for a file."""
    form = _list_query(request)
    filters = form.selector_filters()
    return sorted_rows(call_proposals(challenge, **filters), tab=filters["tab"], sort=form.ordering)


# Descriptions of the list's query parameters; their values come from the form itself.
FILTER_HELP = {
    "tab": "`sent` (default): the proposals sent to the call, whatever became of them; `drafts`: drafts.",
    "q": "A reference, or words of the title, summary or team members' names.",
    "country": "ISO 3166-1 alpha-2 code, such as PE.",
    "category": "A category's slug.",
    "team_below_minimum": "`true`: only teams smaller than the call's minimum.",
}


class CallListSchema(AutoSchema):
    """Documents the list's filters from `CallListFilterForm`, so the documentation follows the form (and the
    filters apps above add to it)."""

    def get_override_parameters(self):
        form = CallListFilterForm()
        sortable = sorted({column.key for tab in (SENT, DRAFTS) for column in list_columns(tab) if column.order_by})
        parameters = []
        for name, field in form.fields.items():
            choices = [str(value) for value, _label in getattr(field, "choices", []) if value]
            if name == "sort":
                description = f"A column to sort by, `-` first for the reverse order: {', '.join(sortable)}."
            else:
                description = FILTER_HELP.get(name, str(field.label or name))
            parameters.append(
                OpenApiParameter(
                    name,
                    OpenApiTypes.BOOL if name == "team_below_minimum" else OpenApiTypes.STR,
                    description=description,
                    enum=choices if choices and name != "country" else None,
                )
            )
        return [*super().get_override_parameters(), *parameters]


class CallProposalSerializer(serializers.ModelSerializer):
    """A row of the organizers' list: what the console's list shows, and the eligibility decision. Reads a draft
    (a Proposal) or a row sent (`SentRow`) alike."""

    reference = serializers.CharField(read_only=True)
    status = StatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    eligibility = serializers.ChoiceField(choices=Eligibility.choices, read_only=True)
    eligibility_display = serializers.CharField(source="get_eligibility_display", read_only=True)
    screened_by = serializers.CharField(source="screened_by_name", read_only=True, allow_null=True)
    lead = serializers.CharField(source="lead_name", read_only=True, allow_null=True)
    team_size = serializers.IntegerField(read_only=True)
    supports = serializers.IntegerField(source="support_count", read_only=True)
    country = serializers.CharField(read_only=True)  # a Country or its code: either way the code
    region = serializers.ChoiceField(choices=PeruRegion.choices, read_only=True, allow_blank=True)
    stage = serializers.ChoiceField(choices=Stage.choices, read_only=True, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(), source="categories", read_only=True)
    hidden = serializers.SerializerMethodField()
    columns = serializers.SerializerMethodField(
        help_text="Columns other apps add to the list (judging: `reviews`, `score`)."
    )
    missing = serializers.SerializerMethodField(
        help_text="In the drafts tab, what still stands between each draft and its submission; null otherwise."
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "status_display",
            "eligibility",
            "eligibility_display",
            "eligibility_reason",
            "screened_by",
            "screened_at",
            "lead",
            "team_size",
            "country",
            "region",
            "stage",
            "tags",
            "supports",
            "hidden",
            "submitted_at",
            "updated_at",
            "columns",
            "missing",
        ]
        read_only_fields = fields

    def get_hidden(self, proposal) -> bool:
        return proposal.hidden_at is not None

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_columns(self, proposal) -> dict:
        return {column.key: str(column.value(proposal)) for column in contributed_columns()}

    def get_missing(self, proposal) -> list[str] | None:
        missing = getattr(proposal, "missing", None)
        return None if missing is None else [str(item) for item in missing]


class CallProposalListView(generics.ListAPIView):
    """The proposals of a call you organize, as on its console list: `tab` (sent or drafts), the list's filters,
    search and sort, 20 per page (`page`, `page_size` ≤ 100). Hidden proposals are included and marked."""

    serializer_class = CallProposalSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []  # the list's own filters, shared with the console page
    schema = CallListSchema()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no challenge
            return Proposal.objects.none()
        self.challenge = _call(self.request, self.kwargs["slug"])
        form = _list_query(self.request)
        filters = form.selector_filters()
        self.tab = filters["tab"]
        return CallListIds(self.challenge, filters, sort=form.ordering)  # what the console page paginates

    def list(self, request, *args, **kwargs):
        # A page of ids, then that page's rows with their computed columns: the cost of one page.
        ids = list(self.paginate_queryset(self.get_queryset()))
        page = rows_for_page(self.challenge, ids, tab=self.tab)
        if self.tab == DRAFTS:
            with_completeness(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CallProposalExportView(APIView):
    """The same list as a file, with the same filters and sort: every row the filters keep, not a page."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = AnyAccept
    schema = CallListSchema()

    @extend_schema(
        parameters=[OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "xlsx"])],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="UTF-8 with a byte-order mark."),
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, slug, fmt):
        challenge = _call(request, slug)
        rows = _filtered(request, challenge)
        return proposals_file(challenge, rows, fmt)


class CallExportView(APIView):
    """The call's other exports, as the console offers them: team members (addresses only of those who agreed to
    be contacted), collaborator applications, supports per proposal, eligibility decisions."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[
            OpenApiParameter("what", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(CALL_EXPORTS)),
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "xlsx"]),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="UTF-8 with a byte-order mark."),
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, slug, what, fmt):
        return call_export_response(challenge_or_404(request.user, slug, "proposals.export_call"), what, fmt)


class ScreeningSerializer(serializers.Serializer):
    proposals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
        min_length=1,
        max_length=SCREEN_LIMIT,
        help_text="Ids of proposals of the call: one or many. Drafts and withdrawn proposals are left as they are.",
    )
    eligibility = serializers.ChoiceField(choices=Eligibility.choices)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required when not eligible: the teams read it.",
    )


class ScreeningResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="Proposals whose decision changed; the others already held it.")


class CallProposalScreenView(APIView):
    """Record an eligibility decision on proposals of a call you organize, as the console's bulk action does:
    audited, and teams of proposals declared not eligible are told why. Repeating it changes nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ScreeningSerializer, responses={200: ScreeningResultSerializer, 400: REFUSED})
    def post(self, request, slug):
        challenge = _call(request, slug)
        data = ScreeningSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = set(data.validated_data["proposals"])
        proposals = Proposal.objects.filter(challenge=challenge, pk__in=ids)
        if unknown := sorted(ids - set(proposals.values_list("pk", flat=True))):
            raise ValidationError(
                {
                    "proposals": [
                        _("These are not proposals of this call: %(ids)s.")
                        % {"ids": ", ".join(str(pk) for pk in unknown)}
                    ]
                }
            )
        # The rule reads the proposal's call, the same for all of them.
        require(request.user, "proposals.screen_proposal", proposals.select_related("challenge").first())
        changed = proposals_screen(
            challenge=challenge,
            proposals=proposals,
            actor=request.user,
            eligibility=data.validated_data["eligibility"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(ScreeningResultSerializer({"changed": changed}).data)
