"""Messages about projects, sent in the background (tasks take primary keys)."""

from django.utils import translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from projects.models import OutcomeChange
from proposals.selectors.teams import team_people

OUTCOME_TITLE = gettext_lazy("“%(title)s”: %(outcome)s")


@task()
def tell_team_outcome(change_id: int) -> None:
    """Tell the team that the organizers gave its project an outcome: an e-mail and a notification each, in their
    language. Skipped when a later outcome replaced it before the task ran."""
    change = (
        OutcomeChange.objects.select_related("project__challenge", "project__proposal").filter(pk=change_id).first()
    )
    if change is None or change.project.outcome != change.outcome:
        return
    project = change.project
    people = list(team_people(project.proposal).filter(is_active=True))
    mail_send(
        template="projects/email/outcome",
        context={"project": project, "challenge": project.challenge, "change": change},
        recipients=people,
    )
    notifications = []
    for person in people:
        with translation.override(person.language):
            title = str(OUTCOME_TITLE) % {"title": project.title, "outcome": change.get_outcome_display()}
        notifications.append(
            Notification(
                user=person,
                kind=NotificationKind.SELECTION_RESULT,
                title=title,
                body=change.reason,
                url=project.get_absolute_url(),
            )
        )
    notify_many(notifications)
