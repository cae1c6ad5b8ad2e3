"""The page behind a jury invitation's link: who invites to what, and the answer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.header_flags import flag_remember
from innovation_platform.core.invitations.views import invitation_answer_context
from innovation_platform.core.permissions import can
from judging.selectors.rounds import juror_by_token
from judging.services.jury import jury_accept, jury_decline


def invitation(request, token):
    """Anyone holding the link sees the invitation; answering needs the invited address, verified."""
    juror = juror_by_token(token)
    if juror is None:
        return render(request, "judging/jury/invitation.html", {"juror": None}, status=404)
    if request.method == "POST" and request.user.is_authenticated:
        if not can(request.user, "judging.answer_jury_invitation"):
            messages.error(request, _("Verify your e-mail address before answering an invitation."))
            return redirect("judging:invitation", token=token)
        try:
            if request.POST.get("answer") == "accept":
                jury_accept(token=token, user=request.user)
                flag_remember(request, "has_jury_seat")
                messages.success(request, _("Welcome to the jury of “%(round)s”.") % {"round": juror.round.name})
                return redirect("judging:mine")
            jury_decline(token=token, user=request.user)
            messages.success(request, _("You declined the invitation. Thank you for answering."))
            return redirect("home")
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("judging:invitation", token=token)
    context = {
        "juror": juror,
        "round": juror.round,
        "challenge": juror.round.challenge,
        **invitation_answer_context(juror, request.user, permission="judging.answer_jury_invitation"),
    }
    return render(request, "judging/jury/invitation.html", context)
