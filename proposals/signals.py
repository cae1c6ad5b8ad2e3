"""What the proposals app tells the apps above, which connect to these signals at start-up (it never imports them:
imports run one way). Both are sent inside the changing transaction, so what listens follows the proposal exactly;
projects opens a project for each selected proposal and marks it when its team drops out."""

from django.dispatch import Signal

# Proposals became selected (judging's confirmation, the waitlist's promotion): `proposal_ids`, never empty.
proposals_selected = Signal()
# The organizers recorded a selected team's drop-out: `proposal_id`, `actor`, `reason`, `when`.
proposal_dropped_out = Signal()
