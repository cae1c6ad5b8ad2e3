"""Follow-up pages: the organizers' checkpoints and board per edition (console), the board per lab, and the
team's answer to a checkpoint."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.exports import export_response
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require, require_visible
from innovation_platform.labs.models import Lab
from projects.forms.followup import AnswerForm, CheckpointForm
from projects.models import Checkpoint, FollowUpRequest, Indicator, Project
from projects.selectors.followup import (
    board_projects,
    board_rows,
    challenge_today,
    export_header,
    export_rows,
    follow_up_figures,
    lab_follow_up_editions,
)
from projects.services.followup import (
    REMINDER_DAYS,
    checkpoint_create,
    checkpoint_delete,
    checkpoint_update,
    checkpoints_create_suggested,
    checkpoints_suggested,
    ensure_checkpoint_open,
    follow_up_answer,
)

BOARD_PAGE_SIZE = 25
LAB_PAGE_SIZE = 20


def _edition(request, slug, rule="projects.view_follow_up_board"):
    return console_challenge_or_404(request, slug, rule)


def _form_error(form, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def board_view(request, slug):
    """The edition's follow-up: figures, checkpoints, and projects × checkpoints with who answered what."""
    challenge = _edition(request, slug)
    figures = follow_up_figures(challenge)
    checkpoints = [entry["checkpoint"] for entry in figures["checkpoints"]]
    page = paginate(request, board_projects(challenge), BOARD_PAGE_SIZE)
    return render_console(
        request,
        "projects/followup/board.html",
        challenge,
        step="follow_up",
        figures=figures,
        checkpoints=checkpoints,
        page=page,
        rows=board_rows(list(page.object_list), checkpoints),
        suggestions=checkpoints_suggested(challenge),
        today=challenge_today(challenge),
        reminder_days=REMINDER_DAYS,
        can_manage=can(request.user, "projects.manage_follow_up", challenge),
        can_view_lab=can(request.user, "projects.view_follow_up_board", challenge.lab),
    )


@login_required
@require_GET
def board_export(request, slug, fmt):
    challenge = _edition(request, slug)
    return export_response(
        fmt, f"{challenge.slug}-follow-up", export_header(), export_rows(challenge), sheet=_("Follow-up")
    )


@login_required
def checkpoint_new(request, slug):
    challenge = _edition(request, slug, "projects.manage_follow_up")
    # Every indicator starts ticked: organizers untick what they do not need.
    form = CheckpointForm(request.POST or None, initial={"indicators": Indicator.values})
    if request.method == "POST" and form.is_valid():
        try:
            checkpoint = checkpoint_create(challenge=challenge, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Checkpoint “%(title)s” created.") % {"title": checkpoint.title})
            return redirect("follow_up_console:board", slug=challenge.slug)
    return render_console(
        request,
        "projects/followup/checkpoint_form.html",
        challenge,
        step="follow_up",
        form=form,
        checkpoint=None,
        status=400 if form.is_bound else 200,
    )


@login_required
def checkpoint_edit(request, slug, pk):
    challenge = _edition(request, slug, "projects.manage_follow_up")
    checkpoint = get_object_or_404(Checkpoint, pk=pk, challenge=challenge)
    form = CheckpointForm(request.POST) if request.method == "POST" else CheckpointForm.for_checkpoint(checkpoint)
    if request.method == "POST" and form.is_valid():
        try:
            checkpoint_update(checkpoint=checkpoint, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Checkpoint “%(title)s” saved.") % {"title": checkpoint.title})
            return redirect("follow_up_console:board", slug=challenge.slug)
    return render_console(
        request,
        "projects/followup/checkpoint_form.html",
        challenge,
        step="follow_up",
        form=form,
        checkpoint=checkpoint,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def checkpoint_delete_view(request, slug, pk):
    challenge = _edition(request, slug, "projects.manage_follow_up")
    checkpoint = Checkpoint.objects.filter(pk=pk, challenge=challenge).select_related("challenge").first()
    if checkpoint is None:  # deleted by a first click
        return redirect("follow_up_console:board", slug=challenge.slug)
    try:
        checkpoint_delete(checkpoint=checkpoint, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checkpoint “%(title)s” deleted.") % {"title": checkpoint.title})
    return redirect("follow_up_console:board", slug=challenge.slug)


@login_required
@require_POST
def checkpoints_suggested_view(request, slug):
    challenge = _edition(request, slug, "projects.manage_follow_up")
    created = checkpoints_create_suggested(challenge=challenge, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s checkpoint created.", "%(count)s checkpoints created.", len(created))
        % {"count": len(created)},
    )
    return redirect("follow_up_console:board", slug=challenge.slug)


@login_required
@require_GET
def lab_board_view(request, slug):
    """All editions of a lab with their follow-up figures, for the lab's organizers."""
    lab = get_object_or_404(Lab, slug=slug)
    require(request.user, "projects.view_follow_up_board", lab)
    return render(
        request,
        "projects/followup/lab_board.html",
        {"lab": lab, "page": paginate(request, lab_follow_up_editions(lab), LAB_PAGE_SIZE)},
    )


def _answer_target(request, pk, checkpoint_pk) -> tuple[Project, Checkpoint]:
    """The project and checkpoint, unknown (404) to whoever may not answer for the team: the page reveals nothing
    about a project to others."""
    project = get_object_or_404(Project.objects.select_related("challenge", "proposal"), pk=pk)
    require_visible(request.user, project, view="projects.answer_follow_up")
    checkpoint = get_object_or_404(Checkpoint, pk=checkpoint_pk, challenge_id=project.challenge_id)
    checkpoint.challenge = project.challenge
    return project, checkpoint


@login_required
def answer_view(request, pk, checkpoint):
    project, checkpoint = _answer_target(request, pk, checkpoint)
    stored = FollowUpRequest.objects.filter(checkpoint=checkpoint, project=project).select_related("answered_by")
    stored = stored.first()
    if request.method == "POST":
        form = AnswerForm(request.POST, checkpoint=checkpoint)
        if form.is_valid():
            try:
                follow_up_answer(checkpoint=checkpoint, project=project, actor=request.user, **form.answer())
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Thank you! Your answer was sent to the organizers."))
                return redirect("follow_up:answer", pk=project.pk, checkpoint=checkpoint.pk)
    else:
        form = AnswerForm.for_request(checkpoint, stored, project)
    closed_message = None
    try:
        ensure_checkpoint_open(checkpoint)
    except ApplicationError as error:
        closed_message = error.message
    with timezone.override(project.challenge.tzinfo):
        return render(
            request,
            "projects/followup/answer.html",
            {
                "project": project,
                "challenge": project.challenge,
                "checkpoint": checkpoint,
                "stored": stored,
                "form": form,
                "closed_message": closed_message,
            },
            status=400 if form.is_bound else 200,
        )
