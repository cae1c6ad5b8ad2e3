"""Who may see or do what in the lab and after. Objects are projects unless said otherwise."""

import rules

from challenges.rules import is_challenge_organizer, organizer_or_staff, organizes_the_lab
from innovation_platform.core.permissions import has_verified_email, is_authenticated, is_staff
from innovation_platform.labs.models import Lab
from projects.models import PostVisibility
from proposals.rules import is_team_member


@rules.predicate
def is_project_member(user, project) -> bool:
    """On its proposal's team (collaborators included), as proposals' rules read it (and cache it)."""
    return project is not None and is_team_member.test(user, project.proposal)


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


# The logbook and its mentors (docs/lab.md). Objects: the project to write in it or assign mentors; the post to read,
# edit, delete, hide or answer it; the comment to delete it.


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
    | (is_shown_post & (_of_its_project(team_or_mentor) | (is_public_post & _of_its_project(shows_its_proposal))))
    | wrote_it,
)
# Authors edit their own posts while they still belong to the team or mentor it.
rules.add_perm("projects.change_post", wrote_it & _of_its_project(team_or_mentor))
rules.add_perm("projects.delete_post", (wrote_it & _of_its_project(team_or_mentor)) | _of_its_project(organizers))
rules.add_perm("projects.hide_post", _of_its_project(organizers))
# Mentors give feedback and the team answers, under posts that are shown.
rules.add_perm("projects.comment_post", has_verified_email & is_shown_post & _of_its_project(team_or_mentor))
rules.add_perm("projects.delete_comment", (wrote_it & _of_its_project(team_or_mentor)) | _of_its_project(organizers))


# Registration and attendance. Objects: the challenge (a call or an event without a call).
@rules.predicate
def is_published_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.is_published


challenge_organizers = is_challenge_organizer | is_staff

rules.add_perm("projects.register_session", is_published_challenge & has_verified_email)  # and cancel
rules.add_perm("projects.view_entry_pass", is_authenticated)  # one's own; the service says whether one is expected
rules.add_perm("projects.check_in", challenge_organizers)
rules.add_perm("projects.view_attendance", challenge_organizers)  # and its export
