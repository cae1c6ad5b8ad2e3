import rules

from challenges.models import SupportCounts, Visibility
from challenges.rules import is_challenge_organizer, organizer_or_staff
from innovation_platform.core.permissions import Contributions, has_verified_email, is_authenticated, is_staff
from proposals.models import IN_THE_CALL, MemberRole, ProposalStatus
from proposals.selectors.supports import supports_closed


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
        and proposal.hidden_at is None
    )


# Who else reads a whole proposal, as the apps above decide (judging: the jurors reviewing it openly).
other_readers = Contributions("other_readers")


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal is not None and proposal.status in (ProposalStatus.DRAFT, *IN_THE_CALL)


@rules.predicate
def is_open_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.visibility == Visibility.PUBLISHED and not challenge.is_event


rules.add_perm("proposals.start_proposal", has_verified_email & is_open_challenge)  # object: the challenge
rules.add_perm(
    "proposals.view_proposal",
    is_public_proposal | is_team_member | other_readers.predicate | organizes_its_challenge | is_staff,
)
rules.add_perm("proposals.change_proposal", is_team_member & is_editable & has_verified_email)
rules.add_perm("proposals.submit_proposal", is_team_lead & has_verified_email)
rules.add_perm("proposals.withdraw_proposal", is_team_lead)
rules.add_perm("proposals.view_private_answers", is_team_member | organizes_its_challenge | is_staff)
rules.add_perm("proposals.view_versions", organizes_its_challenge | is_staff)
rules.add_perm("proposals.view_receipt", is_team_member)


@rules.predicate
def is_selected(user, proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.SELECTED


@rules.predicate
def accepts_supports(user, proposal) -> bool:
    return proposal is not None and proposal.challenge.supports_enabled


@rules.predicate
def publishes_supports_ranking(user, challenge) -> bool:
    return challenge is not None and challenge.supports_enabled and challenge.supports_ranking_public


@rules.predicate
def shows_support_counts(user, challenge) -> bool:
    """Counts are public as they come in, or in "after" mode once supporting has closed."""
    return (
        challenge is not None
        and challenge.supports_enabled
        and (challenge.supports_counts == SupportCounts.LIVE or supports_closed(challenge))
    )


# Teams. Objects: the proposal; the challenge for looking for a team.
rules.add_perm("proposals.view_team", is_team_member | organizes_its_challenge | is_staff)
rules.add_perm("proposals.manage_team", is_team_lead & has_verified_email)  # invite, revoke, remove, hand over
rules.add_perm("proposals.leave_team", is_team_member & ~is_team_lead)  # the lead hands over first
rules.add_perm("proposals.answer_invitation", has_verified_email)  # the service checks the addressee
rules.add_perm("proposals.look_for_team", has_verified_email & is_open_challenge)
rules.add_perm("proposals.view_team_seekers", is_authenticated)


@rules.predicate
def asked_to_join(user, join_request) -> bool:
    return join_request is not None and user.is_authenticated and join_request.user_id == user.pk


# Join requests. Objects: the proposal; the request itself for withdrawing it. The lead answers
# them with proposals.manage_team; the service checks the team's limits and the timeline.
rules.add_perm("proposals.request_to_join", has_verified_email & is_public_proposal & ~is_team_member)
rules.add_perm("proposals.withdraw_join_request", asked_to_join)

# Collaborator call. Objects: the proposal; the challenge for matching and promotion.
rules.add_perm("proposals.manage_roles", is_selected & (is_team_lead | organizes_its_challenge | is_staff))
rules.add_perm("proposals.apply_to_role", has_verified_email & is_selected & ~is_team_member)
rules.add_perm("proposals.decide_applications", is_team_lead | organizes_its_challenge | is_staff)
rules.add_perm("proposals.view_applications", is_team_member | organizes_its_challenge | is_staff)
rules.add_perm("proposals.match_collaborators", organizer_or_staff)
rules.add_perm("proposals.promote_waitlist", organizer_or_staff)
# A selected team's drop-out, recorded by the organizers (object: the proposal).
rules.add_perm("proposals.record_drop_out", organizes_its_challenge | is_staff)

# Supports. Objects: the proposal; the challenge for its ranking.
rules.add_perm(
    "proposals.support_proposal", has_verified_email & is_public_proposal & accepts_supports & ~is_team_member
)
rules.add_perm("proposals.view_support_counts", organizer_or_staff | shows_support_counts)
rules.add_perm(
    "proposals.view_supports_ranking", organizer_or_staff | (publishes_supports_ranking & shows_support_counts)
)

# Moderation. Objects: the reported content's challenge.
rules.add_perm("proposals.report_content", is_authenticated)
rules.add_perm("proposals.moderate", organizer_or_staff)

# The organizers' workbench: the call's list of proposals (object: the challenge), screening and the
# organizer's view of one proposal (object: the proposal).
rules.add_perm("proposals.view_call_proposals", organizer_or_staff)


@rules.predicate
def shows_proposals_publicly(user, challenge) -> bool:
    return challenge.proposals_public and challenge.visibility != Visibility.DRAFT


# The charts of a call's proposals (per day, region, country, category; object: the challenge): a call that keeps
# its proposals private shows them to its organizers only.
rules.add_perm("proposals.view_call_charts", shows_proposals_publicly | organizer_or_staff)
rules.add_perm("proposals.view_as_organizer", organizes_its_challenge | is_staff)
rules.add_perm("proposals.screen_proposal", organizes_its_challenge | is_staff)
# The call's other exports: applications to its roles, supports per proposal, eligibility decisions (object: the
# challenge). Citizens' names stay out of them but for the applicants, whom organizers see on their pages too.
rules.add_perm("proposals.export_call", organizer_or_staff)
rules.add_perm("proposals.appeal_eligibility", is_team_lead)  # the service checks the window
