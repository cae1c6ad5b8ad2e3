"""Who may see or do what in the lab and after. Objects are projects unless said otherwise."""

import rules

from challenges.rules import is_challenge_organizer, organizer_or_staff, organizes_the_lab
from innovation_platform.core.permissions import is_staff
from innovation_platform.labs.models import Lab


def _proposal_role(user, project) -> str | None:
    """The user's role in the project's team (its proposal's members, collaborators included), cached per request."""
    if project is None or not user.is_authenticated:
        return None
    cache = project.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        cache[user.pk] = project.proposal.members.filter(user=user).values_list("role", flat=True).first()
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


@rules.predicate
def shows_its_proposal(user, project) -> bool:
    """Whoever may read the proposal (public in a public call, or the jurors and others proposals lets in) may
    read the project it became: a project is never more public than the version that was judged."""
    return project is not None and user.has_perm("proposals.view_proposal", project.proposal)


organizers = organizes_its_challenge | is_staff

rules.add_perm("projects.view_project", shows_its_proposal | is_project_member | is_project_mentor | organizers)

rules.add_perm("projects.change_project", is_project_member | organizers)
rules.add_perm("projects.set_outcome", is_project_member | organizers)
rules.add_perm("projects.view_team_posts", is_project_member | is_project_mentor | organizers)
rules.add_perm("projects.assign_mentors", organizers)
# The organizers' lab page of a call: its projects, outcomes and mentors (object: the challenge).
rules.add_perm("projects.view_call_lab", organizer_or_staff)


@rules.predicate
def organizes_the_edition_or_lab(user, target) -> bool:
    """Follow-up boards exist for an edition (a challenge) and for a lab, across all its editions."""
    if isinstance(target, Lab):
        return organizes_the_lab(user, target)
    return is_challenge_organizer(user, target)


# Follow-up after the lab: the team answers (object: the project); organizers manage checkpoints (object: the
# challenge) and read the boards (object: the challenge or the lab).
rules.add_perm("projects.answer_follow_up", is_project_member)
rules.add_perm("projects.manage_follow_up", is_challenge_organizer | is_staff)
rules.add_perm("projects.view_follow_up_board", organizes_the_edition_or_lab | is_staff)


# Certificates: issued and revoked by the edition's organizers; downloaded by their holder too. The verification page
# is public and needs no rule.
@rules.predicate
def organizes_the_certificates_challenge(user, certificate) -> bool:
    return certificate is not None and is_challenge_organizer(user, certificate.challenge)


@rules.predicate
def holds_the_certificate(user, certificate) -> bool:
    return certificate is not None and user.is_authenticated and certificate.user_id == user.pk


certificate_organizers = organizes_the_certificates_challenge | is_staff

rules.add_perm("projects.issue_certificates", is_challenge_organizer | is_staff)
rules.add_perm("projects.revoke_certificate", certificate_organizers)
rules.add_perm("projects.download_certificate", holds_the_certificate | certificate_organizers)
