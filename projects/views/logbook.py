"""The project's logbook: its pages of posts, one post with its answers, writing, editing, hiding and deleting;
a mentor's list of projects; the organizers' assignment of mentors (posted from the console's lab page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require, require_visible
from innovation_platform.core.views import safe_next
from projects.access import project_or_404
from projects.forms.logbook import LogbookCommentForm, LogbookPostForm, MentorForm
from projects.models import LogbookPost, Project
from projects.selectors.logbook import (
    POSTS_PER_PAGE,
    logbook_post_for_page,
    logbook_posts,
    mentor_candidates,
    mentored_projects,
    project_mentors,
)
from projects.services.logbook import (
    MAX_POST_IMAGES,
    logbook_comment_add,
    logbook_comment_delete,
    logbook_post_create,
    logbook_post_delete,
    logbook_post_hide,
    logbook_post_update,
    mentor_assign,
    mentor_remove,
)


def _post_or_404(user, pk: int, post_pk: int, action: str | None = None) -> LogbookPost:
    """The post, unknown (404) to whoever may not read it, then 403 without `action`."""
    try:
        post = logbook_post_for_page(post_pk, project_pk=pk)
    except LogbookPost.DoesNotExist:
        raise Http404 from None
    require_visible(user, post, view="projects.view_post", action=action)
    return post


def _render(request, template: str, project: Project, *, status: int = 200, **context):
    """A logbook page, in the challenge's time zone (the lab's days are its days)."""
    with timezone.override(project.challenge.tzinfo):
        return render(request, template, {"project": project, **context}, status=status)


def logbook(request, pk):
    """The project's posts, newest first, and the form to write one for the team and its mentors."""
    project = project_or_404(request.user, pk)
    may_write = can(request.user, "projects.write_post", project)
    form = None
    status = 200
    if may_write:
        form = LogbookPostForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    logbook_post_create(
                        project=project,
                        author=request.user,
                        images=form.images(),
                        token=form.cleaned_data["token"],
                        **form.post_fields(),
                    )
                except ApplicationError as error:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    messages.success(request, _("Your post is in the logbook."))
                    return redirect("logbook:list", pk=project.pk)
            status = 400
    elif request.method == "POST":
        require(request.user, "projects.write_post", project)
    return _render(
        request,
        "projects/logbook/logbook.html",
        project,
        status=status,
        page=paginate(request, logbook_posts(project, user=request.user), POSTS_PER_PAGE),
        form=form,
        may_write=may_write,
        max_images=MAX_POST_IMAGES,
        organizer=can(request.user, "projects.assign_mentors", project),
    )


def logbook_post(request, pk, post):
    """One post with its answers, and the form to answer for the team and its mentors."""
    post = _post_or_404(request.user, pk, post)
    may_answer = can(request.user, "projects.comment_post", post)
    form = LogbookCommentForm(request.POST or None) if may_answer else None
    status = 200
    if request.method == "POST":
        require(request.user, "projects.comment_post", post)
        if form.is_valid():
            try:
                logbook_comment_add(post=post, author=request.user, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error("body", error.message)
            else:
                messages.success(request, _("Your answer is published."))
                return redirect(post.get_absolute_url() + "#answers")
        status = 400
    return _render(
        request,
        "projects/logbook/post.html",
        post.project,
        status=status,
        post=post,
        form=form,
        may_write=can(request.user, "projects.write_post", post.project),
        organizer=can(request.user, "projects.assign_mentors", post.project),
    )


@login_required
def logbook_post_edit(request, pk, post):
    post = _post_or_404(request.user, pk, post, action="projects.change_post")
    images = list(post.images.all())
    form = LogbookPostForm(
        request.POST or None,
        request.FILES or None,
        instance=post,
        removable=images,
        image_slots=MAX_POST_IMAGES - len(images),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                logbook_post_update(
                    post=post,
                    actor=request.user,
                    add_images=form.images(),
                    remove_image_ids=form.cleaned_data.get("remove_images", []),
                    **form.post_fields(),
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your post was updated."))
                return redirect(post.get_absolute_url())
        status = 400
    return _render(
        request,
        "projects/logbook/post_edit.html",
        post.project,
        status=status,
        post=post,
        form=form,
        max_images=len(form.image_slots),
    )


@login_required
def logbook_post_delete_view(request, pk, post):
    """Ask, then delete: the author their own post, organizers any post."""
    post = _post_or_404(request.user, pk, post, action="projects.delete_post")
    if request.method == "POST":
        logbook_post_delete(post=post, actor=request.user)
        messages.success(request, _("The post was deleted."))
        return redirect("logbook:list", pk=pk)
    return _render(request, "projects/logbook/post_delete.html", post.project, post=post)


@login_required
@require_POST
def logbook_post_hide_view(request, pk, post):
    post = _post_or_404(request.user, pk, post, action="projects.hide_post")
    hidden = request.POST.get("hidden") == "1"
    logbook_post_hide(post=post, actor=request.user, hidden=hidden)
    messages.success(request, _("The post is hidden.") if hidden else _("The post is shown again."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def logbook_comment_delete_view(request, pk, post, comment):
    post = _post_or_404(request.user, pk, post)
    comment = get_object_or_404(post.comments.select_related("post__project"), pk=comment)
    require(request.user, "projects.delete_comment", comment)
    logbook_comment_delete(comment=comment, actor=request.user)
    messages.success(request, _("The answer was deleted."))
    return redirect(post.get_absolute_url() + "#answers")


@login_required
def mentoring(request):
    """The projects the person mentors, with their logbooks' activity."""
    return render(
        request, "projects/logbook/mentoring.html", {"page": paginate(request, mentored_projects(request.user), 20)}
    )


@login_required
@require_POST
def mentor_change(request, slug, pk, action):
    """Assign one of the challenge's mentors to a project, or remove them; back to the page the form was on."""
    project = get_object_or_404(Project.objects.select_related("challenge__lab"), pk=pk, challenge__slug=slug)
    require_visible(request.user, project.challenge, view="challenges.view_challenge")
    require(request.user, "projects.assign_mentors", project)
    mentors = mentor_candidates(project.challenge) if action == "add" else project_mentors(project)
    form = MentorForm(request.POST, mentors=mentors)
    if not form.is_valid():
        messages.error(request, _("Choose one of the challenge's mentors."))
    else:
        mentor = form.cleaned_data["mentor"]
        try:
            if action == "add":
                mentor_assign(project=project, mentor=mentor, actor=request.user)
                messages.success(
                    request,
                    _("%(mentor)s mentors “%(project)s”.") % {"mentor": mentor.full_name, "project": project.title},
                )
            else:
                mentor_remove(project=project, mentor=mentor, actor=request.user)
                messages.success(
                    request,
                    _("%(mentor)s no longer mentors “%(project)s”.")
                    % {"mentor": mentor.full_name, "project": project.title},
                )
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect(safe_next(request, reverse("logbook:list", kwargs={"pk": project.pk})))
