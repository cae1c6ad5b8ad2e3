"""Work in progress: being written."""

from django.http import Http404


def _pending(request, **kwargs):
    raise Http404


challenge_list = _pending
challenge_detail = _pending
challenge_schedule = _pending
challenge_calendar = _pending
session_calendar = _pending
announcement_list = _pending
challenge_follow_toggle = _pending
