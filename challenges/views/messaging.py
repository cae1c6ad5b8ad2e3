"""Organizers write to a group of a call's people: the console's messages pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import Challenge
from challenges.views.console import console_challenge_or_404, render_console
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.markdown import render_markdown
from innovation_platform.core.pagination import paginate
from innovation_platform.messaging.forms import MessageForm
from innovation_platform.messaging.segments import segment_get, segment_params, segment_people, segments_for
from innovation_platform.messaging.selectors import message_by_token, messages_about
from innovation_platform.messaging.services import message_send

RULE = "challenges.message_people"


@login_required
def message_list(request, slug):
    challenge = console_challenge_or_404(request, slug, RULE)
    return render_console(
        request,
        "challenges/console/messages.html",
        challenge,
        page=paginate(request, messages_about(challenge), 20),
        step="messages",
    )


@login_required
def message_new(request, slug):
    """Write, preview (the text as it will read and how many people it reaches), send.

    The ids of the proposals ticked in the proposals list come in the query string (`?proposal=12&proposal=13`)
    and stay there while the organizer previews and sends.
    """
    challenge = console_challenge_or_404(request, slug, RULE)
    params = segment_params(Challenge, request.GET)
    segments = segments_for(challenge, params)
    # A group made of what the page was given (the proposals ticked in a list) is what the organizer came for.
    chosen = next((segment.key for segment in segments if segment.params), None)
    form = MessageForm(request.POST or None, segments=segments, initial={"segment": chosen})
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        segment = segment_get(challenge, data["segment"], params)
        if "send" in request.POST:
            if message_by_token(data["token"]) is not None:
                messages.info(request, _("This message was already sent; it was not sent again."))
                return redirect("console:messages", slug=slug)
            try:
                message = message_send(about=challenge, params=params, author=request.user, **data)
            except ApplicationError as error:
                form.add_error(error.field, error.message)
                status = 400
            else:
                count = message.recipient_count
                messages.success(
                    request,
                    ngettext(
                        "Your message is on its way to %(count)s person.",
                        "Your message is on its way to %(count)s people.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("console:messages", slug=slug)
        preview = {
            "count": segment_people(challenge, segment, params).count(),
            "segment": segment,
            "subject": form["subject"].value(),
            "body": render_markdown(form["body"].value()),
        }
    elif request.method == "POST":
        status = 400
    return render_console(
        request,
        "challenges/console/message_new.html",
        challenge,
        status=status,
        form=form,
        preview=preview,
        step="messages",
    )
