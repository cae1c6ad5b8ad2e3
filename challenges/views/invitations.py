"""The page behind an invitation to organize or mentor a challenge: what is offered, and the answer."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from challenges.models import ChallengeRoleInvitation, ChallengeRoleKind
from challenges.services import challenge_role_invitation_accept, challenge_role_invitation_decline
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.header_flags import flag_remember
from innovation_platform.core.invitations.views import invitation_answer_context
from innovation_platform.core.permissions import can


def role_invitation(request, token):
    """Whoever holds the link sees the offer; answering needs an account owning the invited address, verified.

    Anonymous visitors are offered to log in or sign up and come back here (`next`)."""
    invitation = (
        ChallengeRoleInvitation.objects.select_related("challenge__lab", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return render(request, "challenges/role_invitation.html", {"invitation": None}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        return _answer(request, invitation)
    context = {
        "invitation": invitation,
        "challenge": invitation.challenge,
        **invitation_answer_context(invitation, request.user, permission="challenges.answer_role_invitation"),
    }
    return render(request, "challenges/role_invitation.html", context)


def _answer(request, invitation):
    if not can(request.user, "challenges.answer_role_invitation"):
        messages.error(request, _("Verify your e-mail address before answering an invitation."))
        return redirect(invitation)
    challenge = invitation.challenge
    try:
        if request.POST.get("answer") == "accept":
            granted = challenge_role_invitation_accept(token=invitation.token, user=request.user)
        else:
            challenge_role_invitation_decline(token=invitation.token, user=request.user)
            messages.success(request, _("You declined the invitation. Thank you for answering."))
            return redirect("home")
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(invitation)
    if granted.role == ChallengeRoleKind.ORGANIZER:
        flag_remember(request, "uses_console")
        messages.success(request, _("You now organize “%(challenge)s”.") % {"challenge": challenge.title})
        return redirect("console:edit", slug=challenge.slug)
    messages.success(request, _("You are now a mentor of “%(challenge)s”.") % {"challenge": challenge.title})
    return redirect(challenge)
