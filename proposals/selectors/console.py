"""The organizers' list of a call's proposals: every proposal, filtered, searched and sorted in SQL, a page
at a time, with what each row shows computed for that page only.

Apps above proposals (judging) add their own columns and filters through `contribute`, from their
AppConfig.ready(), so that this module never imports them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cache
from typing import TypeVar

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.core.aggregates import subquery_aggregate
from innovation_platform.core.cache import cached_figures
from innovation_platform.core.page_cache import kept_for_pages
from proposals.models import (
    Attachment,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    Support,
    TaggedProposal,
    proposal_reference,
)
from proposals.page_versions import call_list_scopes
from proposals.selectors.proposals import proposal_missing, proposal_search, with_what_missing_reads

T = TypeVar("T")

# The tabs of the list: proposals sent to the call (whatever became of them), and drafts.
SENT, DRAFTS = "sent", "drafts"
HIDDEN = "hidden"  # a pseudo-status of the status filter: hidden by moderation
APPEALED = "appealed"  # a pseudo-eligibility: the team appealed since the last decision


@dataclass(frozen=True)
class Column:
    """A column of the list: its key (the `sort` value), its heading, the expression it sorts by (None: not
    sortable) and, for a contributed column, the text its cell shows for an annotated row."""

    key: str
    label: str
    order_by: str | None = None
    value: Callable[[Proposal], object] | None = None


@dataclass(frozen=True)
class ListFilter:
    """A filter of the list: a query-string key, its label, its choices, and what it keeps."""

    key: str
    label: str
    choices: list[tuple[str, str]]
    apply: Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class Contribution:
    """What an app above adds to the organizers' list: columns (annotated by `annotate`) and filters. Panels of
    the organizer's view of one proposal are contributed through `proposals.selectors.panels`."""

    columns: tuple[Column, ...] = ()
    filters: tuple[ListFilter, ...] = ()
    annotate: Callable[[QuerySet], QuerySet] = field(default=lambda proposals: proposals)
    # Brings what the columns read from up to date, once per listing of the call, before its rows are read.
    prepare: Callable[[Challenge], None] = field(default=lambda challenge: None)
    # What the columns and filters read, as a value that changes with every change to it: the list's kept pages
    # (`CallListIds`) are kept under it. Bumped in the change's transaction: read before the rows it covers.
    version: Callable[[Challenge], object] = field(default=lambda challenge: None)


_contributions: list[Contribution] = []


def contribute(contribution: Contribution) -> None:
    """Add columns and filters to the organizers' list (called once per app at start-up)."""
    if contribution not in _contributions:
        _contributions.append(contribution)


def contributions() -> tuple[Contribution, ...]:
    return tuple(_contributions)


COLUMNS = (
    Column("reference", _("Reference"), "number"),
    Column("title", _("Title"), "title"),
    Column("lead", _("Lead"), "lead_name"),
    Column("team_size", _("Team"), "team_size"),
    Column("origin", _("Origin"), "country"),
    Column("categories", _("Categories")),
    Column("stage", _("Stage"), "stage"),
    Column("status", _("Status"), "status"),
    Column("eligibility", _("Eligibility"), "eligibility"),
    Column("submitted_at", _("Submitted"), "submitted_at"),
    Column("supports", _("Supports"), "support_count"),
)
DRAFT_COLUMNS = (
    Column("title", _("Title"), "title"),
    Column("lead", _("Lead"), "lead_name"),
    Column("team_size", _("Team"), "team_size"),
    Column("origin", _("Origin"), "country"),
    Column("completeness", _("Completeness")),
    Column("updated_at", _("Last saved"), "updated_at"),
)


def contributed_columns() -> list[Column]:
    return [column for contribution in _contributions for column in contribution.columns]


def list_columns(tab: str) -> list[Column]:
    if tab == DRAFTS:
        return list(DRAFT_COLUMNS)
    return [*COLUMNS, *contributed_columns()]


def choice_labels() -> dict[str, dict[str, str]]:
    """The labels of the proposal's choice fields, in the active language, looked up by value."""
    return _choice_labels(get_language())


@cache
def _choice_labels(language: str) -> dict[str, dict[str, str]]:  # the choices are code: one table per language
    return {
        name: {value: str(label) for value, label in Proposal._meta.get_field(name).flatchoices}
        for name in ("status", "stage", "eligibility", "region", "licence")
    }


