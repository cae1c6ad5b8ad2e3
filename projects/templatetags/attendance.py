"""Registration on the challenges' pages (schedule, live page), which load these tags instead of importing the
projects app (imports run one way)."""

from django import template
from django.utils import timezone

from innovation_platform.core.permissions import can
from projects.selectors.attendance import session_places

register = template.Library()


@register.simple_tag(takes_context=True)
def sessions_places(context, sessions):
    """Places of the public sessions among `sessions` and the reader's registrations, in two queries."""
    return session_places(list(sessions), context["request"].user)


@register.inclusion_tag("projects/attendance/_session_registration.html", takes_context=True)
def session_registration(context, session, places, next_url=""):
    """The registration part of a session on a page: places left, the reader's place, register or cancel."""
    now = timezone.now()
    return {
        "request": context["request"],
        "user": context["request"].user,
        "csrf_token": context.get("csrf_token"),
        "slug": context["challenge"].slug,
        "can_register": can(context["request"].user, "projects.register_session", context["challenge"]),
        "session": session,
        "places": places.get(session.pk),
        "started": now >= session.starts_at,
        "finished": now >= session.ends_at,
        "next_url": next_url or context["request"].get_full_path(),
    }
