"""Who may see or do what in the lab and after. Objects are projects unless said otherwise."""

import rules

from challenges.rules import is_challenge_organizer
from innovation_platform.core.permissions import has_verified_email, is_authenticated, is_staff


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


# Registration and attendance. Objects: the challenge (a call or an event without a call).
@rules.predicate
def is_published_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.is_published


challenge_organizers = is_challenge_organizer | is_staff

rules.add_perm("projects.register_session", is_published_challenge & has_verified_email)  # and cancel
rules.add_perm("projects.view_entry_pass", is_authenticated)  # one's own; the service says whether one is expected
rules.add_perm("projects.check_in", challenge_organizers)
rules.add_perm("projects.view_attendance", challenge_organizers)  # and its export
