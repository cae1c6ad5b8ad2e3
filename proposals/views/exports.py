"""The call's exports beyond its list of proposals, for its organizers: applications to the open roles, supports
per proposal and eligibility decisions, each as CSV or XLSX (the list's own export is in views/console.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from challenges.views.console import console_challenge_or_404
from innovation_platform.core.exports import export_response
from proposals.exports import CALL_EXPORTS


@login_required
@require_GET
def call_export(request, slug, what, fmt):
    challenge = console_challenge_or_404(request, slug, "proposals.export_call")
    if what not in CALL_EXPORTS:
        raise Http404
    export = CALL_EXPORTS[what]
    return export_response(
        fmt, f"{challenge.slug}-{what}", export.header(), export.rows(challenge), sheet=str(export.title)
    )
