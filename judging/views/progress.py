"""The organizers' progress page of a round: who has finished, which proposals lack reviews, the assignment
action with its report, and manual adjustments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import require
from innovation_platform.live import groups
from innovation_platform.live.selectors import live_last_event_id
from judging.forms.scoring import AssignAllForm, AssignmentAddForm, AssignmentChangeForm
from judging.models import Assignment, Round
from judging.round_charts import progress_charts
from judging.selectors.scoring import round_jury_progress, round_proposal_progress
from judging.services.assignment import assignment_add, assignment_remove, round_assign
from judging.snapshots import counts_fresh, round_snapshot
from judging.views.kept_parts import keep_parts
from judging.views.organizer import render_in_console

PER_PAGE = 25  # rows rendered per request: the page costs the same in a call of any size


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("challenge__lab"), pk=pk)
    require(request.user, "judging.view_progress", round_)
    return round_


def _render(
    request, round_: Round, *, assign_form=None, add_form=None, remove_form=None, status: int = 200, keep: bool = False
):
    live_last = live_last_event_id(groups.round_console(round_.pk))  # before the figures: see the selector
    snapshot = round_snapshot(round_)
    counts = counts_fresh(round_, snapshot)
    if keep:
        keep_parts(request, "progress", snapshot)
    jurors = round_jury_progress(round_, counts)
    page = request.GET.get("page")
    # Lazy: a kept part (the proposals' table, the empty forms) is not rendered, and neither read nor built.
    return render_in_console(
        request,
        "progress/progress.html",
        round_.challenge,
        status=status,
        round=round_,
        live_last=live_last,
        jurors=jurors,
        # What the juror menus of the forms list (the form's own order), for the key of their kept part.
        juror_choices=sorted((juror.pk, juror.user.full_name or juror.email) for juror in jurors),
        charts=progress_charts(round_, jurors),
        unfinished=[juror for juror in jurors if juror.done < juror.load],
        proposals=SimpleLazyObject(lambda: round_proposal_progress(round_, counts, page, PER_PAGE)),
        assign_form=assign_form or SimpleLazyObject(lambda: AssignAllForm(round_=round_)),
        add_form=add_form or SimpleLazyObject(lambda: AssignmentAddForm(round_=round_, prefix="add")),
        remove_form=remove_form or SimpleLazyObject(lambda: AssignmentChangeForm(round_=round_, prefix="remove")),
    )


@login_required
@require_GET
def progress_view(request, pk):
    return _render(request, _round(request, pk), keep=True)


@login_required
@require_POST
def assign_view(request, pk):
    round_ = _round(request, pk)
    form = AssignAllForm(request.POST, round_=round_)
    if not form.is_valid():
        return _render(request, round_, assign_form=form, status=400)
    report = round_assign(round_=round_, actor=request.user, calibration=form.cleaned_data["calibration"])
    messages.success(
        request,
        ngettext("%(count)s review assigned.", "%(count)s reviews assigned.", report.created)
        % {"count": report.created},
    )
    if report.removed:
        messages.info(
            request,
            ngettext(
                "%(count)s review removed: it had become a conflict of interest.",
                "%(count)s reviews removed: they had become conflicts of interest.",
                report.removed,
            )
            % {"count": report.removed},
        )
    for problem in report.problems:
        messages.warning(request, problem)
    return redirect("judging:progress", pk=pk)


@login_required
@require_POST
def assignment_add_view(request, pk):
    round_ = _round(request, pk)
    form = AssignmentAddForm(request.POST, round_=round_, prefix="add")
    if form.is_valid():
        try:
            assignment_add(
                round_=round_,
                juror=form.cleaned_data["juror"],
                proposal=form.cleaned_data["proposal"],
                actor=request.user,
                over_load=form.cleaned_data["over_load"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Review assigned."))
            return redirect("judging:progress", pk=pk)
    return _render(request, round_, add_form=form, status=400)


@login_required
@require_POST
def assignment_remove_view(request, pk):
    round_ = _round(request, pk)
    form = AssignmentChangeForm(request.POST, round_=round_, prefix="remove")
    if form.is_valid():
        assignment = Assignment.objects.filter(
            round=round_, juror=form.cleaned_data["juror"], proposal=form.cleaned_data["proposal"]
        ).first()
        if assignment is None:
            form.add_error("proposal", _("This juror does not have this proposal."))
        else:
            try:
                assignment_remove(assignment=assignment, actor=request.user)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Review removed."))
                return redirect("judging:progress", pk=pk)
    return _render(request, round_, remove_form=form, status=400)
