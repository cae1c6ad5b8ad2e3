"""A round's results page, the selection (propose, adjust, confirm), publication, the auditable record and the
export of every review."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from challenges.models import QuotaKind
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.exports import csv_response
from innovation_platform.core.permissions import can, require
from judging.exports import reviews_export_response
from judging.forms.results import ConfirmSelectionForm, DecisionChangeForm, ProposeSelectionForm, TeamFeedbackForm
from judging.models import Round, RoundMethod, SelectionDecision
from judging.round_charts import results_charts
from judging.selectors.results import (
    decision_flags,
    ranking_page,
    ranking_rows,
    round_decisions,
    round_ranking,
    round_record,
    selection_report,
)
from judging.services.feedback import team_feedback_set
from judging.services.results import results_publish
from judging.services.selection import selection_confirm, selection_decide, selection_propose
from judging.snapshots import round_snapshot
from judging.views.kept_parts import keep_parts

# Column headings of the printable record; the CSV and JSON keep the keys, which do not change with the language.
PER_PAGE = 25  # rows rendered per request: the page costs the same in a call of any size
RECORD_COLUMNS = {
    "name": gettext_lazy("Name"),
    "weight": gettext_lazy("Weight"),
    "min": gettext_lazy("Lowest"),
    "max": gettext_lazy("Highest"),
    "counted": gettext_lazy("Counted"),
    "juror": gettext_lazy("Juror"),
    "submitted": gettext_lazy("Done"),
    "to_do": gettext_lazy("To do"),
    "recused": gettext_lazy("Recused"),
    "proposal": gettext_lazy("Proposal"),
    "status": gettext_lazy("Status"),
    "calibration": gettext_lazy("Calibration"),
    "recusal_reason": gettext_lazy("Reason for recusing"),
    "submitted_at": gettext_lazy("Submitted"),
    "kind": gettext_lazy("Kind"),
    "reason": gettext_lazy("Reason"),
    "declared_at": gettext_lazy("Recorded"),
    "criterion": gettext_lazy("Criterion"),
    "value": gettext_lazy("Score"),
    "reviews": gettext_lazy("Reviews"),
    "title": gettext_lazy("Title"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "raw_mean": gettext_lazy("Mean"),
    "raw_median": gettext_lazy("Median"),
    "normalised": gettext_lazy("Normalised"),
    "spread": gettext_lazy("Spread"),
    "disagreement": gettext_lazy("Disagreement"),
    "raw_rank": gettext_lazy("Raw rank"),
    "normalised_rank": gettext_lazy("Normalised rank"),
    "tie_group": gettext_lazy("Tie group"),
    "tied": gettext_lazy("Tied"),
    "broken_by": gettext_lazy("Tie broken by"),
    "tie_break_mean": gettext_lazy("Tie-breaker mean"),
    "draw": gettext_lazy("Draw number"),
    "count": gettext_lazy("N"),
    "target": gettext_lazy("Target"),
    "plain": gettext_lazy("In the plain top"),
    "selected": gettext_lazy("In the selection"),
    "shortfall": gettext_lazy("Shortfall"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "by": gettext_lazy("By"),
    "at": gettext_lazy("When"),
    "decision": gettext_lazy("Decision"),
    "rank": gettext_lazy("Rank"),
    "waitlist_position": gettext_lazy("Waitlist position"),
    "decided_by": gettext_lazy("Decided by"),
    "decided_at": gettext_lazy("Decided"),
    "confirmed_at": gettext_lazy("Confirmed"),
}


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("challenge__lab", "tie_break"), pk=pk)


@require_GET
def round_results_view(request, pk):
    """The round's summary on top and its ranking a page at a time (the whole ranking is in the record's exports)."""
    round_ = _round(pk)
    require(request.user, "judging.view_results", round_)
    organizer = can(request.user, "judging.manage_round", round_)
    rubric = round_.method == RoundMethod.RUBRIC
    outcome = page = None
    if rubric:
        snapshot = round_snapshot(round_)
        outcome = round_ranking(round_, snapshot)
        keep_parts(request, "results", snapshot, snapshot.decisions_version)
        # Lazy: the ranking's page is read only when its kept part is not.
        page = SimpleLazyObject(lambda: ranking_page(round_, outcome, request.GET.get("page"), PER_PAGE))
    flags = decision_flags(round_)
    # Others see a decision once it is confirmed.
    ranked = SimpleLazyObject(
        lambda: [
            (row, decision if organizer or (decision and decision.confirmed_at) else None)
            for row, decision in (page.object_list if page else [])
        ]
    )
    # A pairwise round lists its decisions by rank: a shortlist, never the whole call.
    shortlist = [] if rubric else [d for d in round_decisions(round_) if organizer or d.confirmed_at]
    # Lazy too: the selection's report is read only when the organizers' selection part is not kept.
    selection = SimpleLazyObject(lambda: _selection(round_)) if organizer else {}
    context = {
        "challenge": round_.challenge,
        "round": round_,
        "outcome": outcome,
        "page": page,
        "ranked": ranked,
        "organizer": organizer,
        # Blind rounds keep jurors anonymous to everyone but the organizers.
        "show_names": organizer or not round_.is_blind,
        # The jurors' distributions are the organizers' to read.
        "charts": results_charts(round_, outcome, show_names=True) if organizer and outcome else [],
        "decisions": shortlist,
        "has_decisions": flags.confirmed or (organizer and flags.pending),
        "pending": organizer and flags.pending,
        "confirmed": flags.confirmed,
        "selection": selection,
        "propose_form": ProposeSelectionForm(
            initial={"count": round_.challenge.selection_count, "waitlist": round_.challenge.waitlist_size}
        ),
        "confirm_form": ConfirmSelectionForm(),
        "feedback_form": TeamFeedbackForm(initial={"team_feedback": round_.team_feedback}),
    }
    return render(request, "judging/results/results.html", context)


def _selection(round_: Round) -> dict:
    """What the last proposed selection reported, its quotas named, and the ranking's rows it moved."""
    report = selection_report(round_)
    if not report:
        return {"report": None, "moves": None}
    labels = dict(QuotaKind.choices)
    report = {**report, "quotas": [{**quota, "label": labels[quota["kind"]]} for quota in report["quotas"]]}
    moved = ranking_rows(
        round_, [change["proposal_id"] for key in ("displaced", "admitted") for change in report.get(key, [])]
    )
    moves = {
        key: [
            (moved.get(change["proposal_id"]), ", ".join(str(labels[kind]) for kind in change["quotas"]))
            for change in report.get(key, [])
        ]
        for key in ("displaced", "admitted")
    }
    return {"report": report, "moves": moves}


