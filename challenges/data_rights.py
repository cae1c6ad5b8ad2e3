"""The calls' part of a person's data (followed calls, roles in calls, role invitations) and its erasure."""

from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeRole, ChallengeRoleInvitation, Follow
from innovation_platform.accounts.data_rights import archive_part_register, erasure_register, when
from innovation_platform.accounts.models import User


def calls(user: User) -> dict:
    return {
        "followed": [
            {"call": follow.challenge.title, "since": when(follow.created_at)}
            for follow in Follow.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
        "roles": [
            {"call": role.challenge.title, "role": role.role, "since": when(role.created_at)}
            for role in ChallengeRole.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
    }


def erase(user: User) -> None:
    Follow.objects.filter(user=user).delete()
    ChallengeRole.objects.filter(user=user).delete()
    # Invitations addressed to the person go; those they sent stay in the call's history, under the pseudonym.
    ChallengeRoleInvitation.objects.filter(email__iexact=user.email).delete()


def register() -> None:
    archive_part_register("calls", _("Calls"), calls)
    erasure_register("calls", erase)
