"""The organizers' workbench for a call's proposals: the list (filters, search, sort, pages in the URL), bulk
screening and shortlisting, exports of the list, and the organizer's view of one proposal."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from challenges.models import Challenge
from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import page_of_known_size, paginate
from innovation_platform.core.permissions import can, require
from proposals.exports import CALL_EXPORTS, proposals_file
from proposals.forms.console import CallListFilterForm, DropOutForm, ScreeningForm
from proposals.models import Proposal, ProposalStatus
from proposals.selectors.console import (
    DRAFTS,
    CallListIds,
    call_proposal_countries,
    call_proposal_tab_counts,
    call_proposals,
    list_columns,
    rows_for_page,
    sorted_rows,
    with_cells,
    with_completeness,
)
from proposals.selectors.panels import ORGANIZERS, proposal_panels
from proposals.selectors.proposals import proposal_answers, proposal_for_editing, proposal_ineligibility
from proposals.services.screening import proposals_screen, proposals_shortlist
from proposals.services.waitlist import proposal_drop_out

PAGE_SIZE = 50
# Proposals the "message them" action hands to the message page at once, in its address.
MESSAGE_LIMIT = 500
ACTIONS = ("screen", "shortlist", "message", "export_csv", "export_xlsx")


def _call(request, slug: str) -> Challenge:
    return console_challenge_or_404(request, slug, "proposals.view_call_proposals")


@login_required
@require_GET
def call_proposals_view(request, slug):
    challenge = _call(request, slug)
    form = CallListFilterForm(request.GET, countries_present=call_proposal_countries(challenge))
    filters = form.selector_filters()
    tab = filters["tab"]
    filtered = sum(1 for name, value in filters.items() if value and name not in ("tab", "extra")) + sum(
        1 for value in filters["extra"].values() if value
    )
    counts = call_proposal_tab_counts(challenge)
    # The page is chosen on ids alone; its rows then get their computed columns, fifty at most.
    ids = CallListIds(challenge, filters, sort=form.ordering)
    if filtered:
        page = paginate(request, ids, PAGE_SIZE)
    else:  # the whole tab, just counted: no second COUNT
        page = page_of_known_size(ids, request.GET.get("page"), PAGE_SIZE, count=counts[tab])
    page.object_list = with_cells(challenge, rows_for_page(challenge, list(page.object_list), tab=tab))
    if tab == DRAFTS:
        with_completeness(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render_console(
        request,
        "proposals/console/list.html",
        challenge,
        step="proposals",
        form=form,
        page=page,
        tab=tab,
        columns=list_columns(tab),
        sort=form.ordering,
        query=query.urlencode(),
        filtered=filtered,
        counts=counts,
        screening_form=ScreeningForm(reasons=challenge.ineligibility_reasons),
        other_exports=CALL_EXPORTS,
    )


@login_required
@require_GET
def call_proposals_export(request, slug, fmt):
    """The list as a file, with the list's own filters and sort (its query string)."""
    challenge = _call(request, slug)
    form = CallListFilterForm(request.GET)
    filters = form.selector_filters()
    proposals = sorted_rows(call_proposals(challenge, **filters), tab=filters["tab"], sort=form.ordering)
    return proposals_file(challenge, proposals, fmt)


