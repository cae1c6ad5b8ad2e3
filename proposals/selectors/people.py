"""The people of a call by where their proposals stand: the groups organizers write to (see proposals/segments.py)."""

from django.db.models import QuerySet

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from proposals.models import ApplicationStatus, Proposal, RoleApplication


def teams_of(challenge: Challenge, **proposal_filters) -> QuerySet[User]:
    """Every member (lead, co-authors, collaborators) of the call's proposals that match the filters."""
    return User.objects.filter(
        proposal_memberships__proposal__in=Proposal.objects.filter(challenge=challenge, **proposal_filters)
    )


def role_applicants(challenge: Challenge) -> QuerySet[User]:
    """Whoever applied to an open role of the call and did not withdraw, whatever the team decided."""
    applications = RoleApplication.objects.filter(slot__proposal__challenge=challenge).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    return User.objects.filter(pk__in=applications.values("applicant"))
