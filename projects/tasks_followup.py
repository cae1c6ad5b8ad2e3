"""Follow-up's messages to teams, sent in the background (tasks take primary keys): the checkpoint's question and
its reminders, by e-mail and notification to every member in their own language."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import mail_and_notify
from projects.models import FollowUpRequest, Indicator
from proposals.selectors.teams import team_people

ASKED = gettext_lazy("%(checkpoint)s after the lab: how is “%(title)s” doing?")
REMINDED = gettext_lazy("Reminder: tell the organizers how “%(title)s” is doing (%(checkpoint)s)")


@task()
def follow_up_tell_team(request_id: int, reminder: int) -> int:
    """Ask the project's team to answer the checkpoint (`reminder` 0), or remind it (1, 2): each active member gets
    an e-mail and a notification. A reminder for an answer that arrived meanwhile is dropped. Returns the number of
    e-mails sent."""
    request = (
        FollowUpRequest.objects.select_related("checkpoint__challenge", "project__proposal")
        .filter(pk=request_id)
        .first()
    )
    if request is None or (reminder and request.answered_at is not None):
        return 0
    checkpoint, project = request.checkpoint, request.project
    url = reverse("follow_up:answer", kwargs={"pk": project.pk, "checkpoint": checkpoint.pk})
    return mail_and_notify(
        list(team_people(project.proposal).filter(is_active=True)),
        template="projects/email/follow_up_reminder" if reminder else "projects/email/follow_up_asked",
        context={
            "checkpoint": checkpoint,
            "project": project,
            "challenge": checkpoint.challenge,
            "indicators": [Indicator(key).label for key in checkpoint.indicators],
            "url": url,
        },
        kind=NotificationKind.MESSAGE,
        title=REMINDED if reminder else ASKED,
        params={"title": project.title, "checkpoint": checkpoint.title},
        url=url,
    )
