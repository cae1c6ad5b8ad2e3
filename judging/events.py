"""The live events of judging: a round's results for everyone watching the challenge, and the organizers'
judging console of a round.

One function per event type, the single place that knows its payload's shape (docs/live.md lists them;
tests/live/test_event_schemas.py pins them). Services call them inside their transaction, after the state change;
`publish` sends after the commit. Events sent many times a second (judging progress, expo votes) carry a snapshot
rather than a delta, so coalescing them loses nothing.
"""

from django.db.models import Count

from innovation_platform.live import groups
from innovation_platform.live.services import publish, publish_coalesced
from judging.models import Assignment, AssignmentStatus, PairwiseVote


def results_published(round_, selected: list) -> None:
    """`selected`: the round's confirmed selection, as proposals in rank order."""
    publish(
        groups.challenge(round_.challenge_id),
        "results.published",
        {
            "round_id": round_.pk,
            "round": round_.name,
            "selected": [
                {"reference": proposal.reference, "title": proposal.title, "url": proposal.get_absolute_url()}
                for proposal in selected
            ],
        },
    )


def judging_progress(round_) -> None:
    """Reviews per status for the round, per juror and per proposal (one query over the round's assignments)."""
    rows = Assignment.objects.filter(round=round_).values_list("juror_id", "proposal_id", "status")
    totals = dict.fromkeys(AssignmentStatus.values, 0)
    jurors, proposals = {}, {}
    for juror_id, proposal_id, status in rows:
        totals[status] += 1
        for counts in (jurors.setdefault(juror_id, [0, 0]), proposals.setdefault(proposal_id, [0, 0])):
            counts[0] += status == AssignmentStatus.SUBMITTED
            counts[1] += status != AssignmentStatus.RECUSED
    publish_coalesced(
        groups.round_console(round_.pk),
        "judging.progress",
        {
            "round_id": round_.pk,
            "submitted": totals[AssignmentStatus.SUBMITTED],
            "assigned": totals[AssignmentStatus.ASSIGNED],
            "recused": totals[AssignmentStatus.RECUSED],
            # [id, submitted, to review in all (recusals left out)]
            "jurors": [[pk, *counts] for pk, counts in sorted(jurors.items())],
            "proposals": [[pk, *counts] for pk, counts in sorted(proposals.items())],
        },
    )


def expo_vote(round_) -> None:
    """The round's counted votes; the board itself is reloaded by the console (it costs four queries)."""
    counted = PairwiseVote.objects.filter(round=round_, undone_at__isnull=True).aggregate(
        votes=Count("pk"), jurors=Count("juror", distinct=True)
    )
    publish_coalesced(
        groups.round_console(round_.pk),
        "expo.vote",
        {"round_id": round_.pk, "votes": counted["votes"], "jurors": counted["jurors"]},
    )
