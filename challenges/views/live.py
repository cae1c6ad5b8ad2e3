"""The challenge's live page: the screen projected at the lab and opened on participants' phones.

The server renders the whole current state, so the page is complete without JavaScript; static/js/live.js then
keeps it current from the challenge's socket, starting after the live event the page already reflects.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from challenges.access import challenge_or_404
from challenges.countdown import phase_countdown
from challenges.forms_public import STATUS_CHOICES
from challenges.selectors import challenge_for_page, challenge_status

LIVE_ANNOUNCEMENTS_SHOWN = 5


@require_GET
def challenge_live(request, slug):
    challenge = challenge_or_404(request.user, slug, fetch=challenge_for_page)
    now = timezone.now()
    phases = list(challenge.phases.all())
    current = challenge.current_phase(phases=phases, now=now)
    today = timezone.localdate(now, challenge.tzinfo)
    return render(
        request,
        "challenges/live.html",
        {
            "challenge": challenge,
            "current_phase": current,
            "status": dict(STATUS_CHOICES)[challenge_status(phases, now=now)],
            "countdown": phase_countdown(phases, current, now),
            "announcements": challenge.latest_announcements[:LIVE_ANNOUNCEMENTS_SHOWN],
            "announcements_shown": LIVE_ANNOUNCEMENTS_SHOWN,
            "sessions_today": [
                session
                for session in challenge.sessions.all()
                if timezone.localdate(session.starts_at, challenge.tzinfo) == today
            ],
        },
    )