@login_required
@require_POST
def call_proposals_bulk(request, slug):
    """One action on the chosen rows, or on every proposal the list's filters keep (`scope=all`)."""
    challenge = _call(request, slug)
    action = request.POST.get("action")
    back = f"{reverse('call_proposals:list', args=[slug])}?{request.POST.get('query', '')}"
    if action not in ACTIONS:
        messages.error(request, _("Choose what to do with the proposals."))
        return redirect(back)
    proposals = _chosen(request, challenge)
    if not proposals.exists():
        messages.error(request, _("No proposal was chosen: tick some rows, or choose all those the filters keep."))
        return redirect(back)
    try:
        if action == "screen":
            require(request.user, "proposals.screen_proposal", proposals.first())
            form = ScreeningForm(request.POST, reasons=challenge.ineligibility_reasons)
            if not form.is_valid():
                raise ApplicationError(_("Choose a decision for the proposals."))
            changed = proposals_screen(
                challenge=challenge,
                proposals=proposals,
                actor=request.user,
                eligibility=form.cleaned_data["eligibility"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                ngettext("%(count)s proposal screened.", "%(count)s proposals screened.", changed) % {"count": changed},
            )
        elif action == "shortlist":
            changed = proposals_shortlist(challenge=challenge, proposals=proposals, actor=request.user)
            messages.success(
                request,
                ngettext("%(count)s proposal shortlisted.", "%(count)s proposals shortlisted.", changed)
                % {"count": changed},
            )
        elif action == "message":
            return _to_message_page(request, challenge, proposals, back)
        else:
            return proposals_file(challenge, sorted_rows(proposals, tab="", sort=""), action.removeprefix("export_"))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(back)


def _chosen(request, challenge: Challenge):
    """The proposals the bulk action is for: the ticked rows, or all that the list's filters keep."""
    if request.POST.get("scope") == "all":
        form = CallListFilterForm(QueryDict(request.POST.get("query", "")))
        return call_proposals(challenge, **form.selector_filters())
    ids = [value for value in request.POST.getlist("proposal") if value.isdigit()]
    return Proposal.objects.filter(challenge=challenge, pk__in=ids)


def _to_message_page(request, challenge: Challenge, proposals, back: str):
    ids = list(proposals.values_list("pk", flat=True)[: MESSAGE_LIMIT + 1])
    if len(ids) > MESSAGE_LIMIT:
        messages.error(
            request,
            _("Write to at most %(limit)s teams at once from the list, or choose a group on the messages page.")
            % {"limit": MESSAGE_LIMIT},
        )
        return redirect(back)
    query = urlencode([("proposal", pk) for pk in ids])
    return redirect(f"{reverse('console:message_new', args=[challenge.slug])}?{query}")


def _call_proposal(request, slug: str, pk: int) -> tuple[Challenge, Proposal]:
    challenge = _call(request, slug)
    try:
        proposal = proposal_for_editing(pk)  # everything a proposal holds, as its editor loads it
    except Proposal.DoesNotExist:
        raise Http404 from None
    if proposal.challenge_id != challenge.pk:
        raise Http404
    require(request.user, "proposals.view_as_organizer", proposal)
    return challenge, proposal


@login_required
def proposal_organizer_view(request, slug, pk):
    """Everything about one proposal for its organizers, and their eligibility decision on it."""
    challenge, proposal = _call_proposal(request, slug, pk)
    status = 200
    form = ScreeningForm(
        request.POST or None,
        reasons=challenge.ineligibility_reasons,
        initial={"eligibility": proposal.eligibility, "reason": proposal.eligibility_reason},
    )
    if request.method == "POST":
        require(request.user, "proposals.screen_proposal", proposal)
        if form.is_valid():
            try:
                proposals_screen(
                    challenge=challenge,
                    proposals=Proposal.objects.filter(pk=proposal.pk),
                    actor=request.user,
                    eligibility=form.cleaned_data["eligibility"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The eligibility decision was saved."))
                return redirect("call_proposals:detail", slug=slug, pk=pk)
        status = 400
    return _organizer_page(request, challenge, proposal, form=form, status=status)


@login_required
@require_POST
def proposal_drop_out_view(request, slug, pk):
    """Record a selected team's drop-out, offering its place to the next on the waitlist in the same step."""
    challenge, proposal = _call_proposal(request, slug, pk)
    require(request.user, "proposals.record_drop_out", proposal)
    form = DropOutForm(request.POST)
    if form.is_valid():
        try:
            promoted = proposal_drop_out(
                proposal=proposal,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                promote_next=form.cleaned_data["promote_next"],
            )
        except ApplicationError as error:
            if error.field not in form.fields:  # not selected (any more): nothing to correct in the form
                messages.error(request, error.message)
                return redirect("call_proposals:detail", slug=slug, pk=pk)
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("The drop-out of “%(title)s” is recorded and its team told.") % {"title": proposal}
            )
            if promoted is not None:
                messages.success(
                    request, _("“%(title)s” moved from the waitlist to the selection.") % {"title": promoted}
                )
            elif form.cleaned_data["promote_next"]:
                messages.warning(request, _("The waitlist is empty: the place stays free."))
            return redirect("call_proposals:detail", slug=slug, pk=pk)
    screening = ScreeningForm(
        reasons=challenge.ineligibility_reasons,
        initial={"eligibility": proposal.eligibility, "reason": proposal.eligibility_reason},
    )
    return _organizer_page(request, challenge, proposal, form=screening, drop_out_form=form, status=400)


def _organizer_page(request, challenge: Challenge, proposal: Proposal, *, form, drop_out_form=None, status: int = 200):
    """The organizer's view of one proposal; `drop_out_form` keeps a drop-out that was typed but refused."""
    selected = proposal.status == ProposalStatus.SELECTED
    if drop_out_form is None and selected and can(request.user, "proposals.record_drop_out", proposal):
        drop_out_form = DropOutForm()
    return render_console(
        request,
        "proposals/console/detail.html",
        challenge,
        status=status,
        step="proposals",
        proposal=proposal,
        form=form,
        drop_out_form=drop_out_form,
        texts=[
            (Proposal._meta.get_field(name).verbose_name.capitalize(), getattr(proposal, name))
            for name in ("problem", "solution", "beneficiaries", "territory", "expected_impact")
        ],
        answers=proposal_answers(proposal, private=True),
        rule_problems=proposal_ineligibility(proposal),
        panels=proposal_panels(proposal, page=ORGANIZERS),
        history=audit_entries(proposal).order_by("-created_at")[:50],
    )
