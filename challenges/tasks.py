"""E-mails to followers and invited people, and followers' notifications, sent in the background (tasks take
primary keys, not objects)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from challenges.models import Announcement, ChallengeRoleInvitation, Follow, Phase
from challenges.selectors import challenge_followers
from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many

BATCH = 200


@task()
def email_followers_announcement(announcement_id: int) -> int:
    """Notify every follower of a new announcement (each notification stored and pushed to its bell), then e-mail
    them; returns the number of e-mails sent."""
    announcement = Announcement.objects.select_related("challenge").get(pk=announcement_id)
    challenge = announcement.challenge
    _notify_followers(announcement)
    return mail_send(
        template="challenges/email/announcement",
        context={"announcement": announcement, "challenge": challenge},
        recipients=challenge_followers(challenge),
    )


def _notify_followers(announcement: Announcement) -> None:
    """In batches, each in its own transaction: its notifications and their live events go out together."""
    challenge = announcement.challenge
    title = _("%(challenge)s: %(title)s") % {"challenge": challenge.title, "title": announcement.title}
    url = reverse("challenges:announcements", kwargs={"slug": challenge.slug})
    followers = Follow.objects.filter(challenge=challenge).order_by("pk").values_list("user_id", flat=True)
    for start in range(0, followers.count(), BATCH):
        with transaction.atomic():
            notify_many(
                [
                    Notification(user_id=pk, kind=NotificationKind.ANNOUNCEMENT, title=title, url=url)
                    for pk in followers[start : start + BATCH]
                ]
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
