"""Links of the header that only some people get (the console, their reviews, their mentoring): whether a person
gets each is asked once, at login (and when they gain it, `flag_remember`), and kept in the session, so pages pay
no query. Apps register their flag at start-up; the context processor gives every template all of them."""

from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

_flags: dict[str, Callable] = {}


def _session_key(name: str) -> str:
    return f"cocrea_{name}"


def flag_register(name: str, holds: Callable) -> None:
    """`name` (the templates' variable) is true for people for whom `holds(user)` is, as of their login."""
    _flags[name] = holds


def flag_remember(request, name: str) -> None:
    """The person has just gained `name` (accepted a seat or a role): the header shows it from the next page."""
    request.session[_session_key(name)] = True


def header_flags(request) -> dict:
    session = getattr(request, "session", {})
    return {name: session.get(_session_key(name), False) for name in _flags}


@receiver(user_logged_in)
def _note_flags_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        for name, holds in _flags.items():
            request.session[_session_key(name)] = holds(user)
