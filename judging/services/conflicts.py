"""Conflicts of interest of a round's jury, as stored for the organizers and the assignment.

Automatic conflicts are recomputed in bulk by the rules in `judging.selectors.conflicts`; declared ones (a juror
recusing) are written by the assignment and never touched here.
"""

from django.db import transaction

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from judging.models import Conflict, Round
from judging.selectors.conflicts import AUTOMATIC, conflicts_automatic


@transaction.atomic
def conflicts_refresh(round_: Round, *, actor: User | None = None) -> set[tuple[int, int]]:
    """Bring the round's automatic conflicts up to date and return every conflicted (juror id, proposal id) pair,
    declared ones included, for the assignment.

    Idempotent: a second call changes nothing. A conflict that no longer holds (someone left a team, the round
    stopped treating the same lab as a conflict) is removed; a declared conflict is never replaced.
    """
    wanted = conflicts_automatic(round_)
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
