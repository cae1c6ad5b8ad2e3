"""Team pages: the team of a proposal, an invitation, requests to join, and people looking for a team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges.access import public_challenge_or_404
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.invitations.views import invitation_answer_context
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from innovation_platform.core.views import safe_next
from proposals.access import proposal_or_404
from proposals.forms.teams import InviteForm, JoinRequestForm, SeekerFilterForm, SeekForm
from proposals.models import JoinRequest, ProposalMember
from proposals.selectors.proposals import proposal_for_page
from proposals.selectors.teams import (
    invitation_by_token,
    proposals_led_in,
    team_join_requests,
    team_members,
    team_pending_invitations,
    team_seeker_of,
    team_seekers,
)
from proposals.services.teams import (
    team_accept_invitation,
    team_decline_invitation,
    team_invitation_link,
    team_invite,
    team_join_request,
    team_join_request_accept,
    team_join_request_decline,
    team_join_request_withdraw,
    team_leave,
    team_remove_member,
    team_revoke_invitation,
    team_seek,
    team_seek_stop,
    team_transfer_leadership,
)
from proposals.views.public import proposal_page

SEEKERS_PAGE_SIZE = 20
JOIN_REQUESTS_PAGE_SIZE = 20


def _team_page(request, proposal, *, invite_form=None, status=200):
    invitations = team_pending_invitations(proposal)
    link = next((invitation for invitation in invitations if invitation.is_link), None)
    can_manage = can(request.user, "proposals.manage_team", proposal)
    context = {
        "proposal": proposal,
        "members": team_members(proposal),
        "invitations": [invitation for invitation in invitations if not invitation.is_link],
        "link": link,
        "link_url": link and request.build_absolute_uri(reverse("proposals:invitation", args=[link.token])),
        "invite_form": invite_form or InviteForm(),
        "can_manage": can_manage,
        "join_requests": can_manage and paginate(request, team_join_requests(proposal), JOIN_REQUESTS_PAGE_SIZE),
        "can_leave": can(request.user, "proposals.leave_team", proposal),
        "team_max": proposal.challenge.team_max,
        "team_min": proposal.challenge.team_min,
    }
    return render(request, "proposals/teams/team.html", context, status=status)


@login_required
@require_GET
def team(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.view_team")
    return _team_page(request, proposal)


@login_required
@require_POST
def team_invite_view(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            team_invite(proposal=proposal, actor=request.user, email=form.cleaned_data["email"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The invitation was sent. It expires in two weeks."))
            return redirect("proposals:team", pk=pk)
    return _team_page(request, proposal, invite_form=form, status=400)


@login_required
@require_POST
def team_link_view(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    try:
        team_invitation_link(proposal=proposal, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new shareable link was created; any previous link no longer works."))
    return redirect("proposals:team", pk=pk)


@login_required
@require_POST
def team_revoke_view(request, pk, invitation):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    invitation = get_object_or_404(proposal.invitations, pk=invitation)
    try:
        team_revoke_invitation(invitation=invitation, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was revoked: its link no longer works."))
    return redirect("proposals:team", pk=pk)


def _confirm(request, proposal, *, title: str, text: str, button: str, danger: bool = True):
    context = {"proposal": proposal, "title": title, "text": text, "button": button, "danger": danger}
    return render(request, "proposals/teams/confirm.html", context)


@login_required
def team_remove_view(request, pk, member):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    member = get_object_or_404(ProposalMember.objects.select_related("user"), proposal=proposal, pk=member)
    if request.method != "POST":
        return _confirm(
            request,
            proposal,
            title=_("Remove %(name)s from the team?") % {"name": member.user.full_name},
            text=_("They will no longer see or edit the proposal. You can invite them again later."),
            button=_("Remove from the team"),
        )
    try:
        team_remove_member(proposal=proposal, actor=request.user, member=member)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s was removed from the team.") % {"name": member.user.full_name})
    return redirect("proposals:team", pk=pk)


@login_required
def team_transfer_view(request, pk, member):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    member = get_object_or_404(ProposalMember.objects.select_related("user"), proposal=proposal, pk=member)
    if request.method != "POST":
        return _confirm(
            request,
            proposal,
            title=_("Make %(name)s the lead?") % {"name": member.user.full_name},
            text=_(
                "The lead submits the proposal and manages the team. You stay in the team as a co-author and "
                "cannot take the lead back yourself."
            ),
            button=_("Hand over the lead"),
        )
    try:
        team_transfer_leadership(proposal=proposal, actor=request.user, member=member)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s now leads the team.") % {"name": member.user.full_name})
    return redirect("proposals:team", pk=pk)


@login_required
def team_leave_view(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.leave_team")
    if request.method != "POST":
        return _confirm(
            request,
            proposal,
            title=_("Leave the team of “%(title)s”?") % {"title": proposal.title},
            text=_("You will no longer see or edit the proposal unless the team invites you again."),
            button=_("Leave the team"),
        )
    try:
        team_leave(proposal=proposal, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("proposals:team", pk=pk)
    messages.success(request, _("You left the team of “%(title)s”.") % {"title": proposal.title})
    return redirect("proposals:mine")


@login_required
@require_POST
def team_join_view(request, pk):
    """Ask to join the team, from the proposal's public page."""
    proposal = proposal_or_404(request.user, pk, "proposals.request_to_join", fetch=proposal_for_page)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return proposal_page(request, proposal, join_form=form, status=400)
    try:
        team_join_request(proposal=proposal, user=request.user, message=form.cleaned_data["message"])
    except ApplicationError as error:
        # A pending request already holds the message; other refusals leave nothing to send it to.
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your request to join the team was sent. The team's lead will accept or decline it.")
        )
    return redirect(proposal)


