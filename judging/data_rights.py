"""The judging's part of a person's data (jury seats, the reviews they wrote with scores and comments, pairwise
votes, declared conflicts) and its erasure: submitted reviews stay in the selection record, under the juror's
pseudonym; seats never taken go; a seat in a running round is revoked, its unscored reviews released."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation_platform.accounts.data_rights import archive_part_register, erasure_register, when
from innovation_platform.accounts.models import User
from judging.models import Assignment, Conflict, ConflictKind, Juror, JurorStatus, PairwiseVote
from judging.services.jury import jury_revoke


def _seats(user: User):
    return Juror.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def jury(user: User) -> dict:
    return {
        "seats": [
            {"round": str(seat.round), "call": seat.round.challenge.title, "status": seat.status}
            for seat in _seats(user).select_related("round__challenge").order_by("pk")
        ],
        "reviews": [
            {
                "round": str(review.round),
                "proposal": review.proposal.title,
                "status": review.status,
                "scores": {score.criterion.name: str(score.value) for score in review.scores.all()},
                "comment_for_the_organizers": review.comment,
                "feedback_for_the_team": review.feedback,
                "recusal_reason": review.recusal_reason,
                "submitted_at": when(review.submitted_at),
            }
            for review in Assignment.objects.filter(juror__user=user)
            .select_related("round", "proposal")
            .prefetch_related("scores__criterion")
            .order_by("pk")
        ],
        "pairwise_votes": [
            {
                "round": str(vote.round),
                "winner": vote.winner.title,
                "loser": vote.loser.title,
                "at": when(vote.created_at),
            }
            for vote in PairwiseVote.objects.filter(juror__user=user)
            .select_related("round", "winner", "loser")
            .order_by("pk")
        ],
        "declared_conflicts": [
            {"proposal": conflict.proposal.title, "reason": conflict.reason, "at": when(conflict.created_at)}
            for conflict in Conflict.objects.filter(juror__user=user, kind=ConflictKind.DECLARED)
            .select_related("proposal")
            .order_by("pk")
        ],
    }


def erase(user: User) -> None:
    seats = _seats(user)
    # A seat never taken (invited, declined, revoked) holds nothing others rely on.
    seats.exclude(status=JurorStatus.ACTIVE).filter(assignments=None).delete()
    # In a round still running, the person leaves the jury: the reviews they had not scored go back to the
    # assignment, for other jurors; the scored ones stay.
    for seat in seats.filter(status=JurorStatus.ACTIVE, round__ends_at__gt=timezone.now()):
        jury_revoke(juror=seat, actor=user)
    for seat in seats:
        seat.email = f"former-juror-{seat.pk}@deleted.invalid"
        seat.save(update_fields=["email"])


def register() -> None:
    archive_part_register("jury", _("Jury"), jury)
    erasure_register("jury", erase)
