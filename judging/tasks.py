"""E-mails of the jury app, sent after the transaction that caused them (django-tasks)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from judging.models import Juror, SelectionDecision


@task()
def email_selection_decision(decision_id: int) -> None:
    """Tell a team the confirmed decision on its proposal, with the organizers' feedback if any."""
    decision = SelectionDecision.objects.select_related("proposal__challenge", "round").get(pk=decision_id)
    proposal = decision.proposal
    emails = list(proposal.members.filter(user__is_active=True).values_list("user__email", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "decision": decision,
            "proposal": proposal,
            "challenge": proposal.challenge,
            "round": decision.round,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("judging/email/decision_subject.txt", context).strip()
        body = render_to_string("judging/email/decision_message.txt", context)
    send_mail(subject, body, None, emails)


@task()
def email_jury_invitation(juror_id: int) -> None:
    """The invitation to a round's jury, with its link, to the invited address."""
    juror = Juror.objects.select_related("round__challenge__lab").get(pk=juror_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "juror": juror,
            "round": juror.round,
            "challenge": juror.round.challenge,
            "link": settings.SITE_URL + reverse("judging:invitation", kwargs={"token": juror.token}),
        }
        subject = render_to_string("judging/email/jury_invitation_subject.txt", context).strip()
        body = render_to_string("judging/email/jury_invitation_message.txt", context)
    send_mail(subject, body, None, [juror.email])
