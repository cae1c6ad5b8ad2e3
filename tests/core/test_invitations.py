"""The refusals every invitation shares: worded for whoever sent it, the same on the page and in the service."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from challenges.models import ChallengeRoleInvitation
from innovation_platform.core.invitations.models import INVITATION_DAYS, InvitationStatus, invitation_expiry
from innovation_platform.core.invitations.services import invitation_closed_reason
from judging.models import Juror, JurorStatus
from proposals.models import Invitation

NOW = timezone.now()
OPEN = NOW + timedelta(days=1)
PAST = NOW - timedelta(days=1)


def test_an_invitation_expires_two_weeks_after_it_is_sent():
    assert invitation_expiry(NOW) - NOW == timedelta(days=INVITATION_DAYS) == timedelta(days=14)


@pytest.mark.parametrize(
    ("invitation", "reason"),
    [
        (Invitation(status=InvitationStatus.PENDING, expires_at=OPEN), None),
        (Invitation(status=InvitationStatus.REVOKED, expires_at=OPEN), "This invitation was revoked by the team."),
        (Invitation(status=InvitationStatus.ACCEPTED, expires_at=OPEN), "This invitation was already answered."),
        (
            Invitation(status=InvitationStatus.PENDING, expires_at=PAST),
            "This invitation has expired. Ask the team for a new one.",
        ),
        (ChallengeRoleInvitation(status=InvitationStatus.PENDING, expires_at=OPEN), None),
        (
            ChallengeRoleInvitation(status=InvitationStatus.REVOKED, expires_at=PAST),
            "This invitation was withdrawn by the organizers.",
        ),
        (
            ChallengeRoleInvitation(status=InvitationStatus.PENDING, expires_at=PAST),
            "This invitation has expired. Ask the organizers to send it again.",
        ),
        (Juror(status=JurorStatus.INVITED, expires_at=OPEN), None),
        (Juror(status=JurorStatus.ACTIVE, expires_at=OPEN), "This invitation was already answered."),
        (Juror(status=JurorStatus.REVOKED, expires_at=OPEN), "This invitation was withdrawn by the organizers."),
        (
            Juror(status=JurorStatus.INVITED, expires_at=PAST),
            "This invitation has expired. Ask the organizers to send it again.",
        ),
    ],
)
def test_a_closed_invitation_says_why_and_whom_to_ask(invitation, reason):
    with translation.override("en"):
        assert invitation_closed_reason(invitation, now=NOW) == reason
