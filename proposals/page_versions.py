"""The public pages that show proposals (core/page_cache.py): the gallery, the proposal's page, and the challenge's
figures. A draft is on no public page, so its many saves (and its answers', files', team's) bump nothing.

The organizers' list of a call's proposals keeps its counts and pages under the call's scope too, with
`call_list_scope` for what only it shows: how many drafts the call holds, which moves when one is started or
deleted (its submission bumps the call's scope)."""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from challenges.page_versions import challenge_page_scopes
from innovation_platform.core.page_cache import DIRECTORY, challenge_scope, pages_follow, versions_changed
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
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid="page_versions:call_list")
    post_delete.connect(_proposal_deleted, sender=Proposal, dispatch_uid="page_versions:call_list")


def call_list_scope(challenge_id: int) -> str:
    return f"call-list:{challenge_id}"


def call_list_scopes(challenge_id: int) -> list[str]:
    """What the organizers' list of the call shows beyond its rows: its proposals (the call's scope), how many are
    drafts, and people's names (the lead's, sorted by)."""
    return [challenge_scope(challenge_id), call_list_scope(challenge_id), DIRECTORY]


def _proposal_saved(sender, instance: Proposal, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        versions_changed(call_list_scope(instance.challenge_id))


def _proposal_deleted(sender, instance: Proposal, **kwargs) -> None:
    versions_changed(call_list_scope(instance.challenge_id))


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
