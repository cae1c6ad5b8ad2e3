"""Parts of the organizers' round pages kept rendered between requests (`{% shared %}`, core/page_cache.py).

An organizer's results and progress pages are mostly the round's kept figures drawn as tables and the same empty
forms: rendering them again on every view cost more than everything else the page does. The parts are kept under a
key of the page's address, language and time zone and of the versions that cover what they show: the round's
snapshot version with the call's latest change to a proposal (`judging.snapshots`), and whatever else a part
depends on is named in the template as its values. A version is read before the data it covers, so a part is
never older than its key; the next view after a change has a new key and renders it. Only unbound forms are kept:
a form sent back with its errors renders in full (the views that answer a POST never set the key).
"""

from innovation_platform.core.page_cache import request_key
from judging.models import RoundSnapshot


def keep_parts(request, page: str, snapshot: RoundSnapshot, *versions) -> None:
    """Let the `{% shared %}` parts of this GET render of `page` be kept under the round's versions."""
    request.shared_parts_key = request_key(
        request, "judging", page, snapshot.round_id, snapshot.version, snapshot.call_mark, *versions
    )
