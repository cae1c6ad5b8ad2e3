"""E-mails to followers and invited people, and followers' notifications, sent in the background (tasks take
primary keys, not objects)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from challenges.models import Announcement, ChallengeRoleInvitation, Follow, Phase
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many

BATCH = 200


@task()
def email_followers_announcement(announcement_id: int) -> int:
    """Notify every follower of a new announcement (each notification stored and pushed to its bell), then e-mail
    them; returns the number of e-mails sent."""
    announcement = Announcement.objects.select_related("challenge").get(pk=announcement_id)
    _notify_followers(announcement)
    return _email_followers(announcement.challenge, "challenges/email/announcement", {"announcement": announcement})


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
    return _email_followers(phase.challenge, "challenges/email/phase_started", {"phase": phase})


def _email_followers(challenge, template: str, context: dict) -> int:
    """One message per follower (no shared recipient lists), sent over one connection per batch."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "challenge": challenge, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    emails = Follow.objects.filter(challenge=challenge, user__is_active=True).values_list("user__email", flat=True)
    sent = 0
    for start in range(0, emails.count(), BATCH):
        batch = [EmailMessage(subject, body, to=[email]) for email in emails.order_by("pk")[start : start + BATCH]]
        sent += get_connection().send_messages(batch) or 0
    return sent


@task()
def email_role_invitation(invitation_id: int) -> None:
    """The invitation to organize or mentor a challenge, with its link, to the invited address only."""
    invitation = ChallengeRoleInvitation.objects.select_related("challenge__lab", "invited_by").get(pk=invitation_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "challenge": invitation.challenge,
            "link": settings.SITE_URL + invitation.get_absolute_url(),
        }
        subject = render_to_string("challenges/email/role_invitation_subject.txt", context).strip()
        body = render_to_string("challenges/email/role_invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.email])
