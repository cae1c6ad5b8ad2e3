"""What the challenges app tells the apps above, which connect at start-up (it never imports them)."""

from django.dispatch import Signal

# An organizer saved a session of the schedule (`session`), inside the saving transaction: registration gives the
# places that opened, when the capacity grew, to the first on the waitlist.
session_saved = Signal()

# An organizer is about to move an open call's deadline earlier (`challenge`): each app above answers with what that
# would cut short, in words for the organizers (or None), so the confirmation says who is affected.
deadline_moving_earlier = Signal()
