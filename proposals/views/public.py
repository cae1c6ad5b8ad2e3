"""The public side of proposals: a challenge's gallery, the proposal's page and, for organizers,
its version history."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges.access import public_challenge_or_404
from innovation_platform.core.downloads import anonymous_download, download_response, open_or_404
from innovation_platform.core.page_cache import page_all_personal, public_page
from innovation_platform.core.pagination import page_of_known_size
from innovation_platform.core.permissions import can
from proposals.access import proposal_or_404
from proposals.forms.public import GalleryFilterForm
from proposals.forms.teams import JoinRequestForm
from proposals.models import IN_THE_CALL, LEFT_THE_CALL, Answer, Attachment, Eligibility, Proposal, ProposalStatus
from proposals.page_versions import gallery_scopes, proposal_page_scopes
from proposals.rules import is_public_proposal, is_team_member
from proposals.selectors.panels import TEAM, proposal_panels
from proposals.selectors.proposals import (
    appeal_deadline,
    neutral_document_stem,
    proposal_answers,
    proposal_challenge_for_gallery,
    proposal_for_page,
    proposal_gallery_facets,
    proposal_page_rows,
    proposal_snapshots,
    proposal_team,
    proposal_versions_compare,
    proposals_for_cards,
    proposals_gallery,
    proposals_gallery_count,
    uploaded_name,
)
from proposals.selectors.supports import support_panel, supports_gallery_context
from proposals.selectors.teams import join_request_pending
from proposals.selectors.visibility import team_hidden_from, teams_hidden
from proposals.services.teams import team_join_refusal

GALLERY_PAGE_SIZE = 24


@require_GET
@public_page(lambda slug: gallery_scopes(slug))
def gallery(request, slug):
    """The challenge's proposals in the call, when its organizers made them public."""
    challenge = proposal_challenge_for_gallery(slug)
    if challenge is None:
        return _private_gallery(request, slug)
    supports_ranking = challenge.supports_enabled and can(request.user, "proposals.view_support_counts", challenge)
    form = GalleryFilterForm(request.GET, supports_ranking=supports_ranking)
    filters = form.selector_filters()
    proposals = form.sorted(proposals_for_cards(proposals_gallery(challenge=challenge, **filters)))
    count = proposals_gallery_count(challenge, **filters)
    # The page's rows stay a query that only runs if the template renders them: a signed-in visitor's cards are
    # kept rendered (`{% shared %}`) unless the page marks them with the visitor's supports.
    page = page_of_known_size(proposals, request.GET.get("page"), GALLERY_PAGE_SIZE, count=count)
    return render(
        request,
        "proposals/gallery.html",
        {
            "challenge": challenge,
            "form": form,
            "filters": filters,
            # Lazy: only the first signed-in visitor after a change renders them (`{% shared %}` in the template).
            "facets": SimpleLazyObject(lambda: proposal_gallery_facets(challenge, **filters)),
            "supports_ranking": supports_ranking,
            "page": page,
            **supports_gallery_context(challenge, request.user, page.object_list),
        },
    )


def _private_gallery(request, slug: str):
    """A call whose proposals are not public: its organizers are taken to their own list of them (the gallery has
    nothing to show them); for anyone else, and for a draft (which takes no proposals), there is no such page."""
    challenge = public_challenge_or_404(slug)
    if not can(request.user, "proposals.view_call_proposals", challenge):
        raise Http404
    messages.info(request, _("The proposals of this call are not public: this is the organizers' list of them."))
    return redirect("call_proposals:list", slug=slug)


@require_GET
@public_page(lambda pk: proposal_page_scopes(pk))
def proposal_detail(request, pk):
    # The access check reads the proposal's row and its call's anew on every request: nothing kept decides it.
    return proposal_page(request, proposal_or_404(request.user, pk))


