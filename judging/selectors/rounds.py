"""Reads of a round's setup: the rounds of a challenge, their criteria, the jury and the proposals in scope."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from judging.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Decision,
    Juror,
    JurorStatus,
    Round,
    RoundScope,
    SelectionDecision,
)
from proposals.models import IN_THE_CALL, Eligibility, Proposal, ProposalStatus

# A recused review no longer counts: not in a juror's load, nor among a proposal's reviews.
COUNTED_REVIEWS = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)
LOCKED_MESSAGE = _(
    "The criteria are locked because scoring has begun: changing them now would make the scores unfair. "
    "Only staff can unlock them, giving a reason."
)


def proposals_in_scope(round_: Round) -> QuerySet[Proposal]:
    """The proposals the round judges: every visible proposal still in the call and not screened out or, for a
    shortlist round, those the previous round's confirmed decisions selected or waitlisted, plus those marked
    shortlisted."""
    proposals = Proposal.objects.filter(
        challenge_id=round_.challenge_id, status__in=IN_THE_CALL, hidden_at=None
    ).exclude(eligibility=Eligibility.INELIGIBLE)
    if round_.scope == RoundScope.SHORTLIST:
        chosen = SelectionDecision.objects.filter(
            round_id=round_.previous_id,
            decision__in=[Decision.SELECTED, Decision.WAITLISTED],
            confirmed_at__isnull=False,
        )
        proposals = proposals.filter(Q(pk__in=chosen.values("proposal_id")) | Q(status=ProposalStatus.SHORTLISTED))
    return proposals


PUBLIC_GALLERY_WARNING = _(
    "This call's proposals are public: during a blind round, a juror could look a proposal's title up in the "
    "gallery and find its team. Tick “Hide team names from the public pages while it runs”, or make the call's "
    "proposals private."
)


def public_gallery_warning(round_: Round) -> str:
    """What organizers are told when a blind round runs on a call whose proposals are public with the teams
    named, or ""."""
    exposed = round_.is_blind and round_.challenge.proposals_public and not round_.hides_teams_publicly
    return str(PUBLIC_GALLERY_WARNING) if exposed else ""


def blind_round_hides_teams(challenge: Challenge) -> bool:
    """True while a blind round of the challenge runs that asked to hide the teams from the public pages."""
    now = timezone.now()
    return Round.objects.filter(
        challenge=challenge, is_blind=True, hides_teams_publicly=True, starts_at__lte=now, ends_at__gt=now
    ).exists()


def challenge_rounds(challenge: Challenge) -> QuerySet[Round]:
    """The challenge's rounds in order, with the figures the rounds list shows."""
    return (
        Round.objects.filter(challenge=challenge)
        .select_related("previous")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            active_jurors=Count("jurors", filter=Q(jurors__status=JurorStatus.ACTIVE), distinct=True),
            invited_jurors=Count("jurors", filter=Q(jurors__status=JurorStatus.INVITED), distinct=True),
        )
    )


def criteria_lock_reason(round_: Round):
    """Why the round's criteria can no longer change, or None while they can.

    `criteria_locked_at` alone says it: a juror's save with scores stamps it (`review_save`), and a staff unlock
    (`criteria_unlock`, audited) clears it until the next such save.
    """
    return LOCKED_MESSAGE if round_.criteria_locked_at is not None else None


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    share: Decimal | None  # percent of the counted weight; None when shown but not counted


def round_criteria(round_: Round) -> list[CriterionRow]:
    """The round's criteria in order, each weight also as a percentage of the total counted weight."""
    criteria = list(round_.criteria.all())
    total = sum((criterion.weight for criterion in criteria if criterion.counted), Decimal(0))
    return [
        CriterionRow(
            criterion,
            (criterion.weight * 100 / total).quantize(Decimal("0.1")) if criterion.counted and total else None,
        )
        for criterion in criteria
    ]


def with_review_counts(jurors: QuerySet[Juror]) -> QuerySet[Juror]:
    """The jurors with their reviews counted by status, in the same query: `to_do` (assigned), `done` (submitted),
    `recused`, and `load`, the reviews that count against their maximum (to do and done).

    Each count reads only the index on a juror's reviews by status, never the reviews themselves, and is a subquery,
    so a caller may annotate across another relation too.
    """

    def reviews(*statuses: str) -> Coalesce:
        counted = (
            Assignment.objects.filter(juror=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("juror")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted), 0)

    return jurors.annotate(
        to_do=reviews(AssignmentStatus.ASSIGNED),
        done=reviews(AssignmentStatus.SUBMITTED),
        recused=reviews(AssignmentStatus.RECUSED),
        load=reviews(*COUNTED_REVIEWS),
    )


def round_jury(round_: Round) -> QuerySet[Juror]:
    """The round's jurors with their load: assignments, done reviews and conflicts."""
    return (
        with_review_counts(Juror.objects.filter(round=round_))
        .select_related("user")
        .annotate(conflict_count=Count("conflicts", distinct=True))
        .order_by("status", "email")
    )


def jurors_with_reviews_to_do(challenge: Challenge) -> QuerySet[User]:
    """People seated on a jury of the call (accepted) with at least one review still to do."""
    return User.objects.filter(
        jury_seats__round__challenge=challenge,
        jury_seats__status=JurorStatus.ACTIVE,
        jury_seats__assignments__status=AssignmentStatus.ASSIGNED,
    )


def juror_by_token(token: str) -> Juror | None:
    return Juror.objects.select_related("round__challenge", "user").filter(token=token).first()
