"""Conflicts of interest of a round's jury.

Automatic conflicts follow from the data and are recomputed in bulk (a fixed number of queries, whatever the
size of the jury or the call); declared ones (a juror recusing) are written by the scoring and never touched here.
"""

from django.db import transaction

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.labs.models import LabMembership
from judging.models import Conflict, ConflictKind, Juror, JurorStatus, Round
from judging.selectors.rounds import proposals_in_scope
from proposals.models import ProposalMember, RoleApplication

AUTOMATIC = (ConflictKind.TEAM, ConflictKind.SAME_LAB)


def _automatic_conflicts(round_: Round) -> dict[tuple[int, int], str]:
    """(juror id, proposal id) → kind, for the round's active jurors and the proposals in its scope."""
    seats = dict(
        Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE, user__isnull=False).values_list("user_id", "pk")
    )
    if not seats:
        return {}
    scope = proposals_in_scope(round_).values("pk")
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


@transaction.atomic
def conflicts_refresh(round_: Round, *, actor: User | None = None) -> set[tuple[int, int]]:
    """Bring the round's automatic conflicts up to date and return every conflicted (juror id, proposal id) pair,
    declared ones included, for the assignment.

    Idempotent: a second call changes nothing. A conflict that no longer holds (someone left a team, the round
    stopped treating the same lab as a conflict) is removed; a declared conflict is never replaced.
    """
    wanted = _automatic_conflicts(round_)
    existing = {
        (juror_id, proposal_id): (pk, kind)
        for pk, juror_id, proposal_id, kind in Conflict.objects.filter(juror__round=round_).values_list(
            "pk", "juror_id", "proposal_id", "kind"
        )
    }
    stale = [pk for pair, (pk, kind) in existing.items() if kind in AUTOMATIC and wanted.get(pair) != kind]
    declared = {pair for pair, (_pk, kind) in existing.items() if kind not in AUTOMATIC}
    kept = {pair for pair, (_pk, kind) in existing.items() if kind in AUTOMATIC and wanted.get(pair) == kind}
    new = [
        Conflict(juror_id=juror_id, proposal_id=proposal_id, kind=kind)
        for (juror_id, proposal_id), kind in wanted.items()
        if (juror_id, proposal_id) not in kept and (juror_id, proposal_id) not in declared
    ]
    if stale:
        Conflict.objects.filter(pk__in=stale).delete()
    if new:
        Conflict.objects.bulk_create(new)
    if stale or new:
        audit_log(round_, "round.conflicts_refreshed", actor=actor, added=len(new), removed=len(stale))
    return declared | set(wanted)