def proposal_page(request, proposal: Proposal, *, join_form: JoinRequestForm | None = None, status: int = 200):
    """The proposal's page; `join_form` keeps a request to join that was typed but refused.

    Whoever reads it as the public does gets the parts everyone sees kept rendered (`{% shared %}`): the rows they
    show (answers, team, tags, images, documents) load only when they render. The team's and the organizers' page
    keeps nothing: it shows the private side, and a draft's edits bump no page version."""
    user = request.user
    private = can(user, "proposals.view_private_answers", proposal)
    if private:
        page_all_personal(request)
    team_hidden = not private and teams_hidden(proposal.challenge)
    rows = SimpleLazyObject(lambda: proposal_page_rows(proposal))
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "rows": rows,
            "challenge": proposal.challenge,
            "team": [] if team_hidden else SimpleLazyObject(lambda: proposal_team(rows)),
            "team_hidden": team_hidden,
            "answers": SimpleLazyObject(lambda: proposal_answers(rows, private=private)),
            # The screening decision is the team's and the organizers' business, like the private answers.
            "screened_out": private and proposal.eligibility == Eligibility.INELIGIBLE,
            "appeal_until": _appeal_open(user, proposal),
            "is_in_the_call": proposal.status in IN_THE_CALL,
            "is_withdrawn": proposal.status == ProposalStatus.WITHDRAWN,
            # Why a selected team left is, like the screening, the team's and the organizers' business.
            "dropout_reason": proposal.dropout_reason if private else "",
            "can_edit": can(user, "proposals.change_proposal", proposal),
            "can_withdraw": proposal.status not in LEFT_THE_CALL and can(user, "proposals.withdraw_proposal", proposal),
            "can_see_versions": _can_see_versions(user, proposal),
            "supports": support_panel(proposal, user),
            "can_report": proposal.hidden_at is None and user.is_authenticated and not is_team_member(user, proposal),
            "can_moderate": can(user, "proposals.moderate", proposal.challenge),
            "join": _join_panel(user, proposal, join_form),
            # What apps above add for the team and the organizers (judging: the jurors' feedback, once released).
            "private_panels": proposal_panels(proposal, page=TEAM) if private else [],
        },
        status=status,
    )


def _appeal_open(user, proposal: Proposal):
    """Until when the team's lead may still answer its ineligibility, or None."""
    deadline = appeal_deadline(proposal)
    if deadline is None or deadline < timezone.now():
        return None
    return deadline if can(user, "proposals.appeal_eligibility", proposal) else None


def _join_panel(user, proposal: Proposal, form: JoinRequestForm | None) -> dict | None:
    """What the page says about joining the team, for people outside it on a public proposal:
    their pending request, the form, or why they cannot ask (no query for anonymous visitors)."""
    if not is_public_proposal(user, proposal) or is_team_member(user, proposal):
        return None
    if not user.is_authenticated:
        return {"sign_in": True}
    pending = join_request_pending(proposal, user)
    if pending is not None:
        return {"pending": pending}
    if not can(user, "proposals.request_to_join", proposal):
        return {"verify_email": True}
    refusal = team_join_refusal(proposal=proposal, user=user)
    return {"refusal": refusal} if refusal else {"form": form or JoinRequestForm()}


@require_GET
def proposal_versions(request, pk):
    """The snapshots kept at submission and at every later edit, and what changed between two."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    proposal = proposal_or_404(request.user, pk, fetch=proposal_for_page)
    if not _can_see_versions(request.user, proposal):
        raise PermissionDenied
    versions = proposal_snapshots(proposal)
    older, newer = _chosen_versions(request, versions)
    changes = None
    if older is not None and newer is not None:
        changes = proposal_versions_compare(older, newer, questions=list(proposal.challenge.questions.all()))
    return render(
        request,
        "proposals/versions.html",
        {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": changes,
        },
    )


@require_GET
def proposal_document(request, pk, kind, item):
    """An attachment or a file answer, to whoever may see the proposal (and, for a private
    question, its private answers); always downloaded, never rendered by the browser. While the call's teams
    are hidden from the public, the public gets copies without the authors' names, under neutral names."""
    proposal = proposal_or_404(request.user, pk)
    if kind == "attachment":
        document = get_object_or_404(Attachment, proposal=proposal, pk=item)
    elif kind == "answer":
        document = get_object_or_404(Answer.objects.select_related("question"), proposal=proposal, pk=item)
        if not document.file or (
            document.question.is_private and not can(request.user, "proposals.view_private_answers", proposal)
        ):
            raise Http404
    else:
        raise Http404
    if team_hidden_from(request.user, proposal):
        return anonymous_download(
            request, document.file, neutral_document_stem(document), back=proposal.get_absolute_url(), organizer=False
        )
    return download_response(open_or_404(document.file), uploaded_name(document))


def _can_see_versions(user, proposal: Proposal) -> bool:
    return can(user, "proposals.view_versions", proposal)


def _chosen_versions(request, versions: list) -> tuple:
    """The two snapshots to compare, older first: `from` and `to` in the query string (version
    numbers), by default the latest two. (None, None) with fewer than two snapshots."""
    if len(versions) < 2:
        return None, None
    by_number = {version.version: version for version in versions}
    older = by_number.get(_as_int(request.GET.get("from")), versions[1])
    newer = by_number.get(_as_int(request.GET.get("to")), versions[0])
    if older.version > newer.version:
        older, newer = newer, older
    return older, newer


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
