import rules

from challenges.models import ChallengeRole, ChallengeRoleKind, Visibility
from innovation_platform.core.permissions import has_verified_email, is_staff
from innovation_platform.labs.models import LabMembership, LabRole


def _role(user, challenge) -> str | None:
    """The user's role in the challenge, cached on the challenge for the request."""
    if challenge is None or not user.is_authenticated:
        return None
    cache = challenge.__dict__.setdefault("_roles_cache", {})
    if user.pk not in cache:
        role = ChallengeRole.objects.filter(challenge=challenge, user=user).values_list("role", flat=True).first()
        if (
            role is None
            and LabMembership.objects.filter(
                lab_id=challenge.lab_id, user=user, role__in=[LabRole.ADMIN, LabRole.ORGANIZER]
            ).exists()
        ):
            role = ChallengeRoleKind.ORGANIZER  # the lab's organizers run all its challenges
        cache[user.pk] = role
    return cache[user.pk]


@rules.predicate
def is_challenge_organizer(user, challenge) -> bool:
    return _role(user, challenge) == ChallengeRoleKind.ORGANIZER


@rules.predicate
def is_challenge_mentor(user, challenge) -> bool:
    return _role(user, challenge) == ChallengeRoleKind.MENTOR


@rules.predicate
def is_public_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.visibility != Visibility.DRAFT


@rules.predicate
def questions_unlocked(user, challenge) -> bool:
    return challenge is not None and challenge.questions_locked_at is None


@rules.predicate
def organizes_the_lab(user, lab) -> bool:
    return (
        lab is not None
        and user.is_authenticated
        and LabMembership.objects.filter(lab=lab, user=user, role__in=[LabRole.ADMIN, LabRole.ORGANIZER]).exists()
    )


@rules.predicate
def organizes_something(user) -> bool:
    """Administers or organizes a lab, or organizes one challenge: what the console is for."""
    return user.is_authenticated and (
        LabMembership.objects.filter(user=user, role__in=[LabRole.ADMIN, LabRole.ORGANIZER]).exists()
        or ChallengeRole.objects.filter(user=user, role=ChallengeRoleKind.ORGANIZER).exists()
    )


organizer_or_staff = is_challenge_organizer | is_staff

rules.add_perm(
    "challenges.view_challenge", is_public_challenge | is_challenge_organizer | is_challenge_mentor | is_staff
)
rules.add_perm("challenges.use_console", organizes_something | is_staff)  # no object: the header's link
rules.add_perm("challenges.add_challenge", organizes_the_lab | is_staff)  # object: the lab
rules.add_perm("challenges.change_challenge", organizer_or_staff)
rules.add_perm("challenges.publish_challenge", organizer_or_staff)
rules.add_perm("challenges.manage_questions", (is_challenge_organizer & questions_unlocked) | is_staff)
rules.add_perm("challenges.post_announcement", organizer_or_staff)
rules.add_perm("challenges.manage_roles", organizer_or_staff)
rules.add_perm("challenges.view_audit", organizer_or_staff)
rules.add_perm("challenges.message_people", organizer_or_staff)
# Anyone signed in with a verified address may answer; the service checks that the address is the invited one.
rules.add_perm("challenges.answer_role_invitation", has_verified_email)
rules.add_perm("challenges.follow", is_public_challenge & has_verified_email)
