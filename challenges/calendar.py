"""Challenges and sessions as iCalendar (RFC 5545) files, built with the icalendar library."""

from datetime import UTC, datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from challenges.models import Challenge, Session

CALENDAR_PRODID = "-//Cocrea//Cocrea challenges//EN"


def calendar_of(uid: str, name: str, events: list[Event]) -> Calendar:
    return Calendar.new(
        prodid=CALENDAR_PRODID,
        uid=uid,
        # On one line: icalendar also writes the name as X-WR-CALNAME, which it does not escape.
        name=" ".join(name.split()),
        method="PUBLISH",
        subcomponents=events,
    )


def phase_event(request, challenge: Challenge, phase) -> Event:
    event = Event.new(
        uid=f"phase-{phase.pk}@cocrea",
        stamp=_utc(challenge.updated_at),
        start=_utc(phase.starts_at),
        end=_utc(phase.ends_at),
        summary=_("%(challenge)s: %(phase)s") % {"challenge": challenge.title, "phase": phase.get_kind_display()},
        description=challenge.tagline or None,
        url=request.build_absolute_uri(challenge.get_absolute_url()),
    )
    event.add("TRANSP", "TRANSPARENT")
    return event


def session_event(request, challenge: Challenge, session: Session) -> Event:
    details = [session.description]
    if session.speakers:
        details.append(_("Speakers: %(speakers)s") % {"speakers": session.speakers})
    if session.online_url:
        details.append(_("Join online: %(url)s") % {"url": session.online_url})
    details.append(_("Challenge: %(title)s") % {"title": challenge.title})
    schedule = reverse("challenges:schedule", kwargs={"slug": challenge.slug})
    return Event.new(
        uid=f"session-{session.pk}@cocrea",
        stamp=_utc(session.updated_at),
        start=_utc(session.starts_at),
        end=_utc(session.ends_at),
        summary=session.title,
        description="\n\n".join(detail for detail in details if detail),
        location=session.place or session.online_url or None,
        url=request.build_absolute_uri(f"{schedule}#session-{session.pk}"),
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
