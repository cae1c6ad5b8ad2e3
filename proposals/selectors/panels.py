"""Panels that apps above add to a proposal's own page (`proposals:detail`) for the people who read its private
side: its team, the call's organizers and staff (`proposals.view_private_answers`). Judging adds the jurors'
feedback there once the organizers release it.

An app registers a function from its AppConfig.ready(), so that proposals never imports it (imports run one way).
The function receives the proposal and returns a (template, context) pair, or None when it has nothing to show;
the page asks the rule before calling any, so a contributed panel never reaches anyone else.
"""

from collections.abc import Callable

from proposals.models import Proposal

PrivatePanel = Callable[[Proposal], tuple[str, dict] | None]

_panels: list[PrivatePanel] = []


def private_panel_contribute(panel: PrivatePanel) -> None:
    """Add a panel to the private side of every proposal's page (called once per app at start-up)."""
    if panel not in _panels:
        _panels.append(panel)


def private_panels(proposal: Proposal) -> list[tuple[str, dict]]:
    """The contributed panels with something to show on `proposal`: (template, context) pairs."""
    return [shown for panel in _panels if (shown := panel(proposal)) is not None]
