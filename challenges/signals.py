"""What the challenges app tells the apps above, which connect at start-up (it never imports them)."""

from django.dispatch import Signal

# An organizer saved a session of the schedule (`session`), inside the saving transaction: registration gives the
# places that opened, when the capacity grew, to the first on the waitlist.
session_saved = Signal()
