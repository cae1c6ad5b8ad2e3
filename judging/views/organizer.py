"""The organizers' judging setup, inside the challenge console: rounds, criteria, the jury and its conflicts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from challenges.access import challenge_or_404
from challenges.models import Challenge
from challenges.views.console import SECTIONS
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from judging.forms.rounds import CriterionForm, InviteJurorForm, JurorForm, RoundForm, UnlockCriteriaForm
from judging.models import Round, RoundMethod
from judging.selectors.rounds import (
    PUBLIC_GALLERY_WARNING,
    challenge_rounds,
    criteria_lock_reason,
    public_gallery_warning,
    round_criteria,
    round_jury,
)
from judging.services.conflicts import conflicts_refresh
from judging.services.jury import jury_invite, jury_resend, jury_revoke, jury_update
from judging.services.rounds import (
    criteria_unlock,
    criterion_create,
    criterion_delete,
    criterion_move,
    criterion_update,
    new_seed,
    round_create,
    round_update,
)

JURY_PAGE_SIZE = 50


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("challenge__lab", "previous", "tie_break"), pk=pk)
    require(request.user, "judging.manage_round", round_)
    return round_


def render_in_console(request, template: str, challenge: Challenge, *, status: int = 200, **context):
    """Render a judging page inside the challenge console, in the challenge's time zone."""
    with timezone.override(challenge.tzinfo):
        return render(
            request,
            f"judging/{template}",
            {
                "challenge": challenge,
                "sections": SECTIONS,
                "can_publish": can(request.user, "challenges.publish_challenge", challenge),
                "step": "judging",
                **context,
            },
            status=status,
        )


