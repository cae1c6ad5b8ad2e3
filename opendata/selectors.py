"""The rows of each open dataset, read for the publishing job (`opendata.services`), never per request; and the
published snapshots.

Only what is public already goes out: labs, calls that are not drafts, proposals of public calls once their call
for proposals has closed (the gallery's fields: never a draft, a hidden proposal, the team, answers or contact data),
published results with jurors under the selection record's pseudonyms, and innovators only as counts, with small
cells merged so that nobody can be picked out.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from taggit.models import Tag

from challenges.models import Challenge, Phase, PhaseKind
from challenges.selectors import challenges_public
from innovation_platform.accounts.selectors import SMALLEST_GROUP, innovators_counted
from innovation_platform.core.aggregates import subquery_aggregate
from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab
from judging.models import Round
from judging.selectors.results import round_record
from opendata.models import Snapshot
from projects.models import Project
from projects.models.projects import BUILT_OUTCOMES
from projects.selectors.projects import public_projects
from proposals.models import IN_THE_CALL, Proposal, ProposalStatus, TaggedProposal

OTHER = "other"


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _prefixes(challenge_ids) -> dict[int, str]:
    """Each challenge's reference prefix, for references built from plain values."""
    return {c.pk: c.reference_prefix for c in Challenge.objects.filter(pk__in=challenge_ids).only("code", "slug")}


def _reference(prefixes: dict[int, str], challenge_id: int, number: int | None) -> str:
    return f"{prefixes[challenge_id]}-{number:04d}" if number else ""


def labs_rows() -> Iterator[tuple]:
    labs = Lab.objects.order_by("name", "pk").values_list(
        "slug", "name", "kind", "country", "region", "city", "is_verified", "verified_at", "created_at"
    )
    for slug, name, kind, country, region, city, verified, verified_at, created_at in labs.iterator(2000):
        yield slug, name, kind, country, region, city, verified, _day(verified_at), _day(created_at)


def _phase_moment(kind: str, field: str):
    return Phase.objects.filter(challenge=OuterRef("pk"), kind=kind).order_by("starts_at").values(field)[:1]


def challenges_rows() -> Iterator[tuple]:
    """Calls and events that are not drafts, with their eligibility and figures, each counted in SQL."""
    challenges = (
        challenges_public()
        .annotate(
            proposals_open=Subquery(_phase_moment(PhaseKind.PROPOSALS, "starts_at")),
            proposals_close=Subquery(_phase_moment(PhaseKind.PROPOSALS, "ends_at")),
            proposals_count=subquery_aggregate(
                Proposal.objects.filter(challenge=OuterRef("pk"), status__in=IN_THE_CALL)
            ),
            selected_count=subquery_aggregate(
                Proposal.objects.filter(challenge=OuterRef("pk"), status=ProposalStatus.SELECTED)
            ),
            built_count=subquery_aggregate(
                Project.objects.filter(challenge=OuterRef("pk"), outcome__in=BUILT_OUTCOMES)
            ),
        )
        .order_by("published_at", "pk")
        .values_list(
            "slug",
            "title",
            "kind",
            "lab__slug",
            "theme",
            "visibility",
            "scope",
            "eligible_regions",
            "team_residence_required",
            "team_min",
            "team_max",
            "proposals_per_person",
            "selection_count",
            "published_at",
            "proposals_open",
            "proposals_close",
            "proposals_count",
            "selected_count",
            "built_count",
        )
    )
    yield from challenges.iterator(2000)


def phases_rows() -> Iterator[tuple]:
    phases = (
        Phase.objects.filter(challenge__in=challenges_public())
        .order_by("challenge__published_at", "challenge_id", "starts_at", "pk")
        .values_list("challenge__slug", "kind", "starts_at", "ends_at")
    )
    yield from phases.iterator(2000)


