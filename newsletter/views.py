"""The newsletter's pages: the public archive, the unsubscribe page, and the editor where staff and lab
administrators write, preview, try and send issues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.services import newsletter_consent_withdraw
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import require, require_visible
from newsletter.forms import NewsletterForm
from newsletter.models import Newsletter
from newsletter.selectors import (
    archived_subject,
    edition_for,
    labs_segmentable_by,
    newsletter_audience_count,
    newsletter_editions,
    newsletters_archived,
    newsletters_written_by,
)
from newsletter.services import newsletter_save, newsletter_send, newsletter_test_send
from newsletter.unsubscribe import unsubscribe_reader, unsubscribe_url

PER_PAGE = 20

# The archive --------------------------------------------------------------------------------------------------------


def archive(request):
    page = paginate(request, newsletters_archived(get_language()), PER_PAGE)
    issues = [(newsletter, archived_subject(newsletter)) for newsletter in page.object_list]
    return render(request, "newsletter/archive.html", {"page": page, "issues": issues})


def issue(request, pk):
    newsletter = get_object_or_404(Newsletter.objects.select_related("lab"), pk=pk)
    require_visible(request.user, newsletter, view="newsletter.view_newsletter")
    edition = edition_for(newsletter, newsletter_editions(newsletter), get_language())
    return render(request, "newsletter/issue.html", {"newsletter": newsletter, "issue": edition})


# Unsubscribing ------------------------------------------------------------------------------------------------------


# Mail clients POST the one-click unsubscribe (RFC 8058) without a session or a CSRF token: the signed token in the
# address is what proves the request comes from the reader's own e-mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a page with a button (a link opened by a mail scanner unsubscribes nobody); POST: unsubscribe."""
    reader = unsubscribe_reader(token)
    if reader is None:
        return render(request, "newsletter/unsubscribe.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        state = "done" if newsletter_consent_withdraw(reader) else "already"
    else:
        subscribed = Profile.objects.filter(user=reader, newsletter_consent=True).exists()
        state = "confirm" if subscribed else "already"
    return render(request, "newsletter/unsubscribe.html", {"state": state, "email": reader.email})


# The editor ---------------------------------------------------------------------------------------------------------


@login_required
def editor(request):
    require(request.user, "newsletter.add_newsletter")
    page = paginate(request, newsletters_written_by(request.user), PER_PAGE)
    return render(request, "newsletter/editor.html", {"page": page})


@login_required
def newsletter_new(request):
    require(request.user, "newsletter.add_newsletter")
    return _edit(request, Newsletter(author=request.user))


@login_required
def newsletter_edit(request, pk):
    newsletter = get_object_or_404(Newsletter.objects.select_related("lab", "author"), pk=pk)
    require_visible(request.user, newsletter, view="newsletter.preview_newsletter")
    return _edit(request, newsletter)


def _edit(request, newsletter: Newsletter):
    """The form (while a draft), and below it the preview of each edition as the e-mail reads and the number of
    readers it would reach now."""
    user = request.user
    form = None
    status = 200
    if newsletter.is_draft:
        form = NewsletterForm(
            request.POST or None, instance=newsletter, labs=labs_segmentable_by(user), staff=user.is_staff
        )
    if request.method == "POST":
        if newsletter.pk:
            require(user, "newsletter.change_newsletter", newsletter)
        if form is not None and form.is_valid():
            try:
                saved = newsletter_save(
                    author=user,
                    newsletter=newsletter if newsletter.pk else None,
                    lab=form.cleaned_data["lab"],
                    data=form.newsletter_data(),
                    segment=form.segment(),
                    versions=form.versions(),
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Newsletter saved. Check its preview before sending it."))
                return redirect("newsletter:edit", pk=saved.pk)
        status = 400
    context = {"newsletter": newsletter, "form": form}
    if newsletter.pk:
        editions = newsletter_editions(newsletter)
        context["editions"] = list(editions.values())
        context["count"] = newsletter_audience_count(newsletter.segment) if newsletter.is_draft else None
        context["unsubscribe_url"] = unsubscribe_url(user)
    return render(request, "newsletter/edit.html", context, status=status)


@login_required
@require_POST
def newsletter_try(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    require_visible(request.user, newsletter, view="newsletter.preview_newsletter")
    newsletter_test_send(newsletter=newsletter, actor=request.user)
    messages.success(
        request,
        _("A test copy is on its way to %(email)s, as your readers will get it.") % {"email": request.user.email},
    )
    return redirect("newsletter:edit", pk=newsletter.pk)


@login_required
def newsletter_send_confirm(request, pk):
    """GET: the last step, which says how many people it goes to; POST: queue it (the request only counts and
    queues, however many readers there are)."""
    newsletter = get_object_or_404(Newsletter.objects.select_related("lab"), pk=pk)
    require_visible(request.user, newsletter, view="newsletter.preview_newsletter")
    if not newsletter.is_draft:
        messages.info(request, _("This newsletter was already sent; it was not sent again."))
        return redirect("newsletter:edit", pk=newsletter.pk)
    require(request.user, "newsletter.send_newsletter", newsletter)
    status = 200
    if request.method == "POST":
        try:
            queued = newsletter_send(newsletter=newsletter, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            status = 400
        else:
            if queued:
                count = newsletter.recipient_count
                messages.success(
                    request,
                    ngettext(
                        "The newsletter is on its way to %(count)s person.",
                        "The newsletter is on its way to %(count)s people.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("This newsletter was already sent; it was not sent again."))
            return redirect("newsletter:editor")
    count = newsletter_audience_count(newsletter.segment)
    return render(request, "newsletter/send.html", {"newsletter": newsletter, "count": count}, status=status)
