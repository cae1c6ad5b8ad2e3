"""The public pages that show proposals (core/page_cache.py): the gallery, the proposal's page, and the challenge's
figures. A draft is on no public page, so its many saves (and its answers', files', team's) bump nothing."""

from django.db import connection

from challenges.page_versions import challenge_page_scopes
from innovation_platform.core.page_cache import DIRECTORY, challenge_scope, pages_follow
from proposals.models import (
    Answer,
    Attachment,
    GalleryImage,
    Proposal,
    ProposalMember,
    ProposalStatus,
    Support,
    TaggedProposal,
)


def register() -> None:
    pages_follow(Proposal, _proposal_scopes)
    pages_follow(Support, lambda support: [challenge_scope(support.challenge_id)])
    for model in (Answer, Attachment, GalleryImage, ProposalMember):
        pages_follow(model, lambda row: _public_proposal_scopes(row.proposal_id))
    pages_follow(TaggedProposal, lambda tagged: _public_proposal_scopes(tagged.content_object_id))


def _proposal_scopes(proposal: Proposal) -> list[str] | None:
    if proposal.status == ProposalStatus.DRAFT:
        return None
    return [challenge_scope(proposal.challenge_id)]


def _public_proposal_scopes(proposal_id: int) -> list[str] | None:
    found = _challenge_and_status(proposal_id)
    if found is None or found[1] == ProposalStatus.DRAFT:
        return None  # a draft's part, or a part deleted with its proposal (which bumped the versions itself)
    return [challenge_scope(found[0])]


def _challenge_and_status(proposal_id: int) -> tuple[int, str] | None:
    """In SQL, as core.page_cache.row_id: it runs on every cached answer and on each save of a draft's parts."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT challenge_id, status FROM {Proposal._meta.db_table} WHERE id = %s", [proposal_id])
        return cursor.fetchone()


def proposal_page_scopes(pk: int) -> list[str] | None:
    found = _challenge_and_status(pk)
    return None if found is None else [challenge_scope(found[0]), DIRECTORY]


def gallery_scopes(slug: str) -> list[str] | None:
    return challenge_page_scopes(slug)
