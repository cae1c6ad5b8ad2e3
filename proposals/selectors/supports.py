"""Reads of the people's choice: support counts, who supports what, the ranking."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, F, Max, Min, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import Rank
from django.utils import timezone

from challenges.models import Challenge, SupportCounts
from challenges.timeline import PHASE_ACTIONS, Action, allowed_actions
from innovation_platform.core.permissions import can, has_verified_email
from proposals.models import IN_THE_CALL, Proposal, ProposalMember, ProposalStatus, Support

SUPPORT_PHASES = frozenset(kind for kind, actions in PHASE_ACTIONS.items() if Action.SUPPORT in actions)


def supports_closed(challenge: Challenge, *, now: datetime | None = None) -> bool:
    """Supporting is over for good: no phase that allows it is running or still ahead.

    Uses `challenge.phases.all()`, so prefetched phases are reused.
    """
    now = now or timezone.now()
    return all(phase.ends_at <= now for phase in challenge.phases.all() if phase.kind in SUPPORT_PHASES)


def supports_ranking(challenge: Challenge) -> QuerySet[Proposal]:
    """The public proposals of the challenge by supports, most first; ties share a rank and
    are listed by reference."""
    return (
        Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, hidden_at__isnull=True)
        .select_related("challenge")
        .only("number", "title", "status", "region", "country", "challenge__code", "challenge__slug")
        .annotate(support_count=Count("supports"))
        .annotate(rank=Window(Rank(), order_by=F("support_count").desc()))
        .order_by("-support_count", "number", "pk")
    )


def supports_per_proposal(challenge: Challenge) -> QuerySet[Proposal]:
    """Every proposal sent to the call, hidden and withdrawn ones too, with `support_total`, `first_support_at`
    and `last_support_at` (one grouped query), most supported first: for its organizers."""
    return (
        Proposal.objects.filter(challenge=challenge)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("challenge")
        .annotate(
            support_total=Count("supports"),
            first_support_at=Min("supports__created_at"),
            last_support_at=Max("supports__created_at"),
        )
        .order_by("-support_total", "number", "pk")
    )


def support_counts(proposal_ids: Iterable[int]) -> dict[int, int]:
    """Supports of each proposal, in one grouped query."""
    rows = (
        Support.objects.filter(proposal_id__in=list(proposal_ids))
        .order_by()
        .values_list("proposal_id")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def supported_by(user, proposal_ids: Iterable[int]) -> set[int]:
    """Which of these proposals the user supports (no query for anonymous visitors)."""
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, proposal_id__in=list(proposal_ids)).values_list("proposal_id", flat=True)
    )


def supports_left(challenge: Challenge, user) -> int | None:
    """How many more proposals the user may support in the challenge; None without a limit."""
    if not challenge.supports_per_person or not user.is_authenticated:
        return None
    used = Support.objects.filter(challenge=challenge, user=user).count()
    return max(challenge.supports_per_person - used, 0)


def supports_mark(proposals: list[Proposal], *, user, show_counts: bool) -> list[Proposal]:
    """Set `support_count` (None when counts are not shown) and `supported_by_me` on each
    proposal of a page: two queries at most, whatever the page's size."""
    ids = [proposal.pk for proposal in proposals]
    counts = support_counts(ids) if show_counts and ids else {}
    mine = supported_by(user, ids) if ids else set()
    for proposal in proposals:
        proposal.support_count = counts.get(proposal.pk, 0) if show_counts else None
        proposal.supported_by_me = proposal.pk in mine
    return proposals


def supports_gallery_context(challenge: Challenge, user, proposals: list[Proposal]) -> dict:
    """What gallery cards need for their support buttons, marking the page's proposals.

    `supportable` is false on the user's own team's proposals. Bounded queries: counts,
    the user's supports, their memberships, their verified address and what is left.
    """
    if not challenge.supports_enabled:
        return {"supports_open": False}
    prefetch_related_objects([challenge], "phases")
    proposals = list(proposals)  # evaluates a page's queryset once: the template reuses these rows
    supports_mark(proposals, user=user, show_counts=can(user, "proposals.view_support_counts", challenge))
    mine = set()
    if user.is_authenticated and proposals:
        mine = set(
            ProposalMember.objects.filter(
                user=user, proposal_id__in=[proposal.pk for proposal in proposals]
            ).values_list("proposal_id", flat=True)
        )
    for proposal in proposals:
        proposal.supportable = proposal.pk not in mine
    is_open = Action.SUPPORT in allowed_actions(challenge)
    return {
        "supports_open": is_open,
        "supports_verified": has_verified_email(user),
        "supports_left": supports_left(challenge, user) if is_open else None,
    }


def support_state(proposal: Proposal, user) -> dict:
    """Where `user` stands on supporting the proposal: whether they support it, its count (None while the
    challenge hides counts from them), whether supporting is open now, and how many more proposals they may
    support (None without a limit). What the API answers, and the core of the page's support box."""
    challenge = proposal.challenge
    prefetch_related_objects([challenge], "phases")
    show_count = can(user, "proposals.view_support_counts", challenge)
    return {
        "count": Support.objects.filter(proposal=proposal).count() if show_count else None,
        "supported": bool(supported_by(user, [proposal.pk])),
        "is_open": challenge.supports_enabled and Action.SUPPORT in allowed_actions(challenge),
        "left": supports_left(challenge, user),
    }


def support_panel(proposal: Proposal, user) -> dict | None:
    """The support box of a proposal's page; None when the challenge collects no supports."""
    challenge = proposal.challenge
    if not challenge.supports_enabled or proposal.status not in IN_THE_CALL:
        return None
    state = support_state(proposal, user)
    return {
        **state,
        "can_support": state["is_open"] and can(user, "proposals.support_proposal", proposal),
        "counts_after": state["count"] is None and challenge.supports_counts == SupportCounts.AFTER,
        "ranking_visible": can(user, "proposals.view_supports_ranking", challenge),
    }
