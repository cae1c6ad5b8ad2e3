"""Panels that apps above add to a proposal's pages, so that proposals never imports them (imports run one way):
on its own page for the people who read its private side (`TEAM`: its team, the call's organizers and staff, by
`proposals.view_private_answers`; judging adds the jurors' released feedback), and on the organizer's view of it
(`ORGANIZERS`; judging adds every review).

An app registers a function from its AppConfig.ready(). The function receives the proposal and returns a
(template, context) pair, or None when it has nothing to show; each page asks its rule before calling any, so a
contributed panel never reaches anyone else.
"""

from collections.abc import Callable

from proposals.models import Proposal

Panel = Callable[[Proposal], tuple[str, dict] | None]
TEAM, ORGANIZERS = "team", "organizers"

_panels: dict[str, list[Panel]] = {TEAM: [], ORGANIZERS: []}


def panel_contribute(panel: Panel, *, page: str) -> None:
    """Add a panel to one of the proposal's pages, TEAM or ORGANIZERS (called once per app at start-up)."""
    if panel not in _panels[page]:
        _panels[page].append(panel)


def proposal_panels(proposal: Proposal, *, page: str) -> list[tuple[str, dict]]:
    """The panels of `page` with something to show on `proposal`: (template, context) pairs."""
    return [shown for panel in _panels[page] if (shown := panel(proposal)) is not None]
