from django.core.management.base import BaseCommand

from proposals.models import Proposal
from proposals.services.similar import REBUILD_BATCH, proposal_terms_rebuild


class Command(BaseCommand):
    help = "Rebuild the terms that find similar proposals, for every proposal or one challenge's."

    def add_arguments(self, parser):
        parser.add_argument("--challenge", help="Only the proposals of the challenge with this slug.")
        parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH)

    def handle(self, *args, challenge=None, batch_size=REBUILD_BATCH, **options):
        proposals = Proposal.objects.all()
        if challenge:
            proposals = proposals.filter(challenge__slug=challenge)
        count = proposal_terms_rebuild(proposals=proposals, batch_size=batch_size)
        self.stdout.write(f"{count} proposal(s) indexed.")
