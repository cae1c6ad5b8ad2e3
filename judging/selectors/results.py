"""Reads of a round's outcome: the aggregated ranking, the selection report and the auditable record.

Scores are read as plain tuples (`values_list`) so a round with tens of thousands of scores builds no model objects;
`judging.aggregation.aggregate` does the arithmetic.
"""

import math
import string
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.core.paginator import Page
from django.db.models import Exists, F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.selectors import challenges_organized_by
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.pagination import page_of_known_size
from judging.aggregation import Criterion as AggCriterion
from judging.aggregation import Fallback, Placement, ProposalResult, Review, RoundResults, TieBreak, aggregate
from judging.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    Criterion,
    Juror,
    RankingRow,
    Round,
    RoundSnapshot,
    Score,
    SelectionDecision,
)
from judging.selectors.rounds import with_review_counts
from judging.snapshots import RoundCounts, counts_fresh, is_fresh, ranking_store, refresh_once, round_snapshot
from proposals.models import Eligibility, Proposal

FALLBACK_REASONS = {
    Fallback.TOO_FEW_REVIEWS: gettext_lazy("too few reviews to normalise: raw totals used"),
    Fallback.ZERO_VARIANCE: gettext_lazy("gave every proposal the same total: raw totals used"),
}


@dataclass(frozen=True)
class JurorInfo:
    pk: int
    name: str  # the person's name or address: for organizers only
    pseudonym: str  # "Juror A": stable for the round (jurors in the order they were invited)
    assigned: int  # reviews still to do
    submitted: int
    recused: int


@dataclass(frozen=True)
class ResultRow:
    proposal_id: int
    reference: str
    title: str
    country: str
    region: str
    status: str
    result: ProposalResult


@dataclass(frozen=True)
class FallbackNote:
    juror: JurorInfo
    reviews: int
    reason: str


@dataclass(frozen=True)
class RoundOutcome:
    round: Round
    criteria: list[Criterion]
    results: RoundResults
    rows: list[ResultRow]  # by normalised position
    jurors: list[JurorInfo]
    fallbacks: list[FallbackNote]
    unfinished: list[JurorInfo]  # jurors with reviews still to do
    missing_reviews: int

    def by_raw(self) -> list[ResultRow]:
        return sorted(self.rows, key=lambda row: row.result.raw_rank.position)


def pseudonym(index: int) -> str:
    """Juror A … Z, then AA, AB …: the label a public record shows instead of a name."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return _("Juror %(letter)s") % {"letter": letters}


def round_jurors(round_: Round, *, counts: RoundCounts | None = None) -> list[JurorInfo]:
    """Every juror of the round with their progress, in one query: counted in it, or taken from the kept `counts`
    (`judging.snapshots.counts_fresh`) by the pages read again and again."""
    jurors = Juror.objects.filter(round=round_).select_related("user").order_by("pk")
    if counts is None:
        jurors = with_review_counts(jurors)
    infos = []
    for index, juror in enumerate(jurors):
        count = counts.of(juror.pk) if counts is not None else juror
        infos.append(
            JurorInfo(
                pk=juror.pk,
                name=(juror.user.full_name or juror.user.email) if juror.user else juror.email,
                pseudonym=pseudonym(index),
                assigned=count.to_do,
                submitted=count.done,
                recused=count.recused,
            )
        )
    return infos


def submitted_reviews(round_: Round) -> list[Review]:
    """The round's submitted reviews with their scores, from one query of plain tuples."""
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    owners: dict[int, tuple[int, int]] = {}
    # A proposal screened out after it was reviewed is never ranked.
    rows = (
        Score.objects.filter(assignment__round=round_, assignment__status=AssignmentStatus.SUBMITTED)
        .exclude(assignment__proposal__eligibility=Eligibility.INELIGIBLE)
        .values_list("assignment_id", "assignment__juror_id", "assignment__proposal_id", "criterion_id", "value")
    )
    for assignment_id, juror_id, proposal_id, criterion_id, value in rows.iterator(chunk_size=5000):
        scores[assignment_id][criterion_id] = float(value)
        owners[assignment_id] = (juror_id, proposal_id)
    return [Review(juror_id=owners[pk][0], proposal_id=owners[pk][1], scores=review) for pk, review in scores.items()]


