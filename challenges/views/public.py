"""The public side of challenges: directory, challenge page, schedule, calendar files,
announcements and following."""

from datetime import datetime
from functools import cached_property, partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges.access import challenge_or_404
from challenges.calendar import calendar_of, calendar_response, phase_event, session_event
from challenges.countdown import Countdown, card_describe, phase_countdown
from challenges.forms.public import STATUS_CHOICES, ChallengeFilterForm
from challenges.models import Announcement, Challenge, Phase, Session, Visibility
from challenges.page_versions import challenge_page_scopes
from challenges.selectors import (
    challenge_announcements,
    challenge_directory_figures,
    challenge_filter_choices,
    challenge_for_schedule,
    challenge_is_followed,
    challenge_kept_for_page,
    challenge_status,
    challenges_directory,
    challenges_for_cards,
)
from challenges.services import challenge_follow, challenge_unfollow
from innovation_platform.core.page_cache import DIRECTORY, SITE, public_page
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require

DIRECTORY_PAGE_SIZE = 12
ANNOUNCEMENTS_PAGE_SIZE = 20
LATEST_ANNOUNCEMENTS_SHOWN = 3
UPCOMING_SESSIONS_SHOWN = 3


@require_GET
@public_page(lambda: [SITE, DIRECTORY])
def challenge_list(request):
    listing = ChallengeListing(request, timezone.now())
    # Lazy: the whole list is the same for everyone, so a signed-in visitor usually gets it kept rendered
    # ({% shared %}), which reads none of it.
    return render(
        request,
        "challenges/challenge_list.html",
        {name: SimpleLazyObject(partial(getattr, listing, name)) for name in ("form", "filters", "page", "figures")},
    )


class ChallengeListing:
    """The directory's filters, figures and page of cards, each read when the page first uses it."""

    def __init__(self, request, now: datetime) -> None:
        self.request, self.now = request, now

    @cached_property
    def form(self) -> ChallengeFilterForm:
        return ChallengeFilterForm(self.request.GET, choices=challenge_filter_choices())

    @cached_property
    def filters(self) -> dict:
        return self.form.selector_filters()

    @cached_property
    def figures(self) -> dict:
        return challenge_directory_figures(**self.filters)

    @cached_property
    def page(self) -> Page:
        challenges = challenges_for_cards(challenges_directory(**self.filters, now=self.now), now=self.now)
        page = paginate(self.request, self.form.sorted(challenges), DIRECTORY_PAGE_SIZE)
        for challenge in page:
            card_describe(challenge, self.now)
        return page


@require_GET
@public_page(lambda slug: challenge_page_scopes(slug))
def challenge_detail(request, slug):
    challenge = challenge_or_404(request.user, slug, fetch=challenge_kept_for_page)
    can_follow = can(request.user, "challenges.follow", challenge)
    return render(
        request,
        "challenges/challenge_detail.html",
        {
            "challenge": challenge,
            # Read only by the parts every visitor sees, which a signed-in visitor usually gets kept ({% shared %}).
            "shown": ChallengePageRows(challenge, timezone.now()),
            "is_draft": challenge.visibility == Visibility.DRAFT,
            "is_following": can_follow and challenge_is_followed(challenge, request.user),
            "can_follow": can_follow,
            "can_change": can(request.user, "challenges.change_challenge", challenge),
        },
    )


class ChallengePageRows:
    """What the challenge's page shows alike to everyone (its timeline and where it stands on the clock, schedule,
    latest announcements), each read when the page first uses it."""

    def __init__(self, challenge: Challenge, now: datetime) -> None:
        self.challenge, self.now = challenge, now

    @cached_property
    def phases(self) -> list[Phase]:
        return list(self.challenge.phases.all())

    @cached_property
    def current_phase(self) -> Phase | None:
        return self.challenge.current_phase(phases=self.phases, now=self.now)

    @cached_property
    def status(self) -> str:
        return dict(STATUS_CHOICES)[challenge_status(self.phases, now=self.now)]

    @cached_property
    def countdown(self) -> Countdown | None:
        return phase_countdown(self.phases, self.current_phase, self.now)

    @cached_property
    def sessions(self) -> list[Session]:
        return list(self.challenge.sessions.all())

    @cached_property
    def upcoming_sessions(self) -> list[Session]:
        return [session for session in self.sessions if session.ends_at > self.now][:UPCOMING_SESSIONS_SHOWN]

    @cached_property
    def announcements(self) -> list[Announcement]:
        return list(challenge_announcements(self.challenge)[:LATEST_ANNOUNCEMENTS_SHOWN])


@require_GET
def challenge_schedule(request, slug):
    challenge = challenge_or_404(request.user, slug, fetch=challenge_for_schedule)
    return render(
        request,
        "challenges/challenge_schedule.html",
        {"challenge": challenge, "days": _sessions_by_day(challenge.sessions.all(), challenge)},
    )


@require_GET
def challenge_calendar(request, slug):
    """The whole challenge as an iCalendar feed (RFC 5545) to import or subscribe to.

    One VEVENT per phase, spanning the phase and marked transparent so that a month-long call
    does not show its subscribers as busy, and one VEVENT per schedule session. UIDs are stable
    (`phase-<pk>@cocrea`, `session-<pk>@cocrea`) so that a calendar updates the events it
    already has; times are in UTC.
    """
    challenge = challenge_or_404(request.user, slug, fetch=challenge_for_schedule)
    events = [phase_event(request, challenge, phase) for phase in challenge.phases.all()]
    events += [session_event(request, challenge, session) for session in challenge.sessions.all()]
    calendar = calendar_of(f"challenge-{challenge.pk}@cocrea", challenge.title, events)
    return calendar_response(calendar, f"{challenge.slug}.ics")


@require_GET
def session_calendar(request, slug, pk):
    """One session as an iCalendar file, with the same UID as in the challenge's feed."""
    challenge = challenge_or_404(request.user, slug)
    session = Session.objects.filter(challenge=challenge, pk=pk).first()
    if session is None:
        raise Http404
    event = session_event(request, challenge, session)
    calendar = calendar_of(f"session-{session.pk}-file@cocrea", session.title, [event])
    return calendar_response(calendar, f"{challenge.slug}-{session.pk}.ics")


@require_GET
def announcement_list(request, slug):
    challenge = challenge_or_404(request.user, slug)
    return render(
        request,
        "challenges/announcement_list.html",
        {
            "challenge": challenge,
            "page": paginate(request, challenge_announcements(challenge), ANNOUNCEMENTS_PAGE_SIZE),
        },
    )


@require_POST
def challenge_follow_toggle(request, slug):
    """Follow the challenge, or stop following it when already following."""
    challenge = challenge_or_404(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(challenge.get_absolute_url())
    require(request.user, "challenges.follow", challenge)
    if challenge_is_followed(challenge, request.user):
        challenge_unfollow(challenge=challenge, user=request.user)
        messages.success(request, _("You no longer follow %(title)s.") % {"title": challenge.title})
    else:
        challenge_follow(challenge=challenge, user=request.user)
        messages.success(
            request,
            _("You now follow %(title)s: its announcements and new phases will reach you by e-mail.")
            % {"title": challenge.title},
        )
    return redirect(challenge)


def _sessions_by_day(sessions, challenge: Challenge) -> list[dict]:
    """Sessions grouped by the day they start on in the challenge's time zone, in order."""
    days: dict = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at, challenge.tzinfo).date(), []).append(session)
    return [{"date": day, "sessions": day_sessions} for day, day_sessions in days.items()]
