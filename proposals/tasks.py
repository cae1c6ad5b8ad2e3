from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from proposals.models import MemberRole, Proposal


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
