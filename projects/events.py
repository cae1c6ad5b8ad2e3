"""The live events of projects. One function per event type, the single place that knows its payload's shape
(docs/live.md lists them). Services call them inside their transaction; `publish` sends after the commit."""

from challenges.models import Visibility
from innovation_platform.live import groups
from innovation_platform.live.services import publish, publish_coalesced
from projects.models import Project
from projects.selectors.projects import challenge_lab_figures


def project_outcome(project: Project) -> None:
    """A project's outcome changed: the challenge's pages refresh their lab figures ("8 selected · 6 built"). Only
    public figures travel, so nothing private about a project reaches the challenge's public group."""
    if project.challenge.visibility == Visibility.DRAFT:
        return
    figures = challenge_lab_figures(project.challenge_id)
    publish(
        groups.challenge(project.challenge_id),
        "project.outcome",
        {"selected": figures["selected"], "built": figures["built"]},
    )


def attendance_checked_in(check_in) -> None:
    """Someone was checked in: the organizers' attendance page fetches its figures again. Coalesced, as a door checks
    in a person every few seconds; the payload names no one."""
    publish_coalesced(
        groups.challenge_organizers(check_in.challenge_id),
        "attendance.checked_in",
        {"day": check_in.day.isoformat()},
    )
