from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from innovation_platform.core.permissions import can

CONSOLE_SESSION_KEY = "cocrea_uses_console"


def console(request):
    """Whether the header offers the console: asked of the rules at login (and when someone is given a role that
    needs it, see `remember_console`), kept in the session so pages pay no query."""
    session = getattr(request, "session", {})
    return {"uses_console": session.get(CONSOLE_SESSION_KEY, False)}


def remember_console(request) -> None:
    request.session[CONSOLE_SESSION_KEY] = True


@receiver(user_logged_in)
def _note_console_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[CONSOLE_SESSION_KEY] = can(user, "challenges.use_console")
