import rules

from challenges.models import Visibility
from challenges.rules import is_challenge_organizer
from innovation_platform.core.permissions import has_verified_email, is_staff
from proposals.models import IN_THE_CALL, MemberRole, ProposalStatus


def _member_role(user, proposal) -> str | None:
    if proposal is None or not user.is_authenticated:
        return None
    cache = proposal.__dict__.setdefault("_member_cache", {})
    if user.pk not in cache:
        cache[user.pk] = proposal.members.filter(user=user).values_list("role", flat=True).first()
    return cache[user.pk]


@rules.predicate
def is_team_member(user, proposal) -> bool:
    return _member_role(user, proposal) is not None


@rules.predicate
def is_team_lead(user, proposal) -> bool:
    return _member_role(user, proposal) == MemberRole.LEAD


@rules.predicate
def organizes_its_challenge(user, proposal) -> bool:
    return proposal is not None and is_challenge_organizer(user, proposal.challenge)


@rules.predicate
def is_public_proposal(user, proposal) -> bool:
    return (
        proposal is not None
        and proposal.status in IN_THE_CALL
        and proposal.challenge.proposals_public
        and proposal.challenge.visibility != Visibility.DRAFT
    )


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal is not None and proposal.status in (ProposalStatus.DRAFT, *IN_THE_CALL)


@rules.predicate
def is_open_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.visibility == Visibility.PUBLISHED


rules.add_perm("proposals.start_proposal", has_verified_email & is_open_challenge)  # object: the challenge
rules.add_perm("proposals.view_proposal", is_public_proposal | is_team_member | organizes_its_challenge | is_staff)
rules.add_perm("proposals.change_proposal", is_team_member & is_editable & has_verified_email)
rules.add_perm("proposals.submit_proposal", is_team_lead & has_verified_email)
rules.add_perm("proposals.withdraw_proposal", is_team_lead)
rules.add_perm("proposals.view_private_answers", is_team_member | organizes_its_challenge | is_staff)
rules.add_perm("proposals.view_versions", organizes_its_challenge | is_staff)
rules.add_perm("proposals.view_receipt", is_team_member)