def round_aggregate(round_: Round) -> tuple[list[Criterion], RoundResults]:
    """The round's criteria and the aggregation of its submitted reviews: two queries."""
    criteria = list(round_.criteria.all())
    results = aggregate(
        submitted_reviews(round_),
        [AggCriterion(c.pk, float(c.weight), float(c.scale_min), float(c.scale_max), c.counted) for c in criteria],
        tie_break_criterion=round_.tie_break_id,
        seed=round_.seed,
    )
    return criteria, results


def round_results(round_: Round) -> RoundOutcome:
    """The aggregated ranking of a rubric round (see `judging.aggregation`), joined with the proposals and the jury:
    every row, for the exports and the selection (the results page reads the kept ranking, `round_ranking`).

    Four queries whatever the round's size: criteria, scores, proposals, jurors.
    """
    criteria, results = round_aggregate(round_)
    prefix = round_.challenge.reference_prefix
    proposals = {
        pk: (number, title, country, region, status)
        for pk, number, title, country, region, status in Proposal.objects.filter(
            pk__in=[row.proposal_id for row in results.proposals]
        ).values_list("pk", "number", "title", "country", "region", "status")
    }
    rows = [
        ResultRow(
            proposal_id=result.proposal_id,
            reference=_reference(prefix, proposals[result.proposal_id][0], ""),
            title=proposals[result.proposal_id][1],
            country=proposals[result.proposal_id][2],
            region=proposals[result.proposal_id][3],
            status=proposals[result.proposal_id][4],
            result=result,
        )
        for result in results.proposals
    ]
    jurors = round_jurors(round_)
    by_pk = {juror.pk: juror for juror in jurors}
    return RoundOutcome(
        round=round_,
        criteria=criteria,
        results=results,
        rows=rows,
        jurors=jurors,
        fallbacks=[
            FallbackNote(by_pk[note.juror_id], note.reviews, str(FALLBACK_REASONS[note.fallback]))
            for note in results.fallbacks
        ],
        unfinished=[juror for juror in jurors if juror.assigned],
        missing_reviews=sum(juror.assigned for juror in jurors),
    )


@dataclass(frozen=True)
class RankingOverview:
    """The summary on top of the results page; its rows come a page at a time from `ranking_page`."""

    ranked: int  # proposals in the ranking
    reviews: int  # submitted reviews counted
    distributions: dict  # the charts' figures (see `_distributions`)
    jurors: list[JurorInfo]
    fallbacks: list[FallbackNote]
    unfinished: list[JurorInfo]
    missing_reviews: int


FLOAT_FIELDS = ("raw_mean", "raw_median", "normalised", "spread")


def _ranking_refresh(round_: Round, locked: RoundSnapshot) -> dict:
    """Aggregate the round again and keep the ranking, computed from the data read after `locked.version`."""
    _criteria, results = round_aggregate(round_)
    summary = {
        "scope": locked.call_mark,
        "ranked": len(results.proposals),
        "reviews": sum(result.reviews for result in results.proposals),
        "fallbacks": [[note.juror_id, note.reviews, note.fallback] for note in results.fallbacks],
        **_distributions(results),
    }
    rows = [
        RankingRow(
            round=round_,
            proposal_id=result.proposal_id,
            position=result.normalised_rank.position,
            result=_json(result),
        )
        for result in results.proposals
    ]
    ranking_store(round_, version=locked.version, summary=summary, rows=rows)
    return summary


SPREAD_BINS = 10  # the disagreement chart's ranges of 10 points on the 0–100 scale


