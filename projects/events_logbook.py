"""The live events of the logbook: a new public post reaches the challenge's live page.

One function per event type, the single place that knows its payload's shape (docs/live.md lists them;
tests/projects/test_logbook_live.py pins them). Services call them inside their transaction, after the state
change; `publish` sends after the commit.
"""

from django.contrib.auth.models import AnonymousUser

from innovation_platform.core.permissions import can
from innovation_platform.live import groups
from innovation_platform.live.services import publish


def logbook_posted(post) -> None:
    """Everyone watching the challenge hears of a post only when anyone may read it: a team-only or hidden post, or
    one of a project whose proposal the public may not see, sends nothing."""
    if not can(AnonymousUser(), "projects.view_post", post):
        return
    project = post.project
    publish(
        groups.challenge(project.challenge_id),
        "logbook.posted",
        {
            "id": post.pk,
            "project_id": project.pk,
            "project": project.title,
            "title": post.title,
            "url": post.get_absolute_url(),
            "published_at": post.published_at.isoformat(),
        },
    )
