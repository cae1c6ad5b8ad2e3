"""The one way views and the API load a project for someone: hidden (404) unless they may see it."""

from django.http import Http404

from innovation_platform.core.permissions import require_visible
from projects.models import Project
from projects.selectors.projects import project_for_editing


def project_or_404(user, pk: int, action: str | None = None, *, fetch=None) -> Project:
    """The project if `user` may see it (404 otherwise, as for its proposal) and, given an `action`, do it (403)."""
    try:
        project = (fetch or project_for_editing)(pk)
    except (Project.DoesNotExist, ValueError):
        raise Http404 from None
    require_visible(user, project, view="projects.view_project", action=action)
    return project
