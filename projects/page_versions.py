"""What the challenge's public page shows of its lab (core/page_cache.py): how many projects were selected and
built, and the edition's outcomes at its latest follow-up (projects/templatetags/project_figures.py). A project's
outcome, a checkpoint and a team's answer to it move them. Projects opened in bulk at the selection are covered by
the selection's own bump; requests asked or reminded in bulk change nothing a page shows until answered."""

from challenges.models import Challenge
from innovation_platform.core.page_cache import challenge_scope, pages_follow
from projects.models import Checkpoint, FollowUpRequest, Project


def register() -> None:
    pages_follow(Project, lambda project: [challenge_scope(project.challenge_id)])
    pages_follow(Checkpoint, lambda checkpoint: [challenge_scope(checkpoint.challenge_id)])
    pages_follow(FollowUpRequest, lambda request: [challenge_scope(_challenge_of(request))])


def _challenge_of(request: FollowUpRequest) -> int:
    return Challenge.objects.filter(checkpoints=request.checkpoint_id).values_list("pk", flat=True).get()
