from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from judging.models import JurorStatus

JURY_SEAT_SESSION_KEY = "cocrea_has_jury_seat"


def jury(request):
    """Whether the signed-in person sits on a jury, for the header's link to their reviews:
    noted in the session at login and when they accept a seat, so pages pay no query."""
    session = getattr(request, "session", {})
    return {"has_jury_seat": session.get(JURY_SEAT_SESSION_KEY, False)}


def remember_jury_seat(request) -> None:
    request.session[JURY_SEAT_SESSION_KEY] = True


@receiver(user_logged_in)
def _note_jury_seat_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[JURY_SEAT_SESSION_KEY] = user.jury_seats.filter(status=JurorStatus.ACTIVE).exists()
