"""Participants' side of the lab's programme: registering for public sessions, the entry pass, today's screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges.access import challenge_or_404
from challenges.models import Session
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import require
from innovation_platform.core.views import safe_next
from projects.entry_codes import code_display, qr_svg
from projects.models import RegistrationStatus
from projects.selectors.attendance import session_places, sessions_on
from projects.services.attendance import entry_pass_for, session_cancel, session_register


def _back(request, session: Session):
    """Where the form came from (the schedule or today's screen), at the session."""
    target = safe_next(request, reverse("challenges:schedule", kwargs={"slug": session.challenge.slug}))
    return redirect(f"{target.split('#')[0]}#session-{session.pk}")


def _session_action(request, slug, pk, action):
    challenge = challenge_or_404(request.user, slug)
    session = get_object_or_404(Session.objects.select_related("challenge"), challenge=challenge, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("challenges:schedule", kwargs={"slug": slug}) + f"#session-{pk}")
    require(request.user, "projects.register_session", challenge)
    try:
        action(session)
    except ApplicationError as error:
        messages.error(request, error.message)
    return _back(request, session)


@require_POST
def session_register_view(request, slug, pk):
    def register(session):
        registration = session_register(session=session, user=request.user)
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered for “%(title)s”.") % {"title": session.title})
        else:
            messages.info(
                request,
                _(
                    "“%(title)s” is full: you are number %(position)s on the waitlist. "
                    "We will tell you if a place opens."
                )
                % {"title": session.title, "position": registration.position},
            )

    return _session_action(request, slug, pk, register)


@require_POST
def session_cancel_view(request, slug, pk):
    def cancel(session):
        session_cancel(session=session, user=request.user)
        messages.success(request, _("Your registration for “%(title)s” is cancelled.") % {"title": session.title})

    return _session_action(request, slug, pk, cancel)


@login_required
@require_GET
def entry_pass_view(request, slug):
    challenge = challenge_or_404(request.user, slug, "projects.view_entry_pass")
    entry = entry_pass_for(challenge=challenge, user=request.user)
    context = {"challenge": challenge, "entry": entry}
    if entry is not None:
        # The QR code holds the staff's check-in address with the code: nothing personal.
        check_in_url = request.build_absolute_uri(
            reverse("attendance_console:check_in", kwargs={"slug": slug}) + f"?code={entry.code}"
        )
        context |= {
            "code": code_display(entry.code),
            "qr": qr_svg(
                check_in_url, title=_("QR code of the entry pass %(code)s") % {"code": code_display(entry.code)}
            ),
        }
    return render(request, "projects/attendance/entry_pass.html", context)


@require_GET
def today_view(request, slug):
    """Today's sessions with their places: for the lab's projector and for phones."""
    challenge = challenge_or_404(request.user, slug)
    now = timezone.now()
    today = timezone.localdate(now, challenge.tzinfo)
    sessions = list(sessions_on(challenge, today))
    return render(
        request,
        "projects/attendance/today.html",
        {
            "challenge": challenge,
            "today": today,
            "now": now,
            "sessions": sessions,
            "places": session_places(sessions, request.user),
        },
    )
