"""The terms of a proposal, written when its texts or team may change: weighted terms of its title and
summary that find similar proposals, and the words of its title, summary and team members' names that
the organizers' search looks up.

Both are derived data, rebuilt from the texts at any time (manage.py index_proposals), so writing
them is not audited.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from innovation_platform.core.search import search_terms
from proposals.models import Proposal, ProposalMember, ProposalSearchTerm, ProposalTerm
from proposals.similarity import weighted_terms

REBUILD_BATCH = 500


def _rows(proposal: Proposal) -> list[ProposalTerm]:
    return [
        ProposalTerm(proposal_id=proposal.pk, challenge_id=proposal.challenge_id, term=term, weight=weight)
        for term, weight in weighted_terms(proposal.title, proposal.summary).items()
    ]


def _search_rows(proposal: Proposal, names: list[str]) -> list[ProposalSearchTerm]:
    return [
        ProposalSearchTerm(proposal_id=proposal.pk, challenge_id=proposal.challenge_id, term=term)
        for term in search_terms(proposal.title, proposal.summary, *names)
    ]


def _team_names(proposal_ids: list[int]) -> dict[int, list[str]]:
    names = {}
    for proposal_id, name in ProposalMember.objects.filter(proposal__in=proposal_ids).values_list(
        "proposal_id", "user__full_name"
    ):
        names.setdefault(proposal_id, []).append(name)
    return names


@transaction.atomic
def proposal_terms_index(*, proposal: Proposal) -> None:
    """Replace the proposal's terms with those of its current texts and team (five queries)."""
    ProposalTerm.objects.filter(proposal=proposal).delete()
    ProposalTerm.objects.bulk_create(_rows(proposal))
    ProposalSearchTerm.objects.filter(proposal=proposal).delete()
    ProposalSearchTerm.objects.bulk_create(_search_rows(proposal, _team_names([proposal.pk]).get(proposal.pk, [])))


def proposal_terms_rebuild(*, proposals: QuerySet[Proposal] | None = None, batch_size: int = REBUILD_BATCH) -> int:
    """Rebuild the terms of many proposals (all by default), in batches. Returns how many were indexed."""
    proposals = (proposals if proposals is not None else Proposal.objects.all()).only(
        "pk", "challenge_id", "title", "summary"
    )
    count = 0
    for batch in _batches(proposals.order_by("pk").iterator(chunk_size=batch_size), batch_size):
        ids = [proposal.pk for proposal in batch]
        names = _team_names(ids)
        with transaction.atomic():
            ProposalTerm.objects.filter(proposal__in=ids).delete()
            ProposalTerm.objects.bulk_create(
                [row for proposal in batch for row in _rows(proposal)], batch_size=batch_size
            )
            ProposalSearchTerm.objects.filter(proposal__in=ids).delete()
            ProposalSearchTerm.objects.bulk_create(
                [row for proposal in batch for row in _search_rows(proposal, names.get(proposal.pk, []))],
                batch_size=batch_size,
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
