"""The notifications page: the stored list behind the bell, so nothing depends on being connected."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from innovation_platform.core.pagination import paginate
from innovation_platform.live.models import Notification
from innovation_platform.live.notifications import notification_mark_read, notifications_mark_all_read, unread

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request):
    page = paginate(request, Notification.objects.filter(user=request.user), PAGE_SIZE)
    return render(request, "live/notification_list.html", {"page": page, "unread": unread(request.user).count()})


@login_required
@require_POST
def notification_read(request, pk):
    notification_mark_read(user=request.user, pk=pk)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    notifications_mark_all_read(user=request.user)
    return _back(request)


def _back(request):
    """To the page of the list the person was on."""
    url = reverse("live:notifications")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
