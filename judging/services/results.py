"""Publishing a round's results."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging import events
from judging.models import Decision, Round, TeamFeedback
from judging.services.feedback import clean_team_feedback, tell_teams_feedback_after_commit
from proposals.models import Proposal


@transaction.atomic
def results_publish(*, round_: Round, actor: User, team_feedback: str | None = None, now=None) -> Round:
    """Make the round's ranking visible to everyone (until then only organizers, and jurors when the round shares
    scores, see it). Audited on the round; refused when already published.

    `team_feedback` sets what teams receive of the jurors' reviews (the round's setting when None). When they
    receive some, each team with feedback is e-mailed it after the commit (see `tell_teams_feedback`).
    """
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.results_published_at is not None:
        raise ApplicationError(_("The results of this round are already published."))
    team_feedback = clean_team_feedback(locked.team_feedback if team_feedback is None else team_feedback)
    round_.results_published_at = now or timezone.now()
    round_.team_feedback = team_feedback
    round_.save(update_fields=["results_published_at", "team_feedback"])
    audit_log(round_, "round.results_published", actor=actor, team_feedback=team_feedback)
    if team_feedback != TeamFeedback.NONE:
        tell_teams_feedback_after_commit(round_, email=True)
    selected = Proposal.objects.filter(
        decisions__round=round_,
        decisions__decision=Decision.SELECTED,
        decisions__confirmed_at__isnull=False,
        hidden_at__isnull=True,
    ).order_by("decisions__rank", "pk")
    events.results_published(round_, list(selected.select_related("challenge")))
    return round_
