"""Pairwise expo judging: the juror's phone page (where to go, which is better) and the organizers' live board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import can, require
from innovation_platform.live import groups
from innovation_platform.live.selectors import live_last_event_id
from judging.forms.pairwise import ShortlistForm, SkipForm, UndoForm, VoteForm
from judging.models import Juror, Round, RoundMethod
from judging.rules import active_seat
from judging.selectors.pairwise import expo_board, expo_page
from judging.selectors.results import selection_confirmed
from judging.services.pairwise import pairwise_shortlist, pairwise_skip, pairwise_start, pairwise_undo, pairwise_vote


def _pairwise_round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("challenge__lab"), pk=pk, method=RoundMethod.PAIRWISE)


def _seat(request, pk: int) -> tuple[Round, Juror]:
    round_ = _pairwise_round(pk)
    require(request.user, "judging.vote_pairwise", round_)
    return round_, active_seat(request.user, round_)  # the seat the rule just looked up


@login_required
@require_GET
def expo_view(request, pk):
    round_, juror = _seat(request, pk)
    page = expo_page(round_, juror)
    return render(
        request,
        "judging/pairwise/expo.html",
        {
            "challenge": round_.challenge,
            "round": round_,
            "page": page,
            "judge": page.judge,
            "is_open": round_.starts_at <= timezone.now() < round_.ends_at,
        },
    )


@login_required
@require_POST
def expo_start_view(request, pk):
    round_, juror = _seat(request, pk)
    try:
        judge = pairwise_start(round_=round_, juror=juror)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if judge.current_id is None:
            messages.warning(request, _("Every project is busy right now: try again in a moment."))
    return redirect("judging:expo", pk=pk)


@login_required
@require_POST
def expo_vote_view(request, pk):
    round_, juror = _seat(request, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That answer could not be read: choose one of the two buttons."))
        return redirect("judging:expo", pk=pk)
    try:
        vote = pairwise_vote(
            round_=round_,
            juror=juror,
            current_is_better=form.cleaned_data["better"] == "current",
            shown_current=form.cleaned_data["current"],
            shown_previous=form.cleaned_data["previous"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if vote is not None:
            messages.success(request, _("Vote recorded: “%(title)s” was better.") % {"title": vote.winner.title})
    return redirect("judging:expo", pk=pk)


@login_required
@require_POST
def expo_skip_view(request, pk):
    round_, juror = _seat(request, pk)
    form = SkipForm(request.POST)
    if form.is_valid():
        try:
            pairwise_skip(round_=round_, juror=juror, shown_current=form.cleaned_data["current"])
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("judging:expo", pk=pk)


@login_required
@require_POST
def expo_undo_view(request, pk):
    round_, juror = _seat(request, pk)
    form = UndoForm(request.POST)
    if form.is_valid():
        try:
            vote = pairwise_undo(round_=round_, juror=juror, vote_id=form.cleaned_data["vote"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if vote is not None:
                messages.success(request, _("Vote undone: you are back at the pair you voted on."))
    return redirect("judging:expo", pk=pk)


def _render_board(request, round_: Round, form: ShortlistForm, *, status: int = 200):
    live_last = live_last_event_id(groups.round_console(round_.pk))  # before the board: see the selector
    manager = can(request.user, "judging.manage_round", round_)
    return render(
        request,
        "judging/pairwise/board.html",
        {
            "challenge": round_.challenge,
            "round": round_,
            "live_last": live_last,
            "board": expo_board(round_),
            "form": form if manager and not selection_confirmed(round_) else None,
        },
        status=status,
    )


@login_required
@require_GET
def expo_board_view(request, pk):
    round_ = _pairwise_round(pk)
    require(request.user, "judging.view_progress", round_)
    return _render_board(request, round_, ShortlistForm(initial={"count": round_.challenge.selection_count}))


@login_required
@require_POST
def expo_shortlist_view(request, pk):
    round_ = _pairwise_round(pk)
    require(request.user, "judging.manage_round", round_)
    form = ShortlistForm(request.POST)
    if form.is_valid():
        try:
            pairwise_shortlist(round_=round_, actor=request.user, count=form.cleaned_data["count"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Shortlist proposed from the expo ranking. Review it, then confirm."))
            return redirect("judging:results", pk=pk)
    return _render_board(request, round_, form, status=400)
