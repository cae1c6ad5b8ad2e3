"""The team's side of a proposal: start, write, submit, withdraw, and its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges.access import public_challenge_or_404
from challenges.models import PhaseKind
from challenges.timeline import Action, ensure_allowed
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.forms import image_change
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from proposals.access import proposal_or_404
from proposals.files import (
    MAX_ATTACHMENTS,
    MAX_GALLERY_IMAGES,
    attachment_add,
    attachment_remove,
    gallery_image_add,
    gallery_image_remove,
)
from proposals.forms.proposals import AttachmentForm, GalleryImageForm, ProposalForm, ProposalStartForm, WithdrawForm
from proposals.models import Proposal, ProposalStatus
from proposals.selectors.proposals import proposal_completeness, proposal_for_editing, proposals_of_user
from proposals.selectors.teams import invitations_for_user, join_requests_of_user
from proposals.services.screening import proposal_appeal
from proposals.services.submission import (
    EditConflict,
    proposal_save,
    proposal_start,
    proposal_submit,
    proposal_withdraw,
)

MY_PROPOSALS_PAGE_SIZE = 20
# Phases whose dates tell the team what happens after submitting.
NEXT_PHASES = (PhaseKind.EVALUATION, PhaseKind.COLLABORATOR_CALL, PhaseKind.RESULTS)


@login_required
@require_GET
def my_proposals(request):
    page = paginate(request, proposals_of_user(request.user), MY_PROPOSALS_PAGE_SIZE)
    invitations = invitations_for_user(request.user)[:MY_PROPOSALS_PAGE_SIZE]
    join_requests = join_requests_of_user(request.user)[:MY_PROPOSALS_PAGE_SIZE]
    return render(
        request,
        "proposals/my_proposals.html",
        {"page": page, "invitations": invitations, "join_requests": join_requests},
    )


@login_required
def proposal_new(request, slug):
    challenge = public_challenge_or_404(slug)
    require(request.user, "proposals.start_proposal", challenge)
    try:
        if request.method != "POST":
            ensure_allowed(challenge, Action.SUBMIT)  # say it now, before anyone types
            form = ProposalStartForm()
        elif (form := ProposalStartForm(request.POST)).is_valid():
            proposal = proposal_start(challenge=challenge, actor=request.user, title=form.cleaned_data["title"])
            messages.success(
                request,
                _(
                    "Your draft was created. Until you submit it, only your team and the organizers of the call can "
                    "see it."
                ),
            )
            return redirect("proposals:edit", pk=proposal.pk)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(challenge)
    return render(request, "proposals/proposal_new.html", {"form": form, "challenge": challenge})


@login_required
def proposal_edit(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.change_proposal", fetch=proposal_for_editing)
    if request.method != "POST":
        return _editor(request, proposal, ProposalForm(proposal))
    form = ProposalForm(proposal, request.POST, request.FILES)
    if (refused := _save_typed(request, proposal, form)) is not None:
        return refused
    messages.success(request, _("Your proposal was saved."))
    return redirect("proposals:edit", pk=proposal.pk)


@login_required
@require_POST
def proposal_submit_view(request, pk):
    """Submit the proposal. From the editor, the form's fields come along and are saved first,
    so text typed since the last save is never lost by pressing "Submit" instead of "Save"."""
    proposal = proposal_or_404(request.user, pk, "proposals.submit_proposal", fetch=proposal_for_editing)
    # A double click finds the proposal submitted already: nothing to save, the receipt again.
    if "version" in request.POST and proposal.status == ProposalStatus.DRAFT:
        form = ProposalForm(proposal, request.POST, request.FILES)
        if (refused := _save_typed(request, proposal, form)) is not None:
            return refused
    try:
        proposal_submit(proposal=proposal, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_back_to(request.user, proposal))
    return redirect("proposals:receipt", pk=pk)


def _save_typed(request, proposal: Proposal, form: ProposalForm):
    """Save the editor's form: None once saved, else the editor again with the typed text and its errors."""
    status = 200
    if form.is_valid():
        try:
            proposal_save(
                proposal=proposal,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                data=form.proposal_data(),
                tags=form.cleaned_data["tags"],
                answers=form.answers(),
                cover=image_change(form.cleaned_data["cover"]),
            )
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return None
    # The page shows what is stored, the form what was typed.
    return _editor(request, proposal_for_editing(proposal.pk), form, status=status)


