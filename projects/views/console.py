"""The organizers' lab page of a call, under /console/<slug>/lab/: its projects, their outcomes, teams and mentors."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.pagination import paginate
from projects.selectors.projects import call_lab_projects, challenge_lab_figures

PAGE_SIZE = 50


@login_required
@require_GET
def call_lab(request, slug):
    challenge = console_challenge_or_404(request, slug, "projects.view_call_lab")
    return render_console(
        request,
        "projects/console/lab.html",
        challenge,
        step="lab",
        page=paginate(request, call_lab_projects(challenge), PAGE_SIZE),
        figures=challenge_lab_figures(challenge.pk),
    )
