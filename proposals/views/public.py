"""Work in progress: being written."""

from django.http import Http404


def _pending(request, **kwargs):
    raise Http404


gallery = _pending
proposal_detail = _pending
proposal_versions = _pending
