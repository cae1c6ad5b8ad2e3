"""A reviewer's download of the proposal's documents: in a blind round, a copy without the metadata naming
its authors, under a neutral name; in an open round, the original."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from innovation_platform.core.downloads import anonymous_download, download_response, open_or_404
from innovation_platform.core.permissions import can, require
from judging.models import Assignment
from proposals.models import Answer, Attachment
from proposals.selectors.proposals import neutral_document_stem, uploaded_name


@login_required
@require_GET
def assignment_document_view(request, pk, kind, item):
    """An attachment or a file answer of the assignment's proposal, never an answer to a private question;
    always downloaded, never rendered by the browser."""
    assignment = get_object_or_404(Assignment.objects.select_related("round__challenge", "juror"), pk=pk)
    require(request.user, "judging.view_assignment", assignment)
    document = _document(assignment, kind, item)
    if not assignment.round.is_blind:
        return download_response(open_or_404(document.file), uploaded_name(document))
    return anonymous_download(
        request,
        document.file,
        neutral_document_stem(document),
        back=reverse("judging:review", args=[assignment.pk]),
        organizer=can(request.user, "judging.manage_round", assignment.round),
    )


def _document(assignment: Assignment, kind: str, item: int) -> Attachment | Answer:
    proposal_id = assignment.proposal_id
    if kind == "attachment":
        return get_object_or_404(Attachment, proposal_id=proposal_id, pk=item)
    if kind == "answer":
        answer = get_object_or_404(Answer.objects.select_related("question"), proposal_id=proposal_id, pk=item)
        if not answer.file or answer.question.is_private:
            raise Http404
        return answer
    raise Http404
