"""The reminder to the teams of drafts: the part of each person's copy of a message that is their own (what each of
their drafts in the call still misses, how long until the call closes, a link to the editor), which messaging adds
after the organizer's text (see proposals/segments.py)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import Challenge, Phase, PhaseKind
from innovation_platform.accounts.models import User
from innovation_platform.messaging.segments import Params, PersonalPart
from proposals.models import Proposal
from proposals.selectors.proposals import drafts_of_people, proposal_missing

# Until then, the time left is counted in hours ("closes in 48 hours"); beyond, the day and hour are given.
HOURS_AHEAD = timedelta(hours=72)


def drafts_reminder(challenge: Challenge, params: Params, people: list[User]) -> dict[int, PersonalPart]:
    """The part of each of `people` who is in a draft of the call, in their language: three queries for the drafts
    of the whole batch, one for the call's deadline."""
    drafts = list(drafts_of_people(challenge, [person.pk for person in people]))
    mine: dict[int, list[Proposal]] = defaultdict(list)
    for draft in drafts:
        for member in draft.members.all():
            mine[member.user_id].append(draft)
    closes_at = (
        Phase.objects.filter(challenge=challenge, kind=PhaseKind.PROPOSALS).values_list("ends_at", flat=True).first()
    )
    now = timezone.now()
    parts = {}
    for person in people:
        if mine[person.pk]:
            with translation.override(person.language):
                parts[person.pk] = _part(challenge, mine[person.pk], closes_at, now)
    return parts


def _part(challenge: Challenge, drafts: list[Proposal], closes_at: datetime | None, now: datetime) -> PersonalPart:
    """One person's part, in the active language."""
    context = {
        "drafts": [
            {"standing": draft_standing(draft), "url": settings.SITE_URL + reverse("proposals:edit", args=[draft.pk])}
            for draft in drafts
        ],
        "closing": call_closing(challenge, closes_at, now) if closes_at else "",
    }
    return PersonalPart(
        text=render_to_string("proposals/email/draft_reminder.txt", context).strip(),
        html=render_to_string("proposals/email/draft_reminder.html", context),
        notification=" ".join([*(draft["standing"] for draft in context["drafts"]), context["closing"]]).strip(),
    )


def draft_standing(draft: Proposal) -> str:
    """What the draft still misses before it can be submitted, in a sentence (the submit button's own list)."""
    missing = proposal_missing(draft)
    if not missing:
        return _("“%(title)s” has everything it needs: it only has to be submitted.") % {"title": draft.title}
    return ngettext(
        "“%(title)s” still misses %(count)s item: %(items)s.",
        "“%(title)s” still misses %(count)s items: %(items)s.",
        len(missing),
    ) % {"title": draft.title, "count": len(missing), "items": "; ".join(missing)}


def call_closing(challenge: Challenge, closes_at: datetime, now: datetime) -> str:
    """When the call closes, in its time zone: in minutes or hours when it is near, else on which day and hour."""
    local = timezone.localtime(closes_at, challenge.tzinfo)
    when = {
        "day": date_format(local, "MONTH_DAY_FORMAT"),
        "time": time_format(local, "H:i"),
        "zone": challenge.timezone,
    }
    left = closes_at - now
    if left <= timedelta(0):
        return _("The call closed on %(day)s at %(time)s (%(zone)s time).") % when
    if left < timedelta(hours=1):
        minutes = max(1, int(left.total_seconds() // 60))
        return ngettext(
            "The call closes in %(count)s minute, at %(time)s (%(zone)s time).",
            "The call closes in %(count)s minutes, at %(time)s (%(zone)s time).",
            minutes,
        ) % {**when, "count": minutes}
    if left < HOURS_AHEAD:
        hours = int(left.total_seconds() // 3600)
        return ngettext(
            "The call closes in %(count)s hour, on %(day)s at %(time)s (%(zone)s time).",
            "The call closes in %(count)s hours, on %(day)s at %(time)s (%(zone)s time).",
            hours,
        ) % {**when, "count": hours}
    return _("The call closes on %(day)s at %(time)s (%(zone)s time).") % when
