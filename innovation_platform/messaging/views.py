"""A message as its recipients read it (their notification links here)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from innovation_platform.core.permissions import can
from innovation_platform.messaging.models import Message
from innovation_platform.messaging.segments import message_personal_part


@login_required
def message_detail(request, pk):
    message = get_object_or_404(Message.objects.select_related("author"), pk=pk)
    if not can(request.user, "messaging.view_message", message):
        raise Http404  # whoever did not receive a message does not learn that it exists
    return render(
        request,
        "messaging/message_detail.html",
        {"message": message, "personal": message_personal_part(message, request.user)},
    )
