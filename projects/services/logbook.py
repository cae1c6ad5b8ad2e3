"""The project's logbook and its mentors: posts, answers, hiding and mentor assignment, in transactions and audited.

Images arrive already checked by the images pipeline (core.images.clean_image). Who may act is asked of the rules
(projects/rules.py) by the views and the API; these functions keep the domain's own limits. News goes out after the
commit: the live page's event (projects/events_logbook.py) and the notifications (projects/tasks_logbook.py).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.rules import is_challenge_mentor
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import GALLERY_THUMBNAIL, make_thumbnail
from innovation_platform.core.storage import delete_after_commit
from projects.events_logbook import logbook_posted
from projects.models import LogbookComment, LogbookImage, LogbookPost, Mentorship, PostVisibility, Project
from projects.tasks_logbook import logbook_tell_answer, logbook_tell_mentor, logbook_tell_post

MAX_POST_IMAGES = 4


@dataclass(frozen=True)
class PostImage:
    """A clean image (from core.images.clean_image) and its description for people who cannot see it."""

    image: ContentFile
    alt_text: str


def logbook_post_create(
    *,
    project: Project,
    author: User,
    title: str,
    body: str,
    link: str = "",
    visibility: str = PostVisibility.PUBLIC,
    images: list[PostImage] = (),
    token: uuid.UUID | None = None,
    now: datetime | None = None,
) -> LogbookPost:
    """Publish a dated post with up to MAX_POST_IMAGES images.

    The same `token` again (a double click, a reload) returns the post it already recorded. Side effects: an audit
    entry "logbook.post_published" on the project; after the commit, the live page's event for a public post and
    the notifications of the team and its mentors."""
    if token is not None and (posted := LogbookPost.objects.filter(token=token).first()) is not None:
        return posted
    _check_images(images, already=0)
    try:
        with transaction.atomic():
            post = LogbookPost.objects.create(
                project=project,
                author=author,
                title=title.strip(),
                body=body,
                link=link,
                visibility=visibility,
                published_at=now or timezone.now(),
                token=token,
            )
            _add_images(post, images)
            audit_log(
                project, "logbook.post_published", actor=author, post=post.pk, title=post.title, visibility=visibility
            )
            logbook_posted(post)
            transaction.on_commit(lambda: logbook_tell_post.enqueue(post.pk))
    except IntegrityError:
        # The same form sent twice at once: the other request recorded the post.
        return LogbookPost.objects.get(token=token)
    return post


@transaction.atomic
def logbook_post_update(
    *,
    post: LogbookPost,
    actor: User,
    title: str,
    body: str,
    link: str = "",
    visibility: str = PostVisibility.PUBLIC,
    add_images: list[PostImage] = (),
    remove_image_ids: list[int] = (),
    now: datetime | None = None,
) -> LogbookPost:
    """Edit a post: its text, link and visibility, images removed and added (up to MAX_POST_IMAGES in all).

    A team-only post made public reaches the live page like a new one. Side effects: an audit entry
    "logbook.post_edited"; removed images' files are deleted after the commit."""
    post = LogbookPost.objects.select_for_update().select_related("project").get(pk=post.pk)
    removed = list(post.images.filter(pk__in=remove_image_ids))
    _check_images(add_images, already=post.images.count() - len(removed))
    was_public = post.is_public
    post.title, post.body, post.link, post.visibility = title.strip(), body, link, visibility
    post.edited_at = now or timezone.now()
    post.save(update_fields=["title", "body", "link", "visibility", "edited_at"])
    for image in removed:
        delete_after_commit(image.image, image.thumbnail)
        image.delete()
    _add_images(post, add_images)
    audit_log(
        post.project,
        "logbook.post_edited",
        actor=actor,
        post=post.pk,
        title=post.title,
        visibility=visibility,
        images_removed=len(removed),
        images_added=len(add_images),
    )
    if post.is_public and not was_public:
        logbook_posted(post)
    return post


@transaction.atomic
def logbook_post_delete(*, post: LogbookPost, actor: User) -> None:
    """Delete a post with its images and answers (its author, or an organizer). Side effects: an audit entry
    "logbook.post_deleted" on the project with the post's title and author; files deleted after the commit."""
    for image in post.images.all():
        delete_after_commit(image.image, image.thumbnail)
    audit_log(post.project, "logbook.post_deleted", actor=actor, post=post.pk, title=post.title, author=post.author_id)
    post.delete()


