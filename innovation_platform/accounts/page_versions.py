"""The public pages that show people (core/page_cache.py): the innovators directory, and names on teams and labs."""

from innovation_platform.accounts.models import Profile, TaggedInterest, TaggedSkill, User
from innovation_platform.core.page_cache import DIRECTORY, pages_follow

# Saved on every sign-in or in the account's settings, shown on no public page.
UNSEEN_USER_FIELDS = frozenset({"last_login", "password", "language", "timezone"})


def register() -> None:
    pages_follow(User, lambda user: [DIRECTORY], unseen_fields=UNSEEN_USER_FIELDS)
    pages_follow(Profile, lambda profile: [DIRECTORY])
    pages_follow(TaggedSkill, lambda tagged: [DIRECTORY])
    pages_follow(TaggedInterest, lambda tagged: [DIRECTORY])
