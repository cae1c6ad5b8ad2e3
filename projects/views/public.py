"""The public side of projects: the network's gallery, a project's page and its presentation's slides."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from innovation_platform.core.documents import DOCUMENT_TYPES
from innovation_platform.core.downloads import download_response, open_or_404
from innovation_platform.core.permissions import can
from projects.access import project_or_404
from projects.forms.projects import ProjectGalleryFilterForm
from projects.models import Outcome
from projects.selectors.followup import open_follow_ups
from projects.selectors.projects import (
    keyset_page,
    project_for_page,
    projects_gallery,
    projects_gallery_choices,
)
from proposals.selectors.proposals import proposal_team

GALLERY_PAGE_SIZE = 24


@require_GET
def gallery(request):
    """Every public project of the network, newest first, a page at a time after a position (never counted)."""
    form = ProjectGalleryFilterForm(request.GET, choices=projects_gallery_choices())
    filters = form.selector_filters()
    page = keyset_page(projects_gallery(**filters), request.GET.get("after", ""), GALLERY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "projects/gallery.html",
        {"form": form, "filters": filters, "page": page, "query": query.urlencode()},
    )


@require_GET
def project_detail(request, pk):
    user = request.user
    project = project_or_404(user, pk, fetch=project_for_page)
    proposal = project.proposal
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "proposal": proposal,
            "challenge": project.challenge,
            "team": proposal_team(proposal),
            "history": list(project.outcome_changes.all()),
            "slides_kind": _slides_kind(project),
            "dropped_out": project.outcome == Outcome.DROPPED_OUT,
            "can_see_proposal": can(user, "proposals.view_proposal", proposal),
            "can_edit": can(user, "projects.change_project", project),
            "can_set_outcome": project.outcome != Outcome.DROPPED_OUT and can(user, "projects.set_outcome", project),
            # The team finds here the follow-up checkpoints it may answer, not only in the e-mail that asked it.
            "follow_ups": open_follow_ups(project) if can(user, "projects.answer_follow_up", project) else [],
        },
    )


def _slides_kind(project) -> str:
    """What the stored slides are (their name ends with the extension of the type found at upload)."""
    kind = DOCUMENT_TYPES.get(project.slides.name.rsplit(".", 1)[-1]) if project.slides else None
    return str(kind.label) if kind else ""


@require_GET
def project_slides(request, pk):
    """The final presentation's slides, to whoever may see the project; always downloaded, never rendered."""
    project = project_or_404(request.user, pk)
    if not project.slides:
        raise Http404
    extension = project.slides.name.rsplit(".", 1)[-1]
    return download_response(open_or_404(project.slides), f"{slugify(project.title) or 'project'}-slides.{extension}")