@transaction.atomic
def logbook_post_hide(*, post: LogbookPost, actor: User, hidden: bool, now: datetime | None = None) -> LogbookPost:
    """Organizers hide a post from everyone but themselves, staff and its author, or show it again. Side effects:
    an audit entry "logbook.post_hidden" or "logbook.post_shown" on the project."""
    post.hidden_at = (now or timezone.now()) if hidden else None
    post.save(update_fields=["hidden_at"])
    action = "logbook.post_hidden" if hidden else "logbook.post_shown"
    audit_log(post.project, action, actor=actor, post=post.pk, title=post.title, author=post.author_id)
    return post


def logbook_comment_add(
    *, post: LogbookPost, author: User, body: str, token: uuid.UUID | None = None, now: datetime | None = None
) -> LogbookComment:
    """Answer a post. The same `token` again returns the answer already recorded. Side effects: after the commit,
    the notification of the team (a mentor's answer) or of the mentors (the team's), and of the post's author."""
    if token is not None and (answered := LogbookComment.objects.filter(token=token).first()) is not None:
        return answered
    body = body.strip()
    if not body:
        raise ApplicationError(_("Write your answer first."), field="body")
    try:
        with transaction.atomic():
            comment = LogbookComment.objects.create(
                post=post, author=author, body=body, token=token, created_at=now or timezone.now()
            )
            transaction.on_commit(lambda: logbook_tell_answer.enqueue(comment.pk))
    except IntegrityError:
        return LogbookComment.objects.get(token=token)
    return comment


@transaction.atomic
def logbook_comment_delete(*, comment: LogbookComment, actor: User) -> None:
    """Delete an answer (its author, or an organizer). Side effects: an audit entry "logbook.answer_deleted"."""
    audit_log(
        comment.post.project,
        "logbook.answer_deleted",
        actor=actor,
        post=comment.post_id,
        answer=comment.pk,
        author=comment.author_id,
    )
    comment.delete()


@transaction.atomic
def mentor_assign(*, project: Project, mentor: User, actor: User) -> Mentorship:
    """Assign one of the challenge's mentors (its mentor role) to the project; assigning again changes nothing.
    Side effects: an audit entry "project.mentor_assigned"; after the commit, the mentor is told."""
    if not is_challenge_mentor(mentor, project.challenge):
        raise ApplicationError(_("Only the challenge's mentors can mentor its projects."), field="mentor")
    mentorship, created = Mentorship.objects.get_or_create(
        project=project, mentor=mentor, defaults={"assigned_by": actor}
    )
    if created:
        audit_log(project, "project.mentor_assigned", actor=actor, mentor=mentor.pk, name=mentor.full_name)
        transaction.on_commit(lambda: logbook_tell_mentor.enqueue(mentorship.pk))
    return mentorship


@transaction.atomic
def mentor_remove(*, project: Project, mentor: User, actor: User) -> None:
    """End a mentorship; the mentor's posts and answers stay in the logbook. Side effects: an audit entry
    "project.mentor_removed" when there was one."""
    removed, _count = Mentorship.objects.filter(project=project, mentor=mentor).delete()
    if removed:
        audit_log(project, "project.mentor_removed", actor=actor, mentor=mentor.pk, name=mentor.full_name)


def _check_images(images: list[PostImage], *, already: int) -> None:
    for image in images:
        if not image.alt_text.strip():
            raise ApplicationError(_("Describe the image for people who cannot see it."), field="alt_text")
    if already + len(images) > MAX_POST_IMAGES:
        raise ApplicationError(
            ngettext(
                "A post can have at most %(limit)s image.",
                "A post can have at most %(limit)s images.",
                MAX_POST_IMAGES,
            )
            % {"limit": MAX_POST_IMAGES},
            field="image",
        )


def _add_images(post: LogbookPost, images: list[PostImage]) -> None:
    for image in images:
        LogbookImage.objects.create(
            post=post,
            project_id=post.project_id,
            image=image.image,
            thumbnail=make_thumbnail(image.image, GALLERY_THUMBNAIL),
            alt_text=image.alt_text.strip(),
        )
