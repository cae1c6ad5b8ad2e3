"""A juror's pages: the dashboard of their reviews and the scoring page of one proposal (with recusal)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import can, require
from judging.forms.scoring import RecuseForm, ReviewForm
from judging.models import Assignment, AssignmentStatus
from judging.selectors.scoring import (
    assignment_for_review,
    juror_seats,
    other_reviews,
    proposal_for_review,
    review_values,
)
from judging.services.assignment import assignment_recuse
from judging.services.scoring import criterion_field, plain, review_save

PER_PAGE = 25


def _assignment(pk: int) -> Assignment:
    try:
        return assignment_for_review(pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def dashboard_view(request):
    try:
        seat = int(request.GET.get("seat", ""))
    except ValueError:
        seat = None  # no seat named: every seat shows its first page
    seats = juror_seats(request.user, seat=seat, page=request.GET.get("page"), per_page=PER_PAGE)
    return render(request, "judging/juror/dashboard.html", {"seats": seats})


def _render_review(request, assignment: Assignment, form: ReviewForm, recuse_form: RecuseForm, *, status: int = 200):
    round_ = assignment.round
    now = timezone.now()
    can_score = can(request.user, "judging.score", assignment) and round_.starts_at <= now < round_.ends_at
    context = {
        "challenge": round_.challenge,
        "round": round_,
        "assignment": assignment,
        "review": proposal_for_review(assignment),
        "form": form,
        "recuse_form": recuse_form,
        "can_score": can_score,
        "can_recuse": can_score and can(request.user, "judging.recuse", assignment),
        "is_open": round_.starts_at <= now < round_.ends_at,
        "now": now,
        "others": other_reviews(assignment) if can(request.user, "judging.view_others_scores", assignment) else None,
        "criteria": form.criteria,
    }
    return render(request, "judging/juror/review.html", context, status=status)


def _review_form(assignment: Assignment, data=None) -> ReviewForm:
    criteria = list(assignment.round.criteria.all())
    values = review_values(assignment)
    initial = {criterion_field(c): plain(values[c.pk]) for c in criteria if c.pk in values}
    initial |= {"comment": assignment.comment, "feedback": assignment.feedback, "revision": assignment.revision}
    return ReviewForm(data, criteria=criteria, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def review_view(request, pk):
    assignment = _assignment(pk)
    require(request.user, "judging.view_assignment", assignment)
    if request.method == "GET":
        return _render_review(request, assignment, _review_form(assignment), RecuseForm())
    require(request.user, "judging.score", assignment)
    form = _review_form(assignment, request.POST)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            review_save(
                assignment=assignment,
                actor=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                feedback=form.cleaned_data["feedback"],
                revision=form.cleaned_data["revision"],
                submit=submit,
            )
        except ApplicationError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Review submitted. Thank you!") if submit else _("Draft saved."))
            return redirect("judging:review", pk=pk) if not submit else redirect("judging:mine")
    # The juror's typed values stay in the form, whatever refused them.
    return _render_review(request, assignment, form, RecuseForm(), status=400)


@login_required
@require_POST
def recuse_view(request, pk):
    assignment = _assignment(pk)
    if assignment.status == AssignmentStatus.RECUSED and assignment.juror.user_id == request.user.pk:
        return redirect("judging:mine")  # a retried recusal
    require(request.user, "judging.recuse", assignment)
    form = RecuseForm(request.POST)
    if form.is_valid():
        try:
            assignment_recuse(assignment=assignment, juror_user=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("You recused yourself from this proposal. The organizers have been told why."))
            return redirect("judging:mine")
    return _render_review(request, assignment, _review_form(assignment), form, status=400)
