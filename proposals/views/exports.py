"""The call's exports beyond its list of proposals, for its organizers: applications to the open roles, supports
per proposal, eligibility decisions and team members, each as CSV or XLSX (the API serves the same; the list's own
export is in views/console.py)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from challenges.views.console import console_challenge_or_404
from proposals.exports import call_export_response


@login_required
@require_GET
def call_export(request, slug, what, fmt):
    return call_export_response(console_challenge_or_404(request, slug, "proposals.export_call"), what, fmt)
