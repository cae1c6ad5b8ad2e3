"""The public pages of a challenge (core/page_cache.py): its page, and with it the lists that show the call."""

from challenges.models import Announcement, Challenge, FAQItem, Phase, Question, Quota, Session, TaggedChallenge
from innovation_platform.core.page_cache import DIRECTORY, challenge_scope, pages_follow, row_id


def register() -> None:
    pages_follow(Challenge, lambda challenge: [challenge_scope(challenge.pk)])
    pages_follow(TaggedChallenge, lambda tagged: [challenge_scope(tagged.content_object_id)])
    for model in (Announcement, FAQItem, Phase, Question, Quota, Session):
        pages_follow(model, lambda row: [challenge_scope(row.challenge_id)])


def challenge_page_scopes(slug: str) -> list[str] | None:
    """What a page about the challenge `slug` shows: the call, and the names of labs and people."""
    challenge_id = row_id(Challenge, slug=slug)
    return None if challenge_id is None else [challenge_scope(challenge_id), DIRECTORY]