ROW_LABELS = ("status", "stage", "eligibility", "region")


def with_cells(challenge: Challenge, page_rows: list[Proposal] | list["SentRow"]) -> list[Proposal] | list["SentRow"]:
    """Rows of one page with what their cells show, worked out once here rather than in every row of the template
    (proposals/templatetags/call_list.py writes them): `labels` (status, stage, eligibility, region: looked up once
    per page, where Django's get_FOO_display rebuilds its table for every call), `origin` (country code and region),
    `submitted` and, for a draft, `updated` (the moments, in the call's time zone; `updated_iso` as ISO 8601),
    `below_minimum` (a team smaller than the call asks), `appealed` (since the last screening decision) and `cells`,
    the contributed columns' texts."""
    columns = contributed_columns()
    labels = choice_labels()
    moment = moment_formatter(challenge.tzinfo)
    for proposal in page_rows:
        proposal.labels = {name: labels[name].get(getattr(proposal, name), "") for name in ROW_LABELS}
        proposal.origin = " · ".join(filter(None, [str(proposal.country), proposal.labels["region"]]))
        proposal.submitted = moment(proposal.submitted_at)
        if proposal.status == ProposalStatus.DRAFT:  # the drafts tab shows when each was last saved
            proposal.updated = moment(proposal.updated_at)
            proposal.updated_iso = proposal.updated_at.astimezone(challenge.tzinfo).isoformat()
        proposal.below_minimum = proposal.team_size < challenge.team_min
        proposal.appealed = bool(
            proposal.appealed_at and proposal.screened_at and proposal.appealed_at > proposal.screened_at
        )
        proposal.cells = [column.value(proposal) for column in columns]
    return page_rows


def moment_formatter(tz: tzinfo) -> Callable[[datetime | None], str]:
    """How the list shows a moment in `tz`, as Django's date format "j M Y, H:i" does ("7 Dic 2026, 10:15"), with
    the month names of the active language looked up once: the date filter took ~40 µs a row."""
    months = [date_format(date(2000, month, 1), "M") for month in range(1, 13)]

    def moment(value: datetime | None) -> str:
        if value is None:
            return ""
        local = value.astimezone(tz)
        return f"{local.day} {months[local.month - 1]} {local.year}, {local:%H:%M}"

    return moment


def list_filters() -> list[ListFilter]:
    return [list_filter for contribution in _contributions for list_filter in contribution.filters]


def call_proposals(
    challenge: Challenge,
    *,
    tab: str = SENT,
    search: str = "",
    status: str = "",
    eligibility: str = "",
    country: str = "",
    region: str = "",
    category: str = "",
    stage: str = "",
    team_below_minimum: bool = False,
    has_attachments: str = "",
    extra: dict[str, str] | None = None,
) -> QuerySet[Proposal]:
    """The call's proposals of one tab, filtered; every filter is an indexed condition or a subquery."""
    for contribution in _contributions:
        contribution.prepare(challenge)
    proposals = Proposal.objects.filter(challenge=challenge)
    if tab == DRAFTS:
        proposals = proposals.filter(status=ProposalStatus.DRAFT)
    else:
        proposals = proposals.exclude(status=ProposalStatus.DRAFT)
    if search:
        proposals = proposals.filter(proposal_search(challenge, search))
    if status == HIDDEN:
        proposals = proposals.filter(hidden_at__isnull=False)
    elif status:
        proposals = proposals.filter(status=status)
    if eligibility == APPEALED:
        proposals = proposals.filter(appealed_at__gt=F("screened_at"))
        eligibility = ""
    for name, value in (
        ("eligibility", eligibility),
        ("country", country),
        ("region", region),
        ("stage", stage),
    ):
        if value:
            proposals = proposals.filter(**{name: value})
    if category:
        proposals = proposals.filter(tags__slug=category)
    if team_below_minimum:
        proposals = proposals.annotate(team_size=_team_size()).filter(team_size__lt=challenge.team_min)
    if has_attachments:
        attached = Exists(Attachment.objects.filter(proposal=OuterRef("pk")))
        proposals = proposals.filter(attached if has_attachments == "yes" else ~attached)
    for list_filter in list_filters():
        if value := (extra or {}).get(list_filter.key):
            proposals = list_filter.apply(proposals, value)
    return proposals