def closed_public_calls(now: datetime | None = None) -> QuerySet[Challenge]:
    """Public calls (not drafts, gallery on) whose call for proposals has ended: their proposals may be published."""
    now = now or timezone.now()
    closed = Phase.objects.filter(challenge=OuterRef("pk"), kind=PhaseKind.PROPOSALS, ends_at__lte=now)
    still_open = Phase.objects.filter(challenge=OuterRef("pk"), kind=PhaseKind.PROPOSALS, ends_at__gt=now)
    return challenges_public().filter(Exists(closed), ~Exists(still_open), proposals_public=True)


def published_proposals(now: datetime | None = None) -> QuerySet[Proposal]:
    """What the public gallery of a closed call shows: in the call, not hidden (`proposals.rules.is_public_proposal`,
    in SQL)."""
    return Proposal.objects.filter(
        challenge__in=closed_public_calls(now), status__in=IN_THE_CALL, hidden_at__isnull=True
    )


def proposals_rows() -> Iterator[tuple]:
    proposals = published_proposals().order_by("challenge_id", "number", "pk")
    categories = defaultdict(list)
    for proposal_id, name in (
        TaggedProposal.objects.filter(content_object__in=proposals.values("pk"))
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        categories[proposal_id].append(name)
    prefixes = _prefixes(proposals.values("challenge_id"))
    rows = proposals.values_list(
        "pk",
        "challenge_id",
        "number",
        "challenge__slug",
        "title",
        "summary",
        "stage",
        "country",
        "region",
        "status",
        "licence",
        "submitted_at",
    )
    for pk, challenge_id, number, slug, *fields, submitted_at in rows.iterator(2000):
        yield (_reference(prefixes, challenge_id, number), slug, *fields, categories[pk], submitted_at)


def projects_rows() -> Iterator[tuple]:
    projects = (
        public_projects()
        .filter(challenge__in=closed_public_calls())
        .order_by("challenge_id", "proposal__number", "pk")
        .values_list(
            "challenge_id",
            "proposal__number",
            "challenge__slug",
            "title",
            "summary",
            "proposal__country",
            "proposal__region",
            "proposal__licence",
            "outcome",
            "outcome_on",
            "adopted_by",
            "adopted_url",
            "repository_url",
            "created_at",
        )
    )
    prefixes = _prefixes(projects.values("challenge_id"))
    for challenge_id, number, *fields, created_at in projects.iterator(2000):
        yield (_reference(prefixes, challenge_id, number), *fields, _day(created_at))


def published_rounds() -> QuerySet[Round]:
    """Rounds whose results the organizers published, of calls whose proposals are public."""
    return (
        Round.objects.filter(results_published_at__isnull=False, challenge__in=closed_public_calls())
        .select_related("challenge", "tie_break")
        .order_by("challenge__published_at", "challenge_id", "position", "pk")
    )


def _public_records() -> Iterator[tuple[Round, dict, set[str]]]:
    """Each published round's public selection record (jurors pseudonymised, free-text reasons left out), with the
    references of its proposals that may be published (a hidden proposal keeps its place but not its row)."""
    for round_ in published_rounds():
        visible = published_proposals().filter(challenge_id=round_.challenge_id)
        prefix = round_.challenge.reference_prefix
        references = {f"{prefix}-{number:04d}" for number in visible.values_list("number", flat=True) if number}
        yield round_, round_record(round_, public=True), references


def results_rows() -> Iterator[tuple]:
    for round_, record, references in _public_records():
        decisions = {decision["proposal"]: decision["decision"] for decision in record["selection"]["decisions"]}
        for row in record["ranking"]:
            if row["proposal"] not in references:
                continue
            yield (
                round_.challenge.slug,
                round_.name,
                row["proposal"],
                row["title"],
                row["country"],
                row["region"],
                row["reviews"],
                row["raw_mean"],
                row["normalised"],
                row["raw_rank"],
                row["normalised_rank"],
                row["tied"],
                decisions.get(row["proposal"], ""),
            )


def scores_rows() -> Iterator[tuple]:
    for round_, record, references in _public_records():
        for score in record["scores"]:
            if score["proposal"] in references:
                yield (
                    round_.challenge.slug,
                    round_.name,
                    score["proposal"],
                    score["juror"],
                    score["criterion"],
                    score["value"],
                )


def merge_small_cells(cells: list[tuple[str, str, int]], minimum: int = SMALLEST_GROUP) -> list[tuple[str, str, int]]:
    """(value, label, count) cells, largest first, with every count below `minimum` merged into one "other" cell;
    while that cell is itself below `minimum` the smallest cell shown joins it, so that no published figure, nor a
    total minus the others, counts fewer than `minimum` people. Nothing at all when everyone together is too few."""
    shown = sorted((cell for cell in cells if cell[2] >= minimum), key=lambda cell: (-cell[2], cell[0]))
    merged = sum(cell[2] for cell in cells if cell[2] < minimum)
    while 0 < merged < minimum and shown:
        merged += shown.pop()[2]
    if 0 < merged < minimum:
        return []
    return shown + ([(OTHER, _("Other (merged small groups)"), merged)] if merged else [])


def innovators_rows() -> Iterator[tuple]:
    profiles = innovators_counted()
    ids = profiles.values("pk")
    total = profiles.count()
    dimensions = {
        "region": [
            (region, str(PeruRegion(region).label), count)
            for region, count in profiles.exclude(region="").values_list("region").annotate(n=Count("pk")).order_by()
        ],
        "country": [
            (code, str(countries.name(code)), count)
            for code, count in profiles.values_list("country").annotate(n=Count("pk")).order_by()
        ],
        "skill": list(
            Tag.objects.filter(accounts_taggedskill_items__content_object__in=ids)
            .annotate(n=Count("accounts_taggedskill_items"))
            .values_list("slug", "name", "n")
        ),
        "interest": list(
            Tag.objects.filter(accounts_taggedinterest_items__content_object__in=ids)
            .annotate(n=Count("accounts_taggedinterest_items"))
            .values_list("slug", "name", "n")
        ),
    }
    for value, label, count in merge_small_cells([("all", _("Everyone registered"), total)]):
        yield "total", value, label, count
    for dimension, cells in dimensions.items():
        for value, label, count in merge_small_cells(cells):
            yield dimension, value, label, count


def _per_month(rows: QuerySet, field: str) -> dict[date, int]:
    month = TruncMonth(field, tzinfo=timezone.get_current_timezone())
    counted = rows.filter(**{f"{field}__isnull": False}).annotate(month=month).values("month").annotate(n=Count("pk"))
    return {row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"] for row in counted}


def network_rows() -> Iterator[tuple]:
    """The network's totals at the end of each month, from its first month to the current one: five grouped
    queries, whatever the size of the tables."""
    series = {
        "labs": _per_month(Lab.objects.all(), "created_at"),
        "verified_labs": _per_month(Lab.objects.all(), "verified_at"),
        "innovators": _per_month(innovators_counted(), "user__date_joined"),
        "challenges": _per_month(challenges_public(), "published_at"),
        "proposals": _per_month(Proposal.objects.filter(status__in=IN_THE_CALL), "submitted_at"),
        "projects": _per_month(Project.objects.all(), "created_at"),
    }
    months = sorted({month for counts in series.values() for month in counts})
    if not months:
        return
    month, last = months[0], timezone.localdate().replace(day=1)
    totals = dict.fromkeys(series, 0)
    while month <= last:
        for name, counts in series.items():
            totals[name] += counts.get(month, 0)
        yield (month.strftime("%Y-%m"), *totals.values())
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


def dataset_latest(slug: str) -> Snapshot | None:
    """The dataset's current snapshot (its latest), from the end of an index."""
    return Snapshot.objects.filter(dataset=slug).order_by("-published_at", "-pk").first()


def latest_snapshots() -> dict[str, Snapshot]:
    """The current snapshot of each published dataset, in one query."""
    newest = Snapshot.objects.filter(dataset=OuterRef("dataset")).order_by("-published_at", "-pk").values("pk")[:1]
    return {snapshot.dataset: snapshot for snapshot in Snapshot.objects.filter(pk=Subquery(newest))}
