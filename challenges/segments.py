"""The groups of a call's people that this app knows, offered to organizers who write to them."""

from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from challenges.selectors import challenge_followers, challenge_mentors
from innovation_platform.messaging.segments import segment_register


def register() -> None:
    segment_register(
        Challenge, "followers", label=_("Followers"), people=lambda challenge, params: challenge_followers(challenge)
    )
    segment_register(
        Challenge, "mentors", label=_("Mentors"), people=lambda challenge, params: challenge_mentors(challenge)
    )
