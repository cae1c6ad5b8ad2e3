"""The groups of a call's people that judging knows, offered to organizers who write to them."""

from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.messaging.segments import segment_register
from judging.selectors.rounds import jurors_with_reviews_to_do


def register() -> None:
    segment_register(
        Challenge,
        "jurors_pending",
        label=_("Jurors with reviews still to do"),
        people=lambda challenge, params: jurors_with_reviews_to_do(challenge),
    )
