"""Organizers' side of attendance, under /console/<slug>/: the figures per session and day, the export, and the
check-in at the door from a phone."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.exports import export_response
from innovation_platform.core.pagination import paginate
from innovation_platform.live import groups
from innovation_platform.live.selectors import live_last_event_id
from projects.entry_codes import code_normalise
from projects.forms.attendance import DAY_TARGET, CheckInForm
from projects.selectors.attendance import attendance_days, attendance_export_rows, attendance_sessions, sessions_on
from projects.services.attendance import check_in

SESSIONS_PAGE_SIZE = 50


@login_required
@require_GET
def attendance_view(request, slug):
    challenge = console_challenge_or_404(request, slug, "projects.view_attendance")
    live_last = live_last_event_id(groups.challenge_organizers(challenge.pk))  # before the figures it follows
    return render_console(
        request,
        "projects/console/attendance.html",
        challenge,
        live_last=live_last,
        page=paginate(request, attendance_sessions(challenge), SESSIONS_PAGE_SIZE),
        days=list(attendance_days(challenge)),
        step="attendance",
    )


@login_required
@require_GET
def attendance_export(request, slug, fmt):
    challenge = console_challenge_or_404(request, slug, "projects.view_attendance")
    header = [_("Person"), _("Day"), _("Session"), _("Time"), _("Checked in by")]
    return export_response(
        fmt, f"{challenge.slug}-attendance", header, attendance_export_rows(challenge), sheet=_("Attendance")
    )


@login_required
def check_in_view(request, slug):
    """Check people in from a phone: the typed (or scanned) code of their entry pass, at the door or a session.

    The answer shows on the same page with the form ready for the next person, so the line keeps moving.
    """
    challenge = console_challenge_or_404(request, slug, "projects.check_in")
    today = timezone.localdate(timezone.now(), challenge.tzinfo)
    sessions = list(sessions_on(challenge, today))
    result = error = None
    target = request.GET.get("target", DAY_TARGET)
    if request.method == "POST":
        form = CheckInForm(request.POST, sessions=sessions + _other_day_session(challenge, request.POST, sessions))
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                result = check_in(
                    challenge=challenge,
                    code=form.cleaned_data["code"],
                    actor=request.user,
                    session=form.session(),
                    day=form.cleaned_data["day"],
                )
            except ApplicationError as error_:
                error = error_.message
        else:
            error = _("Choose where you check people in and type a code.")
    # A refused code stays in the field to be corrected; one from a QR code opened with the camera app is filled in.
    code = request.POST.get("code", "")[:40] if error else code_normalise(request.GET.get("code", ""))
    form = CheckInForm(initial={"target": target, "day": today, "code": code}, sessions=sessions)
    return render_console(
        request,
        "projects/console/check_in.html",
        challenge,
        status=400 if error else 200,
        form=form,
        result=result,
        error=error,
        today=today,
        step="check_in",
    )


def _other_day_session(challenge, data, today_sessions) -> list:
    """The session of another day a page left open since that day posts, so that the answer can say so."""
    posted = data.get("target", "")
    if not (posted.isdigit() and len(posted) <= 9) or int(posted) in {session.pk for session in today_sessions}:
        return []
    return list(challenge.sessions.filter(pk=int(posted)))
