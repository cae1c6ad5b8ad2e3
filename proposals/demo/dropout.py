"""The finished hackathon's drop-out: three days into its call for collaborators, one selected team told the
organizers it could not take part in the event; they recorded why, and the first on the waitlist took its place.
Replayed once through the same service, after the jury selected and before the collaborator call completed the
teams (`collaborators`), so the promoted team opens its roles like the others."""

from datetime import timedelta

from django.db import transaction

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.demo import happening_at, without_after_commit_work
from proposals.demo.hackathon import FINISHED_SLUG, WINNER, collaborator_call
from proposals.models import Proposal, ProposalStatus
from proposals.services.waitlist import proposal_drop_out

DROPOUT_REASON = (
    "Dos integrantes del equipo consiguieron trabajo fuera de Arequipa y ya no pueden asistir a la hackatón. "
    "La líder nos escribió para liberar el cupo y que lo aproveche otro equipo."
)


@transaction.atomic
def seed_finished_dropout(accounts: dict[str, User]) -> int:
    """The drop-out, once the jury has selected and while the waitlist waits. Returns 1 when recorded now."""
    challenge = Challenge.objects.filter(slug=FINISHED_SLUG).prefetch_related("phases").first()
    organizer = accounts.get("organizer")
    if challenge is None or organizer is None or challenge.proposals.filter(status=ProposalStatus.DROPPED_OUT).exists():
        return 0
    # The last-numbered selected team (never the winner the announcements name) is the one that leaves.
    leaving = (
        challenge.proposals.filter(status=ProposalStatus.SELECTED).exclude(title=WINNER).order_by("-number").first()
    )
    if leaving is None or not challenge.proposals.filter(status=ProposalStatus.WAITLISTED).exists():
        return 0
    phases = {phase.kind: phase for phase in challenge.phases.all()}
    moment = collaborator_call(challenge, phases).starts_at + timedelta(days=3)
    with without_after_commit_work(), happening_at(moment):
        promoted = proposal_drop_out(
            proposal=leaving, actor=organizer, reason=DROPOUT_REASON, promote_next=True, now=moment
        )
    Proposal.objects.filter(pk__in=[leaving.pk, promoted.pk]).update(updated_at=moment)
    return 1