def _team_size():
    members = ProposalMember.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal")
    return Coalesce(Subquery(members.annotate(count=Count("pk")).values("count"), output_field=IntegerField()), 0)


def _annotated(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The computed columns (lead, team size, supports, and those contributed): correlated subqueries."""
    lead = ProposalMember.objects.filter(proposal=OuterRef("pk"), role=MemberRole.LEAD).values("user__full_name")
    rows = proposals.annotate(
        lead_name=Subquery(lead[:1]),
        team_size=_team_size(),
        support_count=subquery_aggregate(Support.objects.filter(proposal=OuterRef("pk"))),
    )
    for contribution in _contributions:
        rows = contribution.annotate(rows)
    return rows


def _ordering(tab: str, sort: str) -> tuple[str, ...]:
    orders = {column.key: column.order_by for column in list_columns(tab) if column.order_by}
    key = sort.removeprefix("-")
    if key not in orders:
        return ("-updated_at", "pk") if tab == DRAFTS else ("number", "pk")
    return (("-" if sort.startswith("-") else "") + orders[key], "pk")


def _computed(order: tuple[str, ...]) -> bool:
    """Whether the order names a column computed by `_annotated` (the list's own, or one an app above contributed)
    rather than a field of the proposal."""
    fields = {field.name for field in Proposal._meta.concrete_fields}
    return any(name.removeprefix("-") not in fields for name in order if name != "pk")


def ordered_ids(proposals: QuerySet[Proposal], *, tab: str, sort: str) -> QuerySet:
    """The filtered proposals' ids in the order asked (`title`, `-submitted_at`, …; by reference otherwise): what
    the list paginates. Only a sort by a computed column computes that column, and then for every row."""
    order = _ordering(tab, sort)
    if _computed(order):
        proposals = _annotated(proposals)
    return proposals.order_by(*order).values_list("pk", flat=True)


# What a row of the sent tab reads (the page and the API's rows): not the proposal's long texts.
ROW_FIELDS = (
    "id",
    "number",
    "title",
    "country",
    "region",
    "stage",
    "status",
    "eligibility",
    "eligibility_reason",
    "screened_at",
    "appealed_at",
    "hidden_at",
    "submitted_at",
    "updated_at",
)


class SentRow:
    """A row of the sent tab, read as plain values (`_row_query`): the fields in ROW_FIELDS (`country` as its code),
    `screened_by_name` and the computed columns, as attributes, with what the list and the API ask of a proposal
    besides. Building a Proposal for each row of a page cost a third of the row's share of the page."""

    challenge: Challenge  # every row's call, set by `rows_for_page`
    categories: list[str]

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def reference(self) -> str:
        return proposal_reference(self.challenge, self.number)

    def get_status_display(self) -> str:
        return choice_labels()["status"].get(self.status, self.status)

    def get_eligibility_display(self) -> str:
        return choice_labels()["eligibility"].get(self.eligibility, self.eligibility)


# The rows' query of each tab, built once for the contributions it was built with (see `_row_query`).
_row_queries: dict[str, tuple[tuple[Contribution, ...], QuerySet]] = {}


def _row_query(tab: str) -> QuerySet:
    """What a row of `tab` reads, with its computed columns, for any page. Built once rather than per page: building
    the correlated subqueries took ~3 ms a page. A page filters it, which clones it and leaves it unevaluated."""
    built = _row_queries.get(tab)
    if built is None or built[0] != tuple(_contributions):
        rows = _annotated(Proposal.objects.order_by()).annotate(  # in the order of the page's ids, not the model's
            screened_by_name=F("screened_by__full_name")
        )
        # A draft is read whole with its call (what its completeness is measured on); a row sent, what it shows.
        drafts = tab == DRAFTS
        rows = rows.select_related("challenge") if drafts else rows.values(*ROW_FIELDS, *rows.query.annotations)
        built = _row_queries[tab] = (tuple(_contributions), rows)
    return built[1]


def rows_for_page(challenge: Challenge, ids: list[int], *, tab: str) -> list[Proposal] | list[SentRow]:
    """One page of the call's rows, with every column, in the order of `ids`: the computed columns for these rows
    only, and `categories`, the names of each row's tags, sorted. Drafts are Proposals, rows sent `SentRow`s."""
    if not ids:  # an empty page: nothing to read (compiling the rows' query alone costs milliseconds)
        return []
    rows = _row_query(tab).filter(pk__in=ids)
    # Drafts' prefetches are per page: a prefetch keeps hints of the rows it read in its querysets.
    rows = with_what_missing_reads(rows) if tab == DRAFTS else map(SentRow, rows)
    by_id = {row.pk: row for row in rows}
    page_rows = [by_id[pk] for pk in ids if pk in by_id]
    # One query for the page's tags: taggit's prefetch builds a queryset for every row.
    categories = defaultdict(list)
    tagged = TaggedProposal.objects.filter(content_object_id__in=ids).order_by("tag__name")
    for proposal_id, name in tagged.values_list("content_object_id", "tag__name"):
        categories[proposal_id].append(name)
    for row in page_rows:
        row.categories = categories[row.pk]
        if tab != DRAFTS:
            row.challenge = challenge
    return page_rows


def sorted_rows(proposals: QuerySet[Proposal], *, tab: str, sort: str) -> QuerySet[Proposal]:
    """Every filtered proposal with every column, in the order asked: for exports, which read them all."""
    return _annotated(proposals).select_related("challenge").prefetch_related("tags").order_by(*_ordering(tab, sort))


def with_completeness(page_rows: list[Proposal]) -> list[Proposal]:
    """Drafts of one page with `missing`, what stands between each and its submission (from the rows' prefetches)."""
    for proposal in page_rows:
        proposal.missing = proposal_missing(proposal)
    return page_rows


def call_proposal_countries(challenge: Challenge) -> list[str]:
    """The countries the call's proposals come from, for the list's country filter (cached: a whole-call scan)."""

    def compute():
        return sorted(
            Proposal.objects.filter(challenge=challenge).order_by().values_list("country", flat=True).distinct()
        )

    return cached_figures("call-countries", {"challenge": challenge.pk}, compute)


def call_proposal_tab_counts(challenge: Challenge) -> dict[str, int]:
    """How many proposals each tab holds: one grouped query, kept until a proposal is started, submitted or
    deleted."""

    def count():
        return Proposal.objects.filter(challenge=challenge).aggregate(
            sent=Count("pk", filter=~Q(status=ProposalStatus.DRAFT)),
            drafts=Count("pk", filter=Q(status=ProposalStatus.DRAFT)),
        )

    counts = kept_for_pages("call-tab-counts", call_list_scopes(challenge.pk), count)
    return {SENT: counts["sent"], DRAFTS: counts["drafts"]}


class CallListIds:
    """The ids of the call's proposals that `filters` (as `call_proposals` takes them, with the tab) keep, in the
    order `sort` asks: what the list's page and the API paginate (Django's Paginator asks its `count()` and slices
    it), reading the rows of a page only afterwards.

    For the sent tab, the total and every slice are kept (`kept_for_pages`) under the call's list scopes and the
    versions the contributions report, which every change they depend on bumps: a proposal submitted, edited,
    screened, hidden or selected, its team, files, tags or supports, a person's name, a review. Counting a search's
    matches and walking them again for the page grew with the call (6 ms at 10,000 proposals). The drafts tab is
    ordered by each draft's last save, which bumps nothing: it is counted and walked afresh."""

    def __init__(self, challenge: Challenge, filters: dict, *, sort: str) -> None:
        self.challenge, self.filters, self.sort = challenge, filters, sort
        self.proposals = call_proposals(challenge, **filters)

    def count(self) -> int:
        return self._kept("call-list-count", self.proposals.count)

    def __getitem__(self, index: slice) -> list[int]:
        ids = ordered_ids(self.proposals, tab=self.filters["tab"], sort=self.sort)
        return self._kept("call-list-ids", lambda: list(ids[index]), sort=self.sort, rows=(index.start, index.stop))

    def _kept(self, name: str, compute: Callable[[], T], **params) -> T:
        if self.filters["tab"] == DRAFTS:
            return compute()
        return kept_for_pages(
            name,
            call_list_scopes(self.challenge.pk),
            compute,
            other_versions=lambda: [contribution.version(self.challenge) for contribution in _contributions],
            filters=sorted(self.filters.items()),
            **params,
        )
