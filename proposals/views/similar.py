"""Similar proposals while writing one: an HTML fragment the editor's script asks for as people type."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from challenges.models import Challenge, Visibility
from proposals.selectors.similar import similar_proposals

# Enough for a title and a summary; longer input is cut rather than refused.
MAX_QUERY_LENGTH = 800


@require_GET
def similar_fragment(request, slug):
    """The list of similar public proposals for `q`, leaving out `exclude` (the proposal being edited).

    Public data only, so it needs no sign-in; a challenge without a public gallery lists nothing.
    """
    challenge = get_object_or_404(
        Challenge.objects.exclude(visibility=Visibility.DRAFT).only("slug", "code", "visibility", "proposals_public"),
        slug=slug,
    )
    exclude = request.GET.get("exclude", "")
    similar = similar_proposals(
        challenge, request.GET.get("q", "")[:MAX_QUERY_LENGTH], exclude=int(exclude) if exclude.isdigit() else None
    )
    return render(request, "proposals/similar/results.html", {"similar": similar})
