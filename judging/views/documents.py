"""A reviewer's download of the proposal's documents: in a blind round, a copy without the metadata naming
its authors, under a neutral name; in an open round, the original."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innovation_platform.core.anonymize import DocumentNotAnonymizable, stored_anonymous_copy
from innovation_platform.core.downloads import download_response, open_or_404
from innovation_platform.core.permissions import can, require
from judging.models import Assignment
from proposals.models import Answer, Attachment

logger = logging.getLogger(__name__)


@login_required
@require_GET
def assignment_document_view(request, pk, kind, item):
    """An attachment or a file answer of the assignment's proposal, never an answer to a private question;
    always downloaded, never rendered by the browser."""
    assignment = get_object_or_404(Assignment.objects.select_related("round__challenge", "juror"), pk=pk)
    require(request.user, "judging.view_assignment", assignment)
    file, original_name, neutral_stem = _document(assignment, kind, item)
    if not assignment.round.is_blind:
        return download_response(open_or_404(file), original_name)
    try:
        copy, document_type = stored_anonymous_copy(file)
    except FileNotFoundError:
        raise Http404 from None
    except DocumentNotAnonymizable as refusal:
        logger.warning("Document %s %s of assignment %s not served blind: %s", kind, item, pk, refusal)
        messages.error(
            request, _refusal_message(refusal, organizer=can(request.user, "judging.manage_round", assignment.round))
        )
        return redirect("judging:review", pk=assignment.pk)
    return download_response(copy, f"{neutral_stem}.{document_type.extension}", content_type=document_type.mime)


def _refusal_message(refusal: DocumentNotAnonymizable, *, organizer: bool) -> str:
    if refusal.reason == "legacy":
        return _(
            "This document is in a legacy format (Word or Excel 97–2003) whose authors' details cannot be "
            "removed reliably: it is not available in blind review."
        )
    if refusal.reason == "too_large" and organizer:
        return _(
            "This document holds more than %(size)s or %(count)s files once uncompressed, beyond what blind review "
            "anonymises, so jurors cannot download it. Ask the team for a lighter version (images compressed, "
            "attachments split)."
        ) % {
            "size": filesizeformat(settings.BLIND_COPY_MAX_INFLATED_BYTES),
            "count": settings.BLIND_COPY_MAX_ENTRIES,
        }
    if refusal.reason == "too_large":
        return _(
            "This document is too large once uncompressed to remove its authors' details, so it is not available "
            "in blind review. The organizers can ask the team for a lighter version."
        )
    return _(
        "This document could not be read to remove its authors' details, so it is not available in "
        "blind review. Tell the organizers if you need it."
    )


def _document(assignment: Assignment, kind: str, item: int) -> tuple:
    """The file, its name as uploaded, and a name that says nothing of its authors (its place on the page)."""
    proposal_id = assignment.proposal_id
    if kind == "attachment":
        attachment = get_object_or_404(Attachment, proposal_id=proposal_id, pk=item)
        order = list(Attachment.objects.filter(proposal_id=proposal_id).values_list("pk", flat=True))
        return attachment.file, attachment.name, f"document-{order.index(attachment.pk) + 1}"
    if kind == "answer":
        answer = get_object_or_404(Answer.objects.select_related("question"), proposal_id=proposal_id, pk=item)
        if not answer.file or answer.question.is_private:
            raise Http404
        return answer.file, answer.file.name.rsplit("/", 1)[-1], f"answer-{answer.question_id}"
    raise Http404
