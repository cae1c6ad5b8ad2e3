"""The challenge's live page: the screen projected at the lab and opened on participants' phones.

The server renders the whole current state, so the page is complete without JavaScript; static/js/live.js then
keeps it current from the challenge's socket, starting after the live event the page already reflects.
"""

from functools import partial

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from challenges.access import challenge_or_404
from challenges.countdown import phase_countdown
from challenges.forms.public import STATUS_CHOICES
from challenges.selectors import challenge_for_live, challenge_status

LIVE_ANNOUNCEMENTS_SHOWN = 5


@require_GET
def challenge_live(request, slug, *, template: str = "challenges/live.html"):
    now = timezone.now()
    load = partial(challenge_for_live, now=now, announcements=LIVE_ANNOUNCEMENTS_SHOWN)
    challenge = challenge_or_404(request.user, slug, fetch=load)
    phases = list(challenge.phases.all())
    current = challenge.current_phase(phases=phases, now=now)
    return render(
        request,
        template,
        {
            "challenge": challenge,
            "current_phase": current,
            "status": dict(STATUS_CHOICES)[challenge_status(phases, now=now)],
            "countdown": phase_countdown(phases, current, now),
            "announcements": challenge.latest_announcements,
            "announcements_shown": LIVE_ANNOUNCEMENTS_SHOWN,
            "sessions_today": challenge.sessions_today,
        },
    )


@require_GET
def challenge_live_screen(request, slug):
    """The same page for the lab's projector: large type, no site header or footer, a connection indicator."""
    return challenge_live(request, slug, template="challenges/live_screen.html")
