"""Demo proposals, built in this order: the LABIC call's crowd and the team lead's own (`crowd`), the call's
first screening (`screening`), team formation and supports in that open call (`teams`, `supports`), an appeal and
reports for its organizers (`moderation`), the finished hackathon's proposals (`hackathon`) and those of the call
judged now (`evaluation`); the hackathon's collaborator call (`collaborators`) runs later, once its jury has
selected. Each part draws from its own seeded sequence, so every load writes the same objects, and each is written
once.
"""

from django.db import transaction
from django.utils import timezone

from challenges.demo import LABIC_SLUG
from challenges.models import Challenge
from innovation_platform.accounts.models import User
from proposals.demo.crowd import seed_crowd_proposals
from proposals.demo.evaluation import seed_evaluation_proposals
from proposals.demo.hackathon import seed_finished_hackathon
from proposals.demo.moderation import seed_organizers_attention
from proposals.demo.screening import seed_screening
from proposals.demo.teams import seed_open_call_teams
from proposals.services.similar import proposal_terms_rebuild


@transaction.atomic
def seed_proposals(accounts: dict[str, User], *, now=None) -> int:
    """The demo's proposals, from the LABIC challenge on. Returns how many were new (0 when already loaded)."""
    challenge = Challenge.objects.filter(slug=LABIC_SLUG).first()
    if challenge is None:
        return 0
    now = now or timezone.now()
    created = seed_crowd_proposals(challenge, accounts, now=now)
    seed_screening(challenge, accounts.get("organizer"))
    seed_open_call_teams(challenge, accounts, now=now)
    seed_organizers_attention(challenge, now=now)
    created += seed_finished_hackathon(now=now)
    created += seed_evaluation_proposals()
    if created:
        proposal_terms_rebuild()  # written in bulk above, so the similar proposals are indexed here
    return created
