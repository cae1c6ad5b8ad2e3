"""Messages about projects, sent in the background (tasks take primary keys)."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import mail_and_notify
from projects.models import Outcome, OutcomeChange
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
    mail_and_notify(
        list(team_people(project.proposal).filter(is_active=True)),
        template="projects/email/outcome",
        context={"project": project, "challenge": project.challenge, "change": change},
        kind=NotificationKind.SELECTION_RESULT,
        title=OUTCOME_TITLE,
        params={"title": project.title, "outcome": Outcome(change.outcome).label},
        url=project.get_absolute_url(),
        body=change.reason,
    )
