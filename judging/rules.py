import rules

from challenges.rules import organizer_or_staff
from innovation_platform.core.permissions import has_verified_email, is_staff
from judging.models import Assignment, AssignmentStatus, JurorStatus
from proposals.rules import other_readers


def active_seat(user, round_):
    """The user's active juror seat in the round, if any (cached on the round for the request)."""
    if round_ is None or not user.is_authenticated:
        return None
    cache = round_.__dict__.setdefault("_seat_cache", {})
    if user.pk not in cache:
        cache[user.pk] = round_.jurors.filter(user=user, status=JurorStatus.ACTIVE).first()
    return cache[user.pk]


@rules.predicate
def organizes_the_rounds_challenge(user, round_) -> bool:
    return round_ is not None and organizer_or_staff(user, round_.challenge)


@rules.predicate
def is_juror_of_round(user, round_) -> bool:
    return active_seat(user, round_) is not None


@rules.predicate
def results_are_published(user, round_) -> bool:
    return round_ is not None and round_.results_published_at is not None


@rules.predicate
def jurors_see_scores(user, round_) -> bool:
    return round_ is not None and round_.jurors_see_scores


@rules.predicate
def is_the_assigned_juror(user, assignment) -> bool:
    return (
        assignment is not None
        and user.is_authenticated
        and assignment.juror.user_id == user.pk
        and assignment.juror.status == JurorStatus.ACTIVE
    )


@rules.predicate
def is_open_assignment(user, assignment) -> bool:
    return assignment is not None and assignment.status != AssignmentStatus.RECUSED


@rules.predicate
def has_submitted_it(user, assignment) -> bool:
    return assignment is not None and assignment.status == AssignmentStatus.SUBMITTED


@rules.predicate
def its_round_shares_scores(user, assignment) -> bool:
    return assignment is not None and assignment.round.jurors_see_scores


@rules.predicate
def organizes_the_assignments_challenge(user, assignment) -> bool:
    return assignment is not None and organizer_or_staff(user, assignment.round.challenge)


@rules.predicate
def reviews_it_openly(user, proposal) -> bool:
    """A juror assigned to it in a round that is not blind sees the whole proposal, documents included."""
    return (
        proposal is not None
        and user.is_authenticated
        and Assignment.objects.filter(
            proposal=proposal, juror__user=user, juror__status=JurorStatus.ACTIVE, round__is_blind=False
        )
        .exclude(status=AssignmentStatus.RECUSED)
        .exists()
    )


# proposals.view_proposal, widened from here: the proposals app knows nothing of judging.
other_readers.add(reviews_it_openly)

# Rounds, criteria, jury, assignment, selection, export. Object: the round (the challenge to create one).
rules.add_perm("judging.add_round", organizer_or_staff)
rules.add_perm("judging.manage_round", organizes_the_rounds_challenge)
rules.add_perm("judging.unlock_criteria", is_staff)  # an override of the lock, audited with its reason
rules.add_perm("judging.view_progress", organizes_the_rounds_challenge)
rules.add_perm("judging.export_round", organizes_the_rounds_challenge)
rules.add_perm(
    "judging.view_results",
    organizes_the_rounds_challenge | results_are_published | (is_juror_of_round & jurors_see_scores),
)
rules.add_perm("judging.answer_jury_invitation", has_verified_email)  # the service checks the addressee

# A juror's work. Object: the assignment (the round for the expo).
rules.add_perm("judging.vote_pairwise", is_juror_of_round)
rules.add_perm("judging.view_assignment", is_the_assigned_juror | organizes_the_assignments_challenge)
rules.add_perm("judging.score", is_the_assigned_juror & is_open_assignment)
rules.add_perm("judging.recuse", is_the_assigned_juror & is_open_assignment)
rules.add_perm(
    "judging.view_others_scores",
    organizes_the_assignments_challenge | (is_the_assigned_juror & has_submitted_it & its_round_shares_scores),
)