def _organized_round(request, pk: int, action: str = "judging.manage_round") -> Round:
    round_ = _round(pk)
    require(request.user, action, round_)
    return round_


@login_required
@require_POST
def selection_propose_view(request, pk):
    round_ = _organized_round(request, pk)
    form = ProposeSelectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of proposals to select and the waitlist size."))
        return redirect("judging:results", pk=pk)
    try:
        selection_propose(
            round_=round_, actor=request.user, count=form.cleaned_data["count"], waitlist=form.cleaned_data["waitlist"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Selection proposed. Review it, change decisions if needed, then confirm."))
    return redirect("judging:results", pk=pk)


@login_required
def selection_decide_view(request, pk, decision_pk):
    round_ = _organized_round(request, pk)
    decision = get_object_or_404(SelectionDecision.objects.select_related("proposal"), pk=decision_pk, round=round_)
    initial = {
        "decision": decision.decision,
        "waitlist_position": decision.waitlist_position,
        "feedback": decision.feedback,
    }
    form = DecisionChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            selection_decide(
                decision=decision,
                actor=request.user,
                choice=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                feedback=form.cleaned_data["feedback"],
                waitlist_position=form.cleaned_data["waitlist_position"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Decision on “%(title)s” changed.") % {"title": decision.proposal.title})
            return redirect("judging:results", pk=pk)
    return render(
        request,
        "judging/results/decision_edit.html",
        {"challenge": round_.challenge, "round": round_, "decision": decision, "form": form},
    )


@login_required
@require_POST
def selection_confirm_view(request, pk):
    round_ = _organized_round(request, pk)
    form = ConfirmSelectionForm(request.POST)
    form.is_valid()
    try:
        count = selection_confirm(
            round_=round_, actor=request.user, despite_missing=form.cleaned_data.get("despite_missing", False)
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Selection confirmed: %(count)s teams are being told their decision.") % {"count": count}
        )
    return redirect("judging:results", pk=pk)


@login_required
@require_POST
def results_publish_view(request, pk):
    round_ = _organized_round(request, pk)
    form = TeamFeedbackForm(request.POST)
    form.is_valid()
    try:
        results_publish(round_=round_, actor=request.user, team_feedback=form.cleaned_data.get("team_feedback") or None)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Results published: everyone can now see the ranking."))
    return redirect("judging:results", pk=pk)


@login_required
@require_POST
def team_feedback_view(request, pk):
    """Change what teams receive of the jurors' reviews, after the publication too (release it later, or hide it)."""
    round_ = _organized_round(request, pk)
    form = TeamFeedbackForm(request.POST)
    form.is_valid()
    try:
        team_feedback_set(round_=round_, actor=request.user, team_feedback=form.cleaned_data.get("team_feedback", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved: %(choice)s.") % {"choice": round_.get_team_feedback_display()})
    return redirect("judging:results", pk=pk)


# The auditable selection record


def _record(request, pk) -> tuple[Round, dict]:
    round_ = _organized_round(request, pk, "judging.export_round")
    return round_, round_record(round_, public=request.GET.get("public") == "1")


@login_required
@require_GET
def record_view(request, pk):
    round_, record = _record(request, pk)
    report = record["selection"]["report"] or {}
    sections = [
        ("criteria", _("Criteria and weights"), record["criteria"]),
        ("jurors", _("Jury"), record["jurors"]),
        ("assignments", _("Assignment and recusals"), record["assignments"]),
        ("conflicts", _("Conflicts of interest"), record["conflicts"]),
        ("scores", _("Every juror's raw scores"), record["scores"]),
        ("fallbacks", _("Jurors kept on raw scores"), record["normalisation"]["fallbacks"]),
        ("ranking", _("Ranking, normalised scores, ties and draws"), record["ranking"]),
        ("quotas", _("Quotas applied"), report.get("quotas", [])),
        ("changes", _("Decisions changed by hand"), record["selection"]["changes"]),
        ("decisions", _("Decisions"), record["selection"]["decisions"]),
    ]
    tables = [
        (
            key,
            title,
            [RECORD_COLUMNS.get(column, column) for column in items[0]] if items else [],
            [list(item.values()) for item in items],
        )
        for key, title, items in sections
    ]
    return render(
        request,
        "judging/results/record.html",
        {
            "challenge": round_.challenge,
            "round": round_,
            "record": record,
            "public": record["round"]["public"],
            "tables": tables,
        },
    )


@login_required
@require_GET
def record_json(request, pk):
    round_, record = _record(request, pk)
    response = HttpResponse(
        json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-record.json"'
    return response


def record_rows(record: dict):
    """The record as CSV rows: per section, a header row then one row per item, the section's name first."""
    yield ["section", "key", "value"]
    for key, value in record["round"].items():
        yield ["round", key, value]
    for section in ("criteria", "jurors", "assignments", "conflicts", "scores"):
        yield from _table(section, record[section])
    yield ["normalisation", "overall_mean", record["normalisation"]["overall_mean"]]
    yield ["normalisation", "overall_sd", record["normalisation"]["overall_sd"]]
    yield from _table("fallbacks", record["normalisation"]["fallbacks"])
    yield from _table("ranking", record["ranking"])
    report = record["selection"]["report"] or {}
    yield from _table("quotas", report.get("quotas", []))
    for key in ("displaced", "admitted"):
        yield from _table(key, [{**change, "quotas": " ".join(change["quotas"])} for change in report.get(key, [])])
    yield from _table("changes", record["selection"]["changes"])
    yield from _table("decisions", record["selection"]["decisions"])


def _table(section: str, items: list[dict]):
    if items:
        yield [section, *items[0].keys()]
        for item in items:
            yield [section, *item.values()]


@login_required
@require_GET
def record_csv(request, pk):
    round_, record = _record(request, pk)
    rows = record_rows(record)
    return csv_response(f"round-{round_.pk}-record", next(rows), rows)


@login_required
@require_GET
def reviews_export(request, pk, fmt):
    """Every review of the round, one column per criterion, as CSV or XLSX."""
    return reviews_export_response(_organized_round(request, pk, "judging.export_round"), fmt)
