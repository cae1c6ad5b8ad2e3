from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

MENTORING_SESSION_KEY = "cocrea_mentors_projects"


def mentoring(request):
    """Whether the signed-in person mentors a project, for the header's link to their projects: noted in the
    session at login, so pages pay no query (someone assigned later finds the link after their next login, and
    meanwhile in the notification and on the project's page)."""
    session = getattr(request, "session", {})
    return {"mentors_projects": session.get(MENTORING_SESSION_KEY, False)}


@receiver(user_logged_in)
def _note_mentoring_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[MENTORING_SESSION_KEY] = user.mentorships.exists()
