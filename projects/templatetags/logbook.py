"""The logbook and the mentors on pages other apps render: the project page, the console's lab page, the
challenge's live page. Each tag asks the rules and the selectors itself, so those pages' views pass nothing more
than the project (or the challenge) and the request."""

from django import template

from challenges.models import Challenge
from innovation_platform.core.permissions import can
from projects.models import Project
from projects.selectors.logbook import (
    challenge_mentorships,
    latest_public_posts,
    logbook_posts,
    mentor_candidates,
    project_mentors,
)

register = template.Library()

# Posts the project page shows before linking to the whole logbook.
PROJECT_PAGE_POSTS = 3


@register.inclusion_tag("projects/includes/logbook_latest.html", takes_context=True)
def project_logbook(context, project: Project) -> dict:
    """The latest posts `request.user` may read (four queries whatever their number) and, for the team and its
    mentors, the way to write one."""
    user = context["request"].user
    posts = list(logbook_posts(project, user=user)[: PROJECT_PAGE_POSTS + 1])
    return {
        "project": project,
        "posts": posts[:PROJECT_PAGE_POSTS],
        "more": len(posts) > PROJECT_PAGE_POSTS,
        "may_write": can(user, "projects.write_post", project),
        "organizer": can(user, "projects.assign_mentors", project),
        "user": user,
    }


@register.inclusion_tag("projects/includes/mentors_box.html", takes_context=True)
def project_mentors_box(context, project: Project) -> dict:
    """The project's mentors by name (one query), and for a mentor among them the way to their projects."""
    user = context["request"].user
    mentors = list(project_mentors(project).only("pk", "full_name"))
    return {"project": project, "mentors": mentors, "is_mentor": any(mentor.pk == user.pk for mentor in mentors)}


@register.inclusion_tag("projects/includes/console_mentors_row.html", takes_context=True)
def console_project_mentors(context, project: Project) -> dict:
    """A project's mentors with a button to remove each, and a form to assign one of the challenge's mentors.
    The challenge's mentorships and mentors are read once per page (two queries), whatever the number of rows."""
    request = context["request"]
    loaded = request.__dict__.setdefault("_logbook_console_mentors", {})
    if project.challenge_id not in loaded:
        loaded[project.challenge_id] = (
            challenge_mentorships(project.challenge_id),
            list(mentor_candidates(Challenge(pk=project.challenge_id)).only("pk", "full_name")),
        )
    mentorships, candidates = loaded[project.challenge_id]
    assigned = mentorships.get(project.pk, [])
    assigned_ids = {mentorship.mentor_id for mentorship in assigned}
    return {
        "project": project,
        "slug": context.get("challenge").slug if context.get("challenge") else project.challenge.slug,
        "mentorships": assigned,
        "candidates": [candidate for candidate in candidates if candidate.pk not in assigned_ids],
        "has_mentors": bool(candidates),
        "next": request.get_full_path(),
    }


@register.simple_tag
def challenge_logbook_latest(challenge: Challenge) -> list:
    """The newest public posts of the challenge's projects, for its live page (one query)."""
    return latest_public_posts(challenge)
