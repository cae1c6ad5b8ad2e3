"""What teams receive of the jurors' reviews: the organizers' choice on a round (none, the written feedback, or the
written feedback with the scores per criterion), made in the round's settings, when publishing its results
(`results_publish`) or later. Teams read it once the results are published (`judging.selectors.feedback`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging.models import Round, TeamFeedback
from judging.tasks import tell_teams_feedback


def clean_team_feedback(value: str) -> str:
    if value not in TeamFeedback.values:
        raise ApplicationError(
            _("Choose what the teams receive: nothing, the written feedback, or the feedback with the scores."),
            field="team_feedback",
        )
    return value


def tell_teams_feedback_after_commit(round_: Round, *, email: bool) -> None:
    """Once the change commits, tell every team with feedback released in the round (by e-mail with the feedback
    itself when `email`, else by a notification that it is available)."""
    transaction.on_commit(lambda: tell_teams_feedback.enqueue(round_.pk, email=email))


@transaction.atomic
def team_feedback_set(*, round_: Round, actor: User, team_feedback: str) -> Round:
    """Change what teams receive of the jurors' reviews in `round_`, at any time, after the publication too.

    Audited on the round. Releasing feedback after the publication (from none) notifies the teams concerned that it
    is available; withdrawing it hides it again from their pages. The same choice again changes nothing.
    """
    clean_team_feedback(team_feedback)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    old = locked.team_feedback
    if team_feedback == old:
        return round_
    round_.team_feedback = team_feedback
    round_.save(update_fields=["team_feedback"])
    published = locked.results_published_at is not None
    audit_log(round_, "round.team_feedback_changed", actor=actor, old=old, new=team_feedback, published=published)
    if published and old == TeamFeedback.NONE:
        tell_teams_feedback_after_commit(round_, email=False)
    return round_