def _editor(request, proposal: Proposal, form: ProposalForm, *, status: int = 200):
    context = {
        "proposal": proposal,
        "challenge": proposal.challenge,
        "form": form,
        "meter": proposal_completeness(proposal),
        "can_submit": proposal.status == ProposalStatus.DRAFT
        and can(request.user, "proposals.submit_proposal", proposal),
        "can_withdraw": can(request.user, "proposals.withdraw_proposal", proposal),
    }
    return render(request, "proposals/proposal_edit.html", context, status=status)


@login_required
@require_GET
def proposal_receipt(request, pk):
    # Who may read the team's private answers may read its receipt: the team (and organizers).
    proposal = proposal_or_404(request.user, pk, "proposals.view_receipt")
    if proposal.submitted_at is None:
        return redirect(_back_to(request.user, proposal))
    phases = [phase for phase in proposal.challenge.phases.all() if phase.kind in NEXT_PHASES]
    return render(
        request,
        "proposals/receipt.html",
        {"proposal": proposal, "challenge": proposal.challenge, "next_phases": phases},
    )


@login_required
def proposal_withdraw_view(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.withdraw_proposal")
    if request.method != "POST":
        form = WithdrawForm()
    elif (form := WithdrawForm(request.POST)).is_valid():
        try:
            proposal_withdraw(proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The proposal was withdrawn."))
            return redirect("proposals:mine")
    return render(request, "proposals/withdraw.html", {"proposal": proposal, "form": form})


@login_required
@require_POST
def proposal_appeal_view(request, pk):
    """The team's one answer to its ineligibility, from its proposal's page (where the form and the deadline are)."""
    proposal = proposal_or_404(request.user, pk, "proposals.appeal_eligibility")
    try:
        proposal_appeal(proposal=proposal, actor=request.user, text=request.POST.get("text", "")[:5000])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your answer was sent to the organizers, who will decide again."))
    return redirect(proposal)


@login_required
def proposal_files(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.change_proposal", fetch=_with_files)
    kind = request.POST.get("kind") if request.method == "POST" else None
    attachment_form = AttachmentForm(request.POST, request.FILES) if kind == "attachment" else AttachmentForm()
    image_form = GalleryImageForm(request.POST, request.FILES) if kind == "image" else GalleryImageForm()
    try:
        if kind == "attachment" and attachment_form.is_valid():
            attachment_add(proposal=proposal, actor=request.user, document=attachment_form.cleaned_data["file"])
            messages.success(request, _("The document was attached."))
            return redirect("proposals:files", pk=pk)
        if kind == "image" and image_form.is_valid():
            gallery_image_add(
                proposal=proposal,
                actor=request.user,
                image=image_form.cleaned_data["image"],
                alt_text=image_form.cleaned_data["alt_text"],
            )
            messages.success(request, _("The image was added."))
            return redirect("proposals:files", pk=pk)
    except ApplicationError as error:
        form = attachment_form if kind == "attachment" else image_form
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "proposals/files.html",
        {
            "proposal": proposal,
            "attachment_form": attachment_form,
            "image_form": image_form,
            "attachments": proposal.attachments.all(),
            "images": proposal.images.all(),
            "max_attachments": MAX_ATTACHMENTS,
            "max_images": MAX_GALLERY_IMAGES,
        },
    )


@login_required
@require_POST
def proposal_file_delete(request, pk, kind, item):
    if kind not in ("attachment", "image"):
        raise Http404
    proposal = proposal_or_404(request.user, pk, "proposals.change_proposal")
    try:
        if kind == "attachment":
            attachment_remove(attachment=get_object_or_404(proposal.attachments, pk=item), actor=request.user)
            messages.success(request, _("The document was removed."))
        else:
            gallery_image_remove(image=get_object_or_404(proposal.images, pk=item), actor=request.user)
            messages.success(request, _("The image was removed."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("proposals:files", pk=pk)


def _with_files(pk: int) -> Proposal:
    return Proposal.objects.select_related("challenge").prefetch_related("attachments", "images").get(pk=pk)


def _back_to(user, proposal: Proposal) -> str:
    """Where to send the team after a refused action: the editor while they can still edit."""
    if can(user, "proposals.change_proposal", proposal):
        return reverse("proposals:edit", kwargs={"pk": proposal.pk})
    return reverse("proposals:mine")