@login_required
@require_POST
def team_join_decide_view(request, pk, join_request, decision):
    """The lead accepts or declines a request to join, from the team page."""
    proposal = proposal_or_404(request.user, pk, "proposals.manage_team")
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), proposal=proposal, pk=join_request)
    name = join_request.user.full_name
    try:
        if decision == "accept":
            team_join_request_accept(join_request=join_request, actor=request.user)
            messages.success(request, _("%(name)s joined the team.") % {"name": name})
        else:
            team_join_request_decline(join_request=join_request, actor=request.user)
            messages.success(request, _("You declined the request of %(name)s.") % {"name": name})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(reverse("proposals:team", kwargs={"pk": pk}) + "#join-requests")


@login_required
@require_POST
def join_request_withdraw_view(request, pk):
    """The person who asked withdraws their request, from the proposal's page or My proposals."""
    join_request = get_object_or_404(JoinRequest.objects.select_related("proposal"), pk=pk, user=request.user)
    require(request.user, "proposals.withdraw_join_request", join_request)
    try:
        team_join_request_withdraw(join_request=join_request, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You withdrew your request to join the team."))
    return redirect(safe_next(request, reverse("proposals:mine")))


def invitation(request, token):
    """Anyone holding the link sees who invites to what; answering needs a verified account."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "proposals/teams/invitation.html", {"invitation": None}, status=404)
    if request.method == "POST" and request.user.is_authenticated:
        if not can(request.user, "proposals.answer_invitation"):
            messages.error(request, _("Verify your e-mail address before answering an invitation."))
            return redirect("proposals:invitation", token=token)
        try:
            if request.POST.get("answer") == "accept":
                team_accept_invitation(token=token, user=request.user)
                messages.success(request, _("Welcome to the team of “%(title)s”.") % {"title": invitation.proposal})
                return redirect("proposals:team", pk=invitation.proposal_id)
            team_decline_invitation(token=token, user=request.user)
            messages.success(request, _("You declined the invitation."))
            return redirect("proposals:mine")
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("proposals:invitation", token=token)
    context = {
        "invitation": invitation,
        "proposal": invitation.proposal,
        "challenge": invitation.proposal.challenge,
        **invitation_answer_context(invitation, request.user, permission="proposals.answer_invitation"),
    }
    return render(request, "proposals/teams/invitation.html", context)


@login_required
def seekers(request, slug):
    challenge = public_challenge_or_404(slug)
    require(request.user, "proposals.view_team_seekers", challenge)
    mine = team_seeker_of(challenge, request.user)
    status = 200
    if request.method == "POST":
        require(request.user, "proposals.look_for_team", challenge)
        if request.POST.get("action") == "stop":
            try:
                team_seek_stop(challenge=challenge, user=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("You are no longer listed as looking for a team."))
            return redirect("proposals:seekers", slug=slug)
        form = SeekForm(request.POST)
        if form.is_valid():
            team_seek(
                challenge=challenge,
                user=request.user,
                skills=form.cleaned_data["skills"],
                message=form.cleaned_data["message"],
            )
            messages.success(request, _("You are listed as looking for a team. Teams can now invite you."))
            return redirect("proposals:seekers", slug=slug)
        status = 400
    else:
        initial = {"skills": ", ".join(mine.skills), "message": mine.message} if mine else {}
        form = SeekForm(initial=initial)
    filters = SeekerFilterForm(request.GET)
    skill = filters.cleaned_data["skill"].strip() if filters.is_valid() else ""
    context = {
        "challenge": challenge,
        "page": paginate(request, team_seekers(challenge, skill=skill), SEEKERS_PAGE_SIZE),
        "filters": filters,
        "skill": skill,
        "mine": mine,
        "form": form,
        "can_seek": can(request.user, "proposals.look_for_team", challenge),
        "led": proposals_led_in(challenge, request.user),
    }
    return render(request, "proposals/teams/seekers.html", context, status=status)


@login_required
@require_POST
def seeker_invite(request, slug, seeker):
    challenge = public_challenge_or_404(slug)
    seeker = get_object_or_404(challenge.team_seekers.select_related("user").filter(hidden_at__isnull=True), pk=seeker)
    led = {str(proposal.pk): proposal for proposal in proposals_led_in(challenge, request.user)}
    proposal = led.get(request.POST.get("proposal", ""))
    if proposal is None:
        messages.error(request, _("Choose one of the proposals you lead in this challenge."))
        return redirect("proposals:seekers", slug=slug)
    require(request.user, "proposals.manage_team", proposal)
    try:
        team_invite(proposal=proposal, actor=request.user, invitee=seeker.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s was invited to the team of “%(title)s”.")
            % {"name": seeker.user.full_name, "title": proposal.title},
        )
    return redirect("proposals:seekers", slug=slug)
