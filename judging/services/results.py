"""Publishing a round's results."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging import events
from judging.models import Decision, Round
from proposals.models import Proposal


@transaction.atomic
def results_publish(*, round_: Round, actor: User, now=None) -> Round:
    """Make the round's ranking visible to everyone (until then only organizers, and jurors when the round shares
    scores, see it). Audited on the round; refused when already published."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.results_published_at is not None:
        raise ApplicationError(_("The results of this round are already published."))
    round_.results_published_at = now or timezone.now()
    round_.save(update_fields=["results_published_at"])
    audit_log(round_, "round.results_published", actor=actor)
    selected = Proposal.objects.filter(
        decisions__round=round_,
        decisions__decision=Decision.SELECTED,
        decisions__confirmed_at__isnull=False,
        hidden_at__isnull=True,
    ).order_by("decisions__rank", "pk")
    events.results_published(round_, list(selected.select_related("challenge")))
    return round_
