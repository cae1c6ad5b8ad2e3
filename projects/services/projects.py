from django.utils import timezone

from projects.models import Project
from proposals.models import Proposal


def projects_open(proposal_ids: list[int]) -> list[Project]:
    """Open a project for each of these selected proposals that has none yet: it starts from the proposal's title
    and summary, and the lab is its first outcome. Runs in the selecting transaction (see `proposals.hooks`);
    a proposal selected again (a drop-out then a promotion back) keeps its project."""
    proposals = Proposal.objects.filter(pk__in=proposal_ids, project__isnull=True).only(
        "pk", "challenge_id", "title", "summary"
    )
    now = timezone.now()
    return Project.objects.bulk_create(
        [
            Project(proposal=p, challenge_id=p.challenge_id, title=p.title, summary=p.summary, created_at=now)
            for p in proposals
        ]
    )
