"""E-mails to teams, applicants and invited people, sent in the background (tasks take primary keys)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from proposals.models import Eligibility, Invitation, MemberRole, Proposal, RoleApplication
from proposals.selectors.moderation import content_get
from proposals.selectors.teams import team_people


@task()
def email_submission_receipt(proposal_id: int) -> None:
    """The receipt with the reference code, to every member of the team."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    lead = proposal.members.filter(role=MemberRole.LEAD).select_related("user").first()
    mail_send(
        template="proposals/email/receipt",
        context={"proposal": proposal, "challenge": proposal.challenge, "lead": lead and lead.user},
        recipients=team_people(proposal),
    )


@task()
def email_application_decided(application_id: int) -> None:
    """Tell an applicant that the team accepted or declined their application to a role."""
    application = RoleApplication.objects.select_related("applicant", "slot__proposal__challenge").get(
        pk=application_id
    )
    mail_send(
        template="proposals/email/application_decided",
        context={
            "application": application,
            "slot": application.slot,
            "proposal": application.slot.proposal,
            "challenge": application.slot.proposal.challenge,
        },
        recipients=[application.applicant],
    )


@task()
def email_waitlist_promoted(proposal_id: int) -> None:
    """Tell a team that its proposal moved from the waitlist to the selection."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    mail_send(
        template="proposals/email/waitlist_promoted",
        context={"proposal": proposal, "challenge": proposal.challenge},
        recipients=team_people(proposal),
    )


@task()
def email_team_invitation(invitation_id: int) -> None:
    """The invitation to join a team, with its link, to the address or person invited."""
    invitation = Invitation.objects.select_related("proposal__challenge", "invited_by", "invitee").get(pk=invitation_id)
    recipient = invitation.email or invitation.invitee
    if not recipient:
        return
    mail_send(
        template="proposals/email/invitation",
        context={
            "invitation": invitation,
            "proposal": invitation.proposal,
            "challenge": invitation.proposal.challenge,
            "inviter": invitation.invited_by,
            "link": settings.SITE_URL + reverse("proposals:invitation", kwargs={"token": invitation.token}),
        },
        recipients=[recipient],
        language=invitation.invited_by and invitation.invited_by.language,
    )


@task()
def email_moderation_decision(kind: str, content_id: int, hidden: bool, reason: str) -> None:
    """Tell the team (or the person looking for a team) that organizers hid or restored their content."""
    content = content_get(kind, content_id)
    mail_send(
        template="proposals/email/hidden",
        context={"kind": kind, "content": content, "challenge": content.challenge, "hidden": hidden, "reason": reason},
        recipients=team_people(content) if kind == "proposal" else [content.user],
    )


@task()
def tell_teams_ineligible(proposal_ids: list[int]) -> None:
    """Tell each team declared ineligible, with the organizers' reason: an e-mail and a notification each,
    in the reader's language. A proposal screened eligible again since is skipped."""
    proposals = Proposal.objects.filter(pk__in=proposal_ids, eligibility=Eligibility.INELIGIBLE).select_related(
        "challenge"
    )
    notifications = []
    for proposal in proposals:
        people = list(team_people(proposal).filter(is_active=True))
        mail_send(
            template="proposals/email/ineligible",
            context={"proposal": proposal, "challenge": proposal.challenge, "reason": proposal.eligibility_reason},
            recipients=people,
        )
        for person in people:
            with translation.override(person.language):
                title = _("“%(title)s” is not eligible for %(challenge)s") % {
                    "title": proposal.title,
                    "challenge": proposal.challenge.title,
                }
            notifications.append(
                Notification(
                    user=person,
                    kind=NotificationKind.SCREENING,
                    title=title,
                    body=proposal.eligibility_reason,
                    url=proposal.get_absolute_url(),
                )
            )
    notify_many(notifications)
