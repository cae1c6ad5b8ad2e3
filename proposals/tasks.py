from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from proposals.models import Invitation, MemberRole, Proposal, RoleApplication
from proposals.selectors.moderation import content_get


@task()
def email_submission_receipt(proposal_id: int) -> None:
    """The receipt with the reference code, to every member of the team."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    emails = list(proposal.members.filter(user__is_active=True).values_list("user__email", flat=True))
    lead = proposal.members.filter(role=MemberRole.LEAD).select_related("user").first()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "lead": lead and lead.user,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("proposals/email/receipt_subject.txt", context).strip()
        body = render_to_string("proposals/email/receipt_message.txt", context)
    send_mail(subject, body, None, emails)


@task()
def email_application_decided(application_id: int) -> None:
    """Tell an applicant that the team accepted or declined their application to a role."""
    application = RoleApplication.objects.select_related("applicant", "slot__proposal__challenge").get(
        pk=application_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "slot": application.slot,
            "proposal": application.slot.proposal,
            "challenge": application.slot.proposal.challenge,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("proposals/email/application_decided_subject.txt", context).strip()
        body = render_to_string("proposals/email/application_decided_message.txt", context)
    send_mail(subject, body, None, [application.applicant.email])


@task()
def email_waitlist_promoted(proposal_id: int) -> None:
    """Tell a team that its proposal moved from the waitlist to the selection."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    emails = list(proposal.members.filter(user__is_active=True).values_list("user__email", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        context = {"proposal": proposal, "challenge": proposal.challenge, "site_url": settings.SITE_URL}
        subject = render_to_string("proposals/email/waitlist_promoted_subject.txt", context).strip()
        body = render_to_string("proposals/email/waitlist_promoted_message.txt", context)
    send_mail(subject, body, None, emails)


@task()
def email_team_invitation(invitation_id: int) -> None:
    """The invitation to join a team, with its link, to the address or person invited."""
    invitation = Invitation.objects.select_related("proposal__challenge", "invited_by", "invitee").get(pk=invitation_id)
    recipient = invitation.email or (invitation.invitee and invitation.invitee.email)
    if not recipient:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "proposal": invitation.proposal,
            "challenge": invitation.proposal.challenge,
            "inviter": invitation.invited_by,
            "link": settings.SITE_URL + reverse("proposals:invitation", kwargs={"token": invitation.token}),
        }
        subject = render_to_string("proposals/email/invitation_subject.txt", context).strip()
        body = render_to_string("proposals/email/invitation_message.txt", context)
    send_mail(subject, body, None, [recipient])


@task()
def email_moderation_decision(kind: str, content_id: int, hidden: bool, reason: str) -> None:
    """Tell the team (or the person looking for a team) that organizers hid or restored their content."""
    content = content_get(kind, content_id)
    if kind == "proposal":
        emails = list(content.members.filter(user__is_active=True).values_list("user__email", flat=True))
    else:
        emails = [content.user.email] if content.user.is_active else []
    if not emails:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "content": content,
            "challenge": content.challenge,
            "hidden": hidden,
            "reason": reason,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("proposals/email/hidden_subject.txt", context).strip()
        body = render_to_string("proposals/email/hidden_message.txt", context)
    send_mail(subject, body, None, emails)
