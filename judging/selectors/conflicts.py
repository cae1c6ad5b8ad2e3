"""Who may not review what: the rules of the conflicts of interest, read from the data as it stands.

Automatic conflicts follow from teams and labs; declared ones are the rows a juror's recusal wrote. The
organizers' stored list is brought up to date by `judging.services.conflicts.conflicts_refresh`, which
computes its rows here too, so the rules live in one place.
"""

from collections.abc import Collection

from innovation_platform.labs.models import LabMembership
from judging.models import Conflict, ConflictKind, Juror, JurorStatus, Round
from judging.selectors.rounds import proposals_in_scope
from proposals.models import ProposalMember, RoleApplication

AUTOMATIC = (ConflictKind.TEAM, ConflictKind.SAME_LAB)


def conflicts_automatic(
    round_: Round, *, proposal_ids: Collection[int] | None = None, juror_ids: Collection[int] | None = None
) -> dict[tuple[int, int], str]:
    """(juror id, proposal id) → kind, for the round's active jurors and the proposals in its scope, narrowed to
    `proposal_ids` and `juror_ids` when given. A fixed number of queries, whatever the size of the jury or the
    call."""
    seats = Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE, user__isnull=False)
    if juror_ids is not None:
        seats = seats.filter(pk__in=juror_ids)
    seats = dict(seats.values_list("user_id", "pk"))
    if not seats:
        return {}
    scope = proposals_in_scope(round_)
    if proposal_ids is not None:
        scope = scope.filter(pk__in=proposal_ids)
    scope = scope.values("pk")
    found: dict[tuple[int, int], str] = {}
    if round_.same_lab_is_conflict:
        labs_of: dict[int, set[int]] = {}
        for user_id, lab_id in LabMembership.objects.filter(user_id__in=seats).values_list("user_id", "lab_id"):
            labs_of.setdefault(user_id, set()).add(lab_id)
        all_labs = set().union(*labs_of.values())
        shared = ProposalMember.objects.filter(
            proposal__in=scope, user__lab_memberships__lab_id__in=all_labs
        ).values_list("proposal_id", "user__lab_memberships__lab_id")
        proposals_of_lab: dict[int, set[int]] = {}
        for proposal_id, lab_id in shared:
            proposals_of_lab.setdefault(lab_id, set()).add(proposal_id)
        for user_id, labs in labs_of.items():
            for lab_id in labs:
                for proposal_id in proposals_of_lab.get(lab_id, ()):
                    found[seats[user_id], proposal_id] = ConflictKind.SAME_LAB
    members = ProposalMember.objects.filter(proposal__in=scope, user_id__in=seats).values_list("user_id", "proposal_id")
    applicants = RoleApplication.objects.filter(slot__proposal__in=scope, applicant_id__in=seats).values_list(
        "applicant_id", "slot__proposal_id"
    )
    for user_id, proposal_id in [*members, *applicants]:
        found[seats[user_id], proposal_id] = ConflictKind.TEAM  # the stronger reason wins over the same lab
    return found


def conflicted_pairs(
    round_: Round, *, proposal_ids: Collection[int] | None = None, juror_ids: Collection[int] | None = None
) -> set[tuple[int, int]]:
    """The conflicted (juror id, proposal id) pairs of the round, declared and automatic, narrowed to
    `proposal_ids` and `juror_ids` when given. Reads only: testing one pair never rewrites the round's list."""
    declared = Conflict.objects.filter(juror__round=round_).exclude(kind__in=AUTOMATIC)
    if proposal_ids is not None:
        declared = declared.filter(proposal_id__in=proposal_ids)
    if juror_ids is not None:
        declared = declared.filter(juror_id__in=juror_ids)
    automatic = conflicts_automatic(round_, proposal_ids=proposal_ids, juror_ids=juror_ids)
    return set(declared.values_list("juror_id", "proposal_id")) | set(automatic)
