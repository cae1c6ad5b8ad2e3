"""Work in progress: being written."""

from django.http import Http404


def _pending(request, **kwargs):
    raise Http404


dashboard = _pending
challenge_new = _pending
challenge_edit = _pending
timeline_edit = _pending
role_list = _pending
role_revoke = _pending
challenge_publish_view = _pending
challenge_archive_view = _pending
challenge_duplicate_view = _pending
audit_log_view = _pending
section_list = _pending
section_edit = _pending
section_delete_view = _pending
