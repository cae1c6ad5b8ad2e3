"""Whether a call's public pages may name its teams right now. Apps above say when they may not (judging: while a
blind round that asks for it runs, since a juror could otherwise look a proposal's title up and find its team), so
that proposals never imports them.

An app registers a check from its AppConfig.ready(): a function of the challenge returning True while the teams
must stay unnamed. The team itself, the organizers and staff (who read the proposal's private side) always see
the names.
"""

from collections.abc import Callable

from challenges.models import Challenge
from innovation_platform.core.permissions import can
from proposals.models import Proposal

TeamsHidden = Callable[[Challenge], bool]

_checks: list[TeamsHidden] = []


def teams_hidden_register(check: TeamsHidden) -> None:
    """Add a reason to leave team names out of a call's public pages (called once per app at start-up)."""
    if check not in _checks:
        _checks.append(check)


def teams_hidden(challenge: Challenge) -> bool:
    return any(check(challenge) for check in _checks)


def team_hidden_from(user, proposal: Proposal) -> bool:
    """True when `user` reads the proposal as the public does while its call's teams must stay unnamed."""
    return not can(user, "proposals.view_private_answers", proposal) and teams_hidden(proposal.challenge)