def _form_error(form, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def rounds(request, slug):
    challenge = challenge_or_404(request.user, slug, "judging.add_round")
    return render_in_console(request, "rounds/list.html", challenge, rounds=challenge_rounds(challenge))


@login_required
def round_new(request, slug):
    challenge = challenge_or_404(request.user, slug, "judging.add_round")
    with timezone.override(challenge.tzinfo):
        initial = {"seed": new_seed(), "position": challenge.rounds.count()}
        form = RoundForm(request.POST or None, challenge=challenge, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                round_ = round_create(challenge=challenge, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The round was created. Now add its criteria and invite its jury."))
                _warn_of_public_gallery(request, round_)
                return redirect(
                    "judging:criteria" if round_.method == RoundMethod.RUBRIC else "judging:jury", round_.pk
                )
    status = 400 if form.is_bound else 200
    return render_in_console(
        request,
        "rounds/form.html",
        challenge,
        form=form,
        round=None,
        gallery_warning=_gallery_note(challenge),
        status=status,
    )


@login_required
def round_edit(request, pk):
    round_ = _round(request, pk)
    challenge = round_.challenge
    with timezone.override(challenge.tzinfo):
        form = RoundForm(request.POST or None, challenge=challenge, round_=round_, initial=model_to_dict(round_))
        if request.method == "POST" and form.is_valid():
            try:
                round_update(round_=round_, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The round's settings were saved."))
                _warn_of_public_gallery(request, round_)
                return redirect("judging:round_edit", round_.pk)
    status = 400 if form.is_bound else 200
    return render_in_console(
        request,
        "rounds/form.html",
        challenge,
        form=form,
        round=round_,
        tab="settings",
        gallery_warning=_gallery_note(challenge),
        status=status,
    )


def _gallery_note(challenge) -> str:
    """Shown on the round's form whenever the call's proposals are public, whatever the round's settings."""
    return PUBLIC_GALLERY_WARNING if challenge.proposals_public else ""


def _warn_of_public_gallery(request, round_: Round) -> None:
    if warning := public_gallery_warning(round_):
        messages.warning(request, warning)


def _criteria_page(request, round_: Round, *, form=None, status: int = 200):
    rows = round_criteria(round_)
    return render_in_console(
        request,
        "rounds/criteria.html",
        round_.challenge,
        round=round_,
        tab="criteria",
        rows=rows,
        lock_reason=criteria_lock_reason(round_),
        can_unlock=can(request.user, "judging.unlock_criteria", round_),
        form=form or CriterionForm(),
        status=status,
    )


@login_required
def criteria(request, pk):
    round_ = _round(request, pk)
    if request.method != "POST":
        return _criteria_page(request, round_)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            criterion_create(round_=round_, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect("judging:criteria", round_.pk)
    return _criteria_page(request, round_, form=form, status=400)


@login_required
def criterion_edit(request, pk, criterion_pk):
    round_ = _round(request, pk)
    criterion = get_object_or_404(round_.criteria, pk=criterion_pk)
    form = CriterionForm(request.POST or None, initial=model_to_dict(criterion))
    if request.method == "POST" and form.is_valid():
        try:
            criterion_update(criterion=criterion, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect("judging:criteria", round_.pk)
    return render_in_console(
        request,
        "rounds/criterion_edit.html",
        round_.challenge,
        round=round_,
        tab="criteria",
        criterion=criterion,
        form=form,
        lock_reason=criteria_lock_reason(round_),
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def criterion_delete_view(request, pk, criterion_pk):
    round_ = _round(request, pk)
    criterion = get_object_or_404(round_.criteria, pk=criterion_pk)
    try:
        criterion_delete(criterion=criterion, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The criterion “%(name)s” was deleted.") % {"name": criterion.name})
    return redirect("judging:criteria", round_.pk)


@login_required
@require_POST
def criterion_move_view(request, pk, criterion_pk):
    round_ = _round(request, pk)
    criterion = get_object_or_404(round_.criteria, pk=criterion_pk)
    try:
        criterion_move(criterion=criterion, actor=request.user, up=request.POST.get("direction") == "up")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("judging:criteria", round_.pk)


@login_required
def criteria_unlock_view(request, pk):
    round_ = _round(request, pk)
    require(request.user, "judging.unlock_criteria", round_)
    form = UnlockCriteriaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_unlock(round_=round_, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The criteria are unlocked until the next score is saved."))
            return redirect("judging:criteria", round_.pk)
    return render_in_console(
        request,
        "rounds/unlock.html",
        round_.challenge,
        round=round_,
        tab="criteria",
        form=form,
        status=400 if form.is_bound else 200,
    )


def _jury_page(request, round_: Round, *, form=None, status: int = 200):
    return render_in_console(
        request,
        "jury/jury.html",
        round_.challenge,
        round=round_,
        tab="jury",
        page=paginate(request, round_jury(round_), JURY_PAGE_SIZE),
        form=form or InviteJurorForm(),
        status=status,
    )


@login_required
def jury(request, pk):
    round_ = _round(request, pk)
    if request.method != "POST":
        return _jury_page(request, round_)
    form = InviteJurorForm(request.POST)
    if form.is_valid():
        try:
            juror = jury_invite(round_=round_, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": juror.email})
            return redirect("judging:jury", round_.pk)
    return _jury_page(request, round_, form=form, status=400)


@login_required
def juror_edit(request, pk, juror_pk):
    round_ = _round(request, pk)
    juror = get_object_or_404(round_.jurors.select_related("user"), pk=juror_pk)
    form = JurorForm(request.POST or None, initial={"max_load": juror.max_load, "expertise": juror.expertise})
    if request.method == "POST" and form.is_valid():
        try:
            jury_update(juror=juror, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The juror's load and expertise were saved."))
            return redirect("judging:jury", round_.pk)
    return render_in_console(
        request,
        "jury/juror_edit.html",
        round_.challenge,
        round=round_,
        tab="jury",
        juror=juror,
        form=form,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def juror_resend(request, pk, juror_pk):
    round_ = _round(request, pk)
    juror = get_object_or_404(round_.jurors, pk=juror_pk)
    try:
        jury_resend(juror=juror, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": juror.email})
    return redirect("judging:jury", round_.pk)


@login_required
def juror_revoke(request, pk, juror_pk):
    round_ = _round(request, pk)
    juror = get_object_or_404(round_.jurors.select_related("user"), pk=juror_pk)
    if request.method != "POST":
        return render_in_console(request, "jury/revoke.html", round_.challenge, round=round_, tab="jury", juror=juror)
    try:
        jury_revoke(juror=juror, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(juror)s is no longer on the jury.") % {"juror": juror})
    return redirect("judging:jury", round_.pk)


@login_required
@require_POST
def conflicts_refresh_view(request, pk):
    round_ = _round(request, pk)
    pairs = conflicts_refresh(round_, actor=request.user)
    messages.success(
        request, _("Conflicts of interest are up to date: %(count)s pair(s) are excluded.") % {"count": len(pairs)}
    )
    return redirect("judging:jury", round_.pk)
