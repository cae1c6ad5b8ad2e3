"""Reports of public content by participants, and the organizers' moderation queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges.models import Challenge
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.permissions import can, require
from innovation_platform.live import groups
from innovation_platform.live.selectors import live_last_event_id
from proposals.forms.moderation import ModerationForm, ReportForm
from proposals.models import Proposal, TeamSeeker
from proposals.selectors.moderation import content_get, content_open_reports, hidden_content, moderation_queue
from proposals.services.moderation import content_hide, content_report, content_restore, report_dismiss


@login_required
def report_content_view(request, kind, pk):
    content = content_get(kind, pk)
    if not _is_public(request.user, content):
        raise Http404
    require(request.user, "proposals.report_content", content.challenge)
    if request.method != "POST":
        form = ReportForm()
    elif (form := ReportForm(request.POST)).is_valid():
        try:
            content_report(content=content, reporter=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Thank you. The organizers of the challenge will review your report."))
            return redirect(_public_url(content))
    return render(
        request,
        "proposals/moderation/report.html",
        {"form": form, "kind": kind, "content": content, "challenge": content.challenge, "back": _public_url(content)},
    )


@login_required
@require_GET
def moderation_queue_view(request, slug):
    challenge = get_object_or_404(Challenge, slug=slug)
    require(request.user, "proposals.moderate", challenge)
    live_last = live_last_event_id(groups.challenge_organizers(challenge.pk))  # before the queue: see the selector
    return render(
        request,
        "proposals/moderation/queue.html",
        {
            "challenge": challenge,
            "live_last": live_last,
            "page": moderation_queue(request, challenge),
            "hidden": hidden_content(challenge),
            "form": ModerationForm(),
        },
    )


@login_required
def content_moderate_view(request, kind, pk):
    """One content's reports and the decision on it: hide, restore or dismiss the reports."""
    content = content_get(kind, pk)
    challenge = content.challenge
    require(request.user, "proposals.moderate", challenge)
    if request.method != "POST":
        form = ModerationForm(initial={"action": ModerationForm.RESTORE if content.hidden_at else ModerationForm.HIDE})
    elif (form := ModerationForm(request.POST)).is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == ModerationForm.HIDE:
                content_hide(content=content, actor=request.user, reason=reason)
                message = _("The content is hidden and its authors were told why.")
            elif action == ModerationForm.RESTORE:
                content_restore(content=content, actor=request.user, reason=reason)
                message = _("The content is visible again and its authors were told.")
            else:
                report_dismiss(content=content, actor=request.user, note=reason)
                message = _("The reports were dismissed; the content stays visible.")
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, message)
            return redirect("proposals:moderation", slug=challenge.slug)
    return render(
        request,
        "proposals/moderation/content.html",
        {
            "form": form,
            "kind": kind,
            "content": content,
            "challenge": challenge,
            "reports": content_open_reports(content),
        },
    )


def _is_public(user, content: Proposal | TeamSeeker) -> bool:
    if isinstance(content, Proposal):
        return can(user, "proposals.view_proposal", content) and content.hidden_at is None
    return content.hidden_at is None and can(user, "proposals.view_team_seekers", content.challenge)


def _public_url(content: Proposal | TeamSeeker) -> str:
    if isinstance(content, Proposal):
        return content.get_absolute_url()
    return reverse("proposals:seekers", kwargs={"slug": content.challenge.slug})