def _distributions(results: RoundResults) -> dict:
    """What the results page's charts draw, kept with the ranking: each juror's totals before and after
    normalisation (mean and sd: a normalised juror's totals take the round's overall mean and sd, one kept on raw
    scores keeps theirs) and how many proposals fall in each range of spread between their reviews."""
    spreads = [0] * SPREAD_BINS
    for result in results.proposals:
        if math.isfinite(result.spread):
            spreads[min(SPREAD_BINS - 1, int(result.spread // (100 / SPREAD_BINS)))] += 1
    return {
        "jurors_before_after": [
            [note.juror_id, note.reviews, _finite(note.mean), _finite(note.sd), note.fallback is None]
            for note in results.jurors
        ],
        "overall": [_finite(results.overall_mean), _finite(results.overall_sd)],
        "spreads": spreads,
        "disagreements": sum(1 for result in results.proposals if result.disagreement),
    }


def ranking_fresh(round_: Round, snapshot: RoundSnapshot | None = None) -> dict:
    """The kept ranking's summary, its rows (`RankingRow`) computed again first if anything changed since."""
    snapshot = snapshot or round_snapshot(round_)
    if is_fresh(snapshot, snapshot.ranking_version, snapshot.ranking) and _complete(snapshot.ranking):
        return snapshot.ranking
    return refresh_once(round_, "ranking", lambda locked: _ranking_refresh(round_, locked), _complete)


def _complete(summary: dict) -> bool:
    """A ranking kept before its summary had the charts' figures is computed again once."""
    return "spreads" in summary


def round_ranking(round_: Round, snapshot: RoundSnapshot | None = None) -> RankingOverview:
    """The kept ranking's summary, computed again first when a review, the criteria or the settings changed since
    it was kept, or a proposal of the call (screened out, say) (see `judging.snapshots`)."""
    snapshot = snapshot or round_snapshot(round_)
    summary = ranking_fresh(round_, snapshot)
    jurors = round_jurors(round_, counts=counts_fresh(round_, snapshot))
    by_pk = {juror.pk: juror for juror in jurors}
    return RankingOverview(
        ranked=summary["ranked"],
        reviews=summary["reviews"],
        distributions={key: summary[key] for key in ("jurors_before_after", "overall", "spreads", "disagreements")},
        jurors=jurors,
        fallbacks=[
            FallbackNote(by_pk[juror_id], reviews, str(FALLBACK_REASONS[Fallback(fallback)]))
            for juror_id, reviews, fallback in summary["fallbacks"]
        ],
        unfinished=[juror for juror in jurors if juror.assigned],
        missing_reviews=sum(juror.assigned for juror in jurors),
    )


def ranking_page(round_: Round, overview: RankingOverview, number, per_page: int) -> Page:
    """One page of the kept ranking (`round_ranking` first) by normalised position: (`ResultRow`, the proposal's
    selection decision in the round or None) pairs, in one query."""
    decision = FilteredRelation("proposal__decisions", condition=Q(proposal__decisions__round=round_))
    rows = (
        RankingRow.objects.filter(round=round_)
        .select_related("proposal")
        .only(
            "proposal_id",
            "result",
            *(f"proposal__{name}" for name in ("number", "title", "country", "region", "status")),
        )
        .annotate(
            decision_row=decision,
            **{f"decision_{name}": F(f"decision_row__{name}") for name in DECISION_FIELDS},
        )
        .order_by("position")
    )
    page = page_of_known_size(rows, number, per_page, count=overview.ranked)
    prefix = round_.challenge.reference_prefix
    page.object_list = [(_row(prefix, row), _decision(round_, row)) for row in page.object_list]
    return page


DECISION_FIELDS = ("id", "decision", "rank", "waitlist_position", "confirmed_at")


def _decision(round_: Round, row: RankingRow) -> SelectionDecision | None:
    if row.decision_id is None:
        return None
    fields = {name: getattr(row, f"decision_{name}") for name in DECISION_FIELDS}
    return SelectionDecision(round=round_, proposal_id=row.proposal_id, **fields)


@dataclass(frozen=True)
class DecisionFlags:
    pending: bool  # some decision is still to confirm
    confirmed: bool  # the selection is confirmed


def decision_flags(round_: Round) -> DecisionFlags:
    """Whether the round has decisions still pending and confirmed ones, in one query."""
    decisions = SelectionDecision.objects.filter(round=round_)
    pending, confirmed = (
        Round.objects.filter(pk=round_.pk)
        .values_list(
            Exists(decisions.filter(confirmed_at__isnull=True)), Exists(decisions.filter(confirmed_at__isnull=False))
        )
        .get()
    )
    return DecisionFlags(pending=bool(pending), confirmed=bool(confirmed))


def ranking_rows(round_: Round, proposal_ids: list[int]) -> dict[int, ResultRow]:
    """The kept ranking's rows of a few proposals (those a selection report names), by proposal id."""
    if not proposal_ids:
        return {}
    rows = RankingRow.objects.filter(round=round_, proposal_id__in=proposal_ids).select_related("proposal")
    prefix = round_.challenge.reference_prefix
    return {row.proposal_id: _row(prefix, row) for row in rows}


def _row(prefix: str, row: RankingRow) -> ResultRow:
    return ResultRow(
        proposal_id=row.proposal_id,
        reference=_reference(prefix, row.proposal.number, ""),
        title=row.proposal.title,
        country=row.proposal.country,
        region=row.proposal.region,
        status=row.proposal.status,
        result=_result(row.result),
    )


def _json(result: ProposalResult) -> dict:
    """A result as JSON (PostgreSQL's has no NaN: an undefined figure is kept as null)."""
    data = asdict(result)
    return {**data, **{name: _finite(data[name]) for name in FLOAT_FIELDS}}


def _result(data: dict) -> ProposalResult:
    def placement(place: dict) -> Placement:
        return Placement(**{**place, "broken_by": TieBreak(place["broken_by"])})

    floats = {name: math.nan if data[name] is None else data[name] for name in FLOAT_FIELDS}
    ranks = {name: placement(data[name]) for name in ("raw_rank", "normalised_rank")}
    return ProposalResult(**{**data, **floats, **ranks})


def round_decisions(round_: Round) -> list[SelectionDecision]:
    """The selection decisions of the round, best rank first, with the proposal and who decided."""
    return list(
        SelectionDecision.objects.filter(round=round_)
        .select_related("proposal__challenge", "decided_by")
        .order_by("rank", "pk")
    )


def selection_confirmed(round_: Round) -> bool:
    """Whether the round's selection is confirmed: then it can no longer change."""
    return SelectionDecision.objects.filter(round=round_, confirmed_at__isnull=False).exists()


def selection_report(round_: Round) -> dict | None:
    """What the last proposed selection reported (quotas, displaced and admitted proposals), as audited."""
    entry = audit_entries(round_).filter(action="round.selection_proposed").order_by("-created_at", "-pk").first()
    return entry.data if entry else None


def selection_changes(round_: Round) -> list:
    """Decisions changed by hand, with their reasons, oldest first."""
    return list(audit_entries(round_).filter(action="round.selection_changed").order_by("created_at", "pk"))


def round_record(round_: Round, *, public: bool) -> dict:
    """The auditable selection record of a round, as plain data for the printable page, the CSV and the JSON.

    `public` replaces jurors' names with pseudonyms and leaves out free-text reasons that may name people; the
    organizers' internal version has both. Bounded queries: it reads everything in bulk.
    """
    outcome = round_results(round_)
    juror_label = {juror.pk: juror.pseudonym if public else juror.name for juror in outcome.jurors}
    reference = {row.proposal_id: row.reference for row in outcome.rows}
    assignments = list(
        Assignment.objects.filter(round=round_)
        .order_by("proposal__number", "juror_id")
        .values_list(
            "juror_id",
            "proposal_id",
            "proposal__number",
            "status",
            "is_calibration",
            "recusal_reason",
            "submitted_at",
        )
    )
    prefix = round_.challenge.reference_prefix
    for _juror, proposal_id, number, *_rest in assignments:
        reference.setdefault(proposal_id, _reference(prefix, number, proposal_id))
    criterion_name = {criterion.pk: criterion.name for criterion in outcome.criteria}
    scores = Score.objects.filter(assignment__round=round_, assignment__status=AssignmentStatus.SUBMITTED).values_list(
        "assignment__juror_id", "assignment__proposal_id", "criterion_id", "value"
    )
    conflicts = Conflict.objects.filter(juror__round=round_).values_list(
        "juror_id", "proposal_id", "proposal__number", "kind", "reason", "created_at"
    )
    decisions = round_decisions(round_)
    report = selection_report(round_)
    changes = selection_changes(round_)
    return {
        "round": {
            "challenge": round_.challenge.title,
            "name": round_.name,
            "method": round_.method,
            "reviews_per_proposal": round_.reviews_per_proposal,
            "blind": round_.is_blind,
            "seed": round_.seed,
            "tie_break": round_.tie_break.name if round_.tie_break_id else None,
            "results_published_at": _iso(round_.results_published_at),
            "public": public,
        },
        "criteria": [
            {
                "name": criterion.name,
                "weight": float(criterion.weight),
                "min": float(criterion.scale_min),
                "max": float(criterion.scale_max),
                "counted": criterion.counted,
            }
            for criterion in outcome.criteria
        ],
        "jurors": [
            {
                "juror": juror_label[juror.pk],
                "submitted": juror.submitted,
                "to_do": juror.assigned,
                "recused": juror.recused,
            }
            for juror in outcome.jurors
        ],
        "assignments": [
            {
                "proposal": reference[proposal_id],
                "juror": juror_label[juror_id],
                "status": status,
                "calibration": calibration,
                "recusal_reason": "" if public else reason,
                "submitted_at": _iso(submitted_at),
            }
            for juror_id, proposal_id, _number, status, calibration, reason, submitted_at in assignments
        ],
        "conflicts": [
            {
                "proposal": reference.get(proposal_id) or _reference(prefix, number, proposal_id),
                "juror": juror_label[juror_id],
                "kind": kind,
                "reason": "" if public else reason,
                "declared_at": _iso(created_at),
            }
            for juror_id, proposal_id, number, kind, reason, created_at in conflicts
        ],
        "scores": [
            {
                "proposal": reference[proposal_id],
                "juror": juror_label[juror_id],
                "criterion": criterion_name[criterion_id],
                "value": float(value),
            }
            for juror_id, proposal_id, criterion_id, value in scores.order_by(
                "assignment__proposal__number", "assignment__juror_id", "criterion__position", "criterion_id"
            )
        ],
        "normalisation": {
            "overall_mean": _finite(outcome.results.overall_mean),
            "overall_sd": _finite(outcome.results.overall_sd),
            "fallbacks": [
                {"juror": juror_label[note.juror.pk], "reviews": note.reviews, "reason": note.reason}
                for note in outcome.fallbacks
            ],
        },
        "ranking": [
            {
                "proposal": row.reference,
                "title": row.title,
                "country": row.country,
                "region": row.region,
                "reviews": row.result.reviews,
                "raw_mean": row.result.raw_mean,
                "raw_median": row.result.raw_median,
                "normalised": row.result.normalised,
                "spread": row.result.spread,
                "disagreement": row.result.disagreement,
                "raw_rank": row.result.raw_rank.position,
                "normalised_rank": row.result.normalised_rank.position,
                "tie_group": row.result.normalised_rank.tie_group,
                "tied": row.result.normalised_rank.tied,
                "broken_by": str(row.result.normalised_rank.broken_by),
                "tie_break_mean": row.result.tie_break_mean,
                "draw": row.result.draw,
            }
            for row in outcome.rows
        ],
        "selection": {
            "report": _with_references(report, reference),
            "changes": [
                {
                    "proposal": reference.get(entry.data.get("proposal_id"), ""),
                    "from": entry.data.get("old"),
                    "to": entry.data.get("new"),
                    "reason": "" if public else entry.data.get("reason", ""),
                    "by": str(entry.actor or ""),
                    "at": _iso(entry.created_at),
                }
                for entry in changes
            ],
            "decisions": [
                {
                    "proposal": reference.get(decision.proposal_id) or decision.proposal.reference,
                    "decision": decision.decision,
                    "rank": decision.rank,
                    "waitlist_position": decision.waitlist_position,
                    "decided_by": str(decision.decided_by or ""),
                    "decided_at": _iso(decision.decided_at),
                    "confirmed_at": _iso(decision.confirmed_at),
                }
                for decision in decisions
            ],
        },
    }


def _with_references(report: dict | None, reference: dict) -> dict | None:
    if report is None:
        return None
    moved = {
        key: [{**change, "proposal": reference.get(change["proposal_id"], "")} for change in report.get(key, [])]
        for key in ("displaced", "admitted")
    }
    return {**report, **moved}


def _reference(prefix: str, number: int | None, default) -> str:
    """`Proposal.reference` from plain values (the record reads tuples, not proposals)."""
    return f"{prefix}-{number:04d}" if number else str(default)


def _finite(value: float) -> float | None:
    """JSON has no NaN: an undefined statistic (the sd of a single review) is exported as null."""
    return None if math.isnan(value) else value


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def rounds_organized_by(user) -> QuerySet[Round]:
    """The rounds of the challenges the user organizes (every round for staff), newest challenge first."""
    rounds = Round.objects.select_related("challenge__lab").order_by("-challenge__created_at", "position", "pk")
    if user.is_staff:
        return rounds
    return rounds.filter(challenge__in=challenges_organized_by(user).values("pk"))
