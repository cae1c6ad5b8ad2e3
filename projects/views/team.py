"""The team's and the organizers' side of a project: editing it, and recording its outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.core.errors import ApplicationError
from projects.access import project_or_404
from projects.forms.projects import OutcomeForm, ProjectForm
from projects.models import Outcome
from projects.selectors.projects import project_for_editing
from projects.services.projects import EditConflict, project_outcome_set, project_update


@login_required
def project_edit(request, pk):
    project = project_or_404(request.user, pk, "projects.change_project")
    if request.method != "POST":
        return _editor(request, project, ProjectForm(instance=project))
    # A copy to validate against: the stored project stays as it is for the page if the save is refused.
    form = ProjectForm(request.POST, request.FILES, instance=project_for_editing(project.pk))
    status = 200
    if form.is_valid():
        try:
            project_update(
                project=project,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                data=form.project_data(),
                slides=form.slides_change(),
            )
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        else:
            messages.success(request, _("The project was saved."))
            return redirect(project)
    return _editor(request, project, form, status=status)


def _editor(request, project, form: ProjectForm, *, status: int = 200):
    return render(
        request,
        "projects/edit.html",
        {"project": project, "challenge": project.challenge, "form": form},
        status=status,
    )


@login_required
def project_outcome(request, pk):
    project = project_or_404(request.user, pk, "projects.set_outcome")
    if project.outcome == Outcome.DROPPED_OUT:
        messages.error(request, _("This team dropped out of the call: its project has no other outcome."))
        return redirect(project)
    if request.method != "POST":
        # Today in the challenge's time zone, and the current adoption to keep or change.
        initial = {
            "outcome": project.outcome,
            "on": timezone.localdate(timezone=project.challenge.tzinfo),
            "adopted_by": project.adopted_by,
            "adopted_url": project.adopted_url,
        }
        return _outcome_page(request, project, OutcomeForm(initial=initial))
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            project_outcome_set(project=project, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(project)
    return _outcome_page(request, project, form, status=400)


def _outcome_page(request, project, form: OutcomeForm, *, status: int = 200):
    return render(
        request,
        "projects/outcome.html",
        {"project": project, "challenge": project.challenge, "form": form},
        status=status,
    )
