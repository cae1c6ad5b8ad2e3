"""Reads of the collaborator call, each a bounded number of queries whatever the list's size."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from proposals.models import ApplicationStatus, Proposal, ProposalStatus, RoleApplication, RoleSlot


def _with_places(slots: QuerySet[RoleSlot]) -> QuerySet[RoleSlot]:
    """Annotate `filled` (collaborators holding a place) and `places_left`."""
    return slots.annotate(filled=Count("members", distinct=True)).annotate(places_left=F("slots") - F("filled"))


def open_roles(challenge: Challenge, *, skill: str = "") -> QuerySet[RoleSlot]:
    """Roles of the challenge's selected, visible proposals that still accept applications."""
    slots = _with_places(
        RoleSlot.objects.filter(
            proposal__challenge=challenge,
            proposal__status=ProposalStatus.SELECTED,
            proposal__hidden_at=None,
            is_open=True,
        ).select_related("proposal__challenge")
    ).filter(places_left__gt=0)
    if skill:
        slots = slots.filter(skills__icontains=skill)
    return slots.order_by("proposal__number", "proposal_id", "pk")


def open_role_skills(challenge: Challenge) -> list[str]:
    """The skills wanted across the open roles, for the filter (one query)."""
    skills = {}
    for names in open_roles(challenge).values_list("skills", flat=True):
        for name in names:
            skills.setdefault(name.casefold(), name)
    return sorted(skills.values(), key=str.casefold)


def role_for_applying(pk: int) -> RoleSlot:
    return _with_places(RoleSlot.objects.select_related("proposal__challenge")).get(pk=pk)


def applications_of_user(user: User) -> QuerySet[RoleApplication]:
    """A person's applications, grouped by challenge, in their order of preference."""
    return (
        RoleApplication.objects.filter(applicant=user)
        .select_related("slot__proposal__challenge")
        .order_by("-slot__proposal__challenge__created_at", "slot__proposal__challenge_id", "preference", "pk")
    )


def team_roles(proposal: Proposal) -> list[RoleSlot]:
    """The team's roles with their places and applications (best preferences first): three queries."""
    applications = RoleApplication.objects.select_related("applicant").order_by("status", "preference", "pk")
    return list(
        _with_places(proposal.role_slots.all())
        .prefetch_related(Prefetch("applications", queryset=applications))
        .order_by("pk")
    )


def challenge_applications(challenge: Challenge, *, status: str = "", proposal_id: int | None = None):
    """All applications of the challenge's roles, for organizers, with their filters applied."""
    applications = RoleApplication.objects.filter(slot__proposal__challenge=challenge).select_related(
        "applicant", "slot__proposal"
    )
    if status:
        applications = applications.filter(status=status)
    if proposal_id:
        applications = applications.filter(slot__proposal_id=proposal_id)
    return applications.order_by("slot__proposal__number", "slot_id", "status", "preference", "pk")


def application_counts(challenge: Challenge) -> dict[str, int]:
    """Applications per status, counted in SQL; every status is present."""
    rows = (
        RoleApplication.objects.filter(slot__proposal__challenge=challenge)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def selection_figures(challenge: Challenge) -> dict[str, int]:
    """Selected proposals against the places, the waitlist, withdrawals and drop-outs (one query)."""
    return Proposal.objects.filter(challenge=challenge).aggregate(
        selected=Count("pk", filter=Q(status=ProposalStatus.SELECTED)),
        waitlisted=Count("pk", filter=Q(status=ProposalStatus.WAITLISTED)),
        # Withdrawn after submission: a selected one leaves a place the waitlist can take.
        withdrawn=Count("pk", filter=Q(status=ProposalStatus.WITHDRAWN, number__isnull=False)),
        dropped_out=Count("pk", filter=Q(status=ProposalStatus.DROPPED_OUT)),
    ) | {"places": challenge.selection_count}


def selected_proposals(challenge: Challenge) -> QuerySet[Proposal]:
    return Proposal.objects.filter(challenge=challenge, status=ProposalStatus.SELECTED).order_by("number", "pk")
