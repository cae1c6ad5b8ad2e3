"""Demo proposals of the call judged now (Reto Mercados Saludables Lima): sixteen proposals submitted while it was
open, from Lima and other regions, which its jury (`judging.demo_now`) reviews today. Written once."""

import random
from datetime import timedelta

from django.db.models import F

from challenges.demo import EVALUATION_SLUG
from challenges.models import Challenge, PhaseKind
from challenges.services import questions_lock
from innovation_platform.core.regions import PeruRegion
from proposals.demo.common import SEED, demo_innovators, write_related
from proposals.demo.crowd import TOPICS, proposal_spec
from proposals.models import Proposal, ProposalStatus
from proposals.services.similar import proposal_terms_rebuild
from proposals.services.submission import TEXT_FIELDS

EVALUATION_PROPOSALS = 16
REGIONS = [PeruRegion.LIMA_METROPOLITANA] * 3 + [PeruRegion.CALLAO, PeruRegion.JUNIN, PeruRegion.ICA]


def seed_evaluation_proposals() -> int:
    """The call's submitted proposals, each with a lead and one co-author from the demo innovators. Returns how
    many were new."""
    challenge = Challenge.objects.filter(slug=EVALUATION_SLUG).first()
    if challenge is None or challenge.proposals.exists():
        return 0
    innovators = list(demo_innovators().select_related("profile"))
    if len(innovators) < 2 * EVALUATION_PROPOSALS + 2:
        return 0
    rng = random.Random(SEED + 5)
    call = challenge.phases.get(kind=PhaseKind.PROPOSALS)
    questions = list(challenge.questions.order_by("position", "pk"))
    specs, titles = [], set()
    for number in range(1, EVALUATION_PROPOSALS + 1):
        spec = proposal_spec(rng, titles, topic=rng.choice(TOPICS), region=rng.choice(REGIONS))
        lead, co_author = innovators[2 * number], innovators[2 * number + 1]
        spec.update(
            number=number,
            lead=lead,
            co_authors=[co_author],
            submitted_at=call.starts_at + (call.ends_at - call.starts_at) * number / (EVALUATION_PROPOSALS + 1),
        )
        specs.append(spec)
    proposals = Proposal.objects.bulk_create(
        Proposal(
            challenge=challenge,
            status=ProposalStatus.SUBMITTED,
            **{name: spec[name] for name in (*TEXT_FIELDS, "number", "submitted_at")},
        )
        for spec in specs
    )
    write_related(proposals, specs, questions, rng)
    challenge.proposals.update(created_at=F("submitted_at") - timedelta(days=2), updated_at=F("submitted_at"))
    questions_lock(challenge)
    proposal_terms_rebuild(proposals=challenge.proposals.all())
    return len(proposals)
