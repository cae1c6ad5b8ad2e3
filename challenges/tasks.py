"""E-mails to followers and invited people, sent in the background (tasks take primary keys, not objects)."""

from django.conf import settings
from django_tasks import task

from challenges.models import Announcement, ChallengeRoleInvitation, Phase
from challenges.selectors import challenge_followers
from innovation_platform.core.mail import mail_send


@task()
def email_followers_announcement(announcement_id: int) -> int:
    announcement = Announcement.objects.select_related("challenge").get(pk=announcement_id)
    challenge = announcement.challenge
    return mail_send(
        template="challenges/email/announcement",
        context={"announcement": announcement, "challenge": challenge},
        recipients=challenge_followers(challenge),
    )


@task()
def email_followers_phase_started(phase_id: int) -> int:
    phase = Phase.objects.select_related("challenge").get(pk=phase_id)
    return mail_send(
        template="challenges/email/phase_started",
        context={"phase": phase, "challenge": phase.challenge},
        recipients=challenge_followers(phase.challenge),
    )


@task()
def email_role_invitation(invitation_id: int) -> None:
    """The invitation to organize or mentor a challenge, with its link, to the invited address only."""
    invitation = ChallengeRoleInvitation.objects.select_related("challenge__lab", "invited_by").get(pk=invitation_id)
    mail_send(
        template="challenges/email/role_invitation",
        context={
            "invitation": invitation,
            "challenge": invitation.challenge,
            "link": settings.SITE_URL + invitation.get_absolute_url(),
        },
        recipients=[invitation.email],
        language=invitation.invited_by and invitation.invited_by.language,
    )
