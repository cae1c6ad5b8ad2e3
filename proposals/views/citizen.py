"""Work in progress: being written."""

from django.http import Http404


def _pending(request, **kwargs):
    raise Http404


my_proposals = _pending
proposal_new = _pending
proposal_edit = _pending
proposal_submit_view = _pending
proposal_receipt = _pending
proposal_withdraw_view = _pending
proposal_files = _pending
proposal_file_delete = _pending
