"""The projects app's answers to what the apps below tell it (their signals), connected in `ProjectsConfig.ready`."""

from projects.services.attendance import session_places_changed
from projects.services.projects import project_drop_out, projects_open


def open_projects(sender, proposal_ids, **kwargs) -> None:
    projects_open(proposal_ids)  # a selected proposal becomes a project in the same transaction


def mark_dropped_out(sender, proposal_id, actor, reason, when, **kwargs) -> None:
    project_drop_out(proposal_id=proposal_id, actor=actor, reason=reason, when=when)


def promote_waitlists(sender, session, **kwargs) -> None:
    session_places_changed(session)  # more places for a session: the waitlist moves up
