"""The audiences of live updates, chosen so nothing private reaches the wrong socket.

Channels group names allow ASCII letters, digits, hyphens, underscores and periods.
"""


def challenge(challenge_id: int) -> str:
    """Everyone watching a challenge's public pages: announcements, phases, counters, results."""
    return f"challenge.{challenge_id}"


def challenge_organizers(challenge_id: int) -> str:
    """The challenge's organizers: moderation reports, applications across projects."""
    return f"challenge.{challenge_id}.organizers"


def round_console(round_id: int) -> str:
    """The organizers' judging console of one round: progress, recusals, expo votes."""
    return f"round.{round_id}.console"


def user(user_id: int) -> str:
    """One person: their notifications."""
    return f"user.{user_id}"
