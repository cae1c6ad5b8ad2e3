"""The terms that find similar proposals: written when a proposal's title or summary may change.

The terms are derived data, rebuilt from the texts at any time (manage.py index_proposals),
so writing them is not audited.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from proposals.models import Proposal, ProposalTerm
from proposals.similarity import weighted_terms

REBUILD_BATCH = 500


def _rows(proposal: Proposal) -> list[ProposalTerm]:
    return [
        ProposalTerm(proposal_id=proposal.pk, challenge_id=proposal.challenge_id, term=term, weight=weight)
        for term, weight in weighted_terms(proposal.title, proposal.summary).items()
    ]


@transaction.atomic
def proposal_terms_index(*, proposal: Proposal) -> None:
    """Replace the proposal's terms with those of its current title and summary (two queries)."""
    ProposalTerm.objects.filter(proposal=proposal).delete()
    ProposalTerm.objects.bulk_create(_rows(proposal))


def proposal_terms_rebuild(*, proposals: QuerySet[Proposal] | None = None, batch_size: int = REBUILD_BATCH) -> int:
    """Rebuild the terms of many proposals (all by default), in batches. Returns how many were indexed."""
    proposals = (proposals if proposals is not None else Proposal.objects.all()).only(
        "pk", "challenge_id", "title", "summary"
    )
    count = 0
    for batch in _batches(proposals.order_by("pk").iterator(chunk_size=batch_size), batch_size):
        with transaction.atomic():
            ProposalTerm.objects.filter(proposal__in=[proposal.pk for proposal in batch]).delete()
            ProposalTerm.objects.bulk_create(
                [row for proposal in batch for row in _rows(proposal)], batch_size=batch_size
            )
        count += len(batch)
    return count


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
