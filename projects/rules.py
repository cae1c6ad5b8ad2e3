"""Who may see or do what in the lab and after. Objects are projects unless said otherwise."""

import rules

from challenges.rules import is_challenge_organizer
from innovation_platform.core.permissions import has_verified_email, is_staff
from projects.models import PostVisibility


def _proposal_role(user, project) -> str | None:
    """The user's role in the project's team (its proposal's members, collaborators included), cached per request."""
    if project is None or not user.is_authenticated:
        return None
    cache = project.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        member = project.proposal.members.filter(user=user).only("role").first()
        cache[user.pk] = member.role if member else None
    return cache[user.pk]


@rules.predicate
def is_project_member(user, project) -> bool:
    return _proposal_role(user, project) is not None


@rules.predicate
def is_project_mentor(user, project) -> bool:
    if project is None or not user.is_authenticated:
        return False
    cache = project.__dict__.setdefault("_mentor_cache", {})
    if user.pk not in cache:
        cache[user.pk] = project.mentorships.filter(mentor=user).exists()
    return cache[user.pk]


@rules.predicate
def organizes_its_challenge(user, project) -> bool:
    return project is not None and is_challenge_organizer(user, project.challenge)


organizers = organizes_its_challenge | is_staff

rules.add_perm("projects.change_project", is_project_member | organizers)
rules.add_perm("projects.set_outcome", is_project_member | organizers)
rules.add_perm("projects.view_team_posts", is_project_member | is_project_mentor | organizers)
rules.add_perm("projects.assign_mentors", organizers)


# The logbook and its mentors (docs/lab.md). Objects: the project to write in it or assign mentors; the post to read,
# edit, delete, hide or answer it; the comment to delete it.


@rules.predicate
def sees_its_proposal(user, project) -> bool:
    """May see the project's public face: whoever may see the proposal it came from."""
    return project is not None and user.has_perm("proposals.view_proposal", project.proposal)


def _of_its_project(predicate: rules.Predicate) -> rules.Predicate:
    """A project predicate asked of a post's (or a comment's post's) project."""

    def test(user, obj) -> bool:
        if obj is None:
            return False
        post = getattr(obj, "post", obj)
        return predicate.test(user, post.project)

    return rules.Predicate(test, name=f"{predicate.name}_of_its_project")


@rules.predicate
def is_public_post(user, post) -> bool:
    return post is not None and post.visibility == PostVisibility.PUBLIC


@rules.predicate
def is_shown_post(user, post) -> bool:
    return post is not None and post.hidden_at is None


@rules.predicate
def wrote_it(user, obj) -> bool:
    """The author of a post or a comment."""
    return obj is not None and user.is_authenticated and obj.author_id == user.pk


team_or_mentor = is_project_member | is_project_mentor

rules.add_perm("projects.write_post", has_verified_email & team_or_mentor)  # object: the project
rules.add_perm(
    "projects.view_post",
    _of_its_project(organizers)
    | (is_shown_post & (_of_its_project(team_or_mentor) | (is_public_post & _of_its_project(sees_its_proposal))))
    | wrote_it,
)
# Authors edit their own posts while they still belong to the team or mentor it.
rules.add_perm("projects.change_post", wrote_it & _of_its_project(team_or_mentor))
rules.add_perm("projects.delete_post", (wrote_it & _of_its_project(team_or_mentor)) | _of_its_project(organizers))
rules.add_perm("projects.hide_post", _of_its_project(organizers))
# Mentors give feedback and the team answers, under posts that are shown.
rules.add_perm("projects.comment_post", has_verified_email & is_shown_post & _of_its_project(team_or_mentor))
rules.add_perm("projects.delete_comment", (wrote_it & _of_its_project(team_or_mentor)) | _of_its_project(organizers))
rules.add_perm("projects.view_logbook", sees_its_proposal | team_or_mentor | organizers)
