"""News of the logbook for the team and its mentors, sent in the background (tasks take primary keys).

Each person gets at most one unread notification (and e-mail) per post: while the one about a post waits unread,
more answers under it add nothing; once read, the next answer tells them again.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_tasks import task

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import mail_and_notify, notify
from projects.models import LogbookComment, LogbookPost, Mentorship
from projects.selectors.logbook import logbook_audience


@task()
def logbook_tell_post(post_id: int) -> None:
    """A new post: the project's mentors hear of it, and the team too when a mentor wrote it."""
    post = LogbookPost.objects.select_related("project__challenge", "author").filter(pk=post_id).first()
    if post is None or post.hidden_at is not None:
        return
    team, mentors = logbook_audience(post)
    people = mentors
    if mentors.filter(pk=post.author_id).exists():
        people = people | team
    _tell(
        post,
        people.exclude(pk=post.author_id),
        template="projects/email/logbook_post",
        title=gettext_lazy("New in the logbook of “%(project)s”: %(title)s"),
        body=post.body,
    )


@task()
def logbook_tell_answer(comment_id: int) -> None:
    """A new answer: a mentor's reaches the team, the team's reaches the mentors; the post's author hears of both."""
    comment = (
        LogbookComment.objects.select_related("post__project__challenge", "post__author", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.post.hidden_at is not None:
        return
    post = comment.post
    team, mentors = logbook_audience(post)
    people = team if mentors.filter(pk=comment.author_id).exists() else mentors
    people = people | User.objects.filter(pk=post.author_id, is_active=True)
    _tell(
        post,
        people.exclude(pk=comment.author_id),
        template="projects/email/logbook_answer",
        title=gettext_lazy("New answer in the logbook of “%(project)s”: %(title)s"),
        body=comment.body,
        context={"comment": comment},
    )


@task()
def logbook_tell_mentor(mentorship_id: int) -> None:
    """Tell a mentor which project they now mentor: an e-mail and a notification."""
    mentorship = Mentorship.objects.select_related("project__challenge", "mentor").filter(pk=mentorship_id).first()
    if mentorship is None:
        return
    project, mentor = mentorship.project, mentorship.mentor
    url = reverse("logbook:list", kwargs={"pk": project.pk})
    mail_send(
        template="projects/email/mentor_assigned",
        context={"project": project, "challenge": project.challenge, "url": settings.SITE_URL + url},
        recipients=[mentor],
    )
    with translation.override(mentor.language):
        title = gettext_lazy("You mentor “%(project)s” in %(challenge)s") % {
            "project": project.title,
            "challenge": project.challenge.title,
        }
        notify(mentor, NotificationKind.LOGBOOK, str(title), url)


def _tell(
    post: LogbookPost, people: QuerySet[User], *, template: str, title: Promise, body: str, context: dict | None = None
) -> None:
    url = post.get_absolute_url()
    waiting = Notification.objects.filter(kind=NotificationKind.LOGBOOK, url=url, read_at=None).values("user_id")
    people = list(people.exclude(pk__in=waiting).distinct().order_by("pk"))
    if not people:
        return
    project = post.project
    mail_and_notify(
        people,
        template=template,
        context={
            "post": post,
            "project": project,
            "challenge": project.challenge,
            "url": settings.SITE_URL + url,
            **(context or {}),
        },
        kind=NotificationKind.LOGBOOK,
        title=title,
        params={"project": project.title, "title": post.title},
        url=url,
        body=body[:500],
    )
