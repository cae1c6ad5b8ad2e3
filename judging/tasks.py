"""E-mails of the jury app, sent after the transaction that caused them (django-tasks)."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from judging.models import Juror, SelectionDecision
from proposals.selectors.teams import team_people


@task()
def email_selection_decision(decision_id: int) -> None:
    """Tell a team the confirmed decision on its proposal, with the organizers' feedback if any."""
    decision = SelectionDecision.objects.select_related("proposal__challenge", "round").get(pk=decision_id)
    proposal = decision.proposal
    mail_send(
        template="judging/email/decision",
        context={"decision": decision, "proposal": proposal, "challenge": proposal.challenge, "round": decision.round},
        recipients=team_people(proposal),
    )


@task()
def email_jury_invitation(juror_id: int, invited_by_id: int | None = None) -> None:
    """The invitation to a round's jury, with its link, to the invited address.

    An address without an account is written to in the language of the organizer who sent the invitation."""
    juror = Juror.objects.select_related("round__challenge__lab").get(pk=juror_id)
    mail_send(
        template="judging/email/jury_invitation",
        context={
            "juror": juror,
            "round": juror.round,
            "challenge": juror.round.challenge,
            "link": settings.SITE_URL + reverse("judging:invitation", kwargs={"token": juror.token}),
        },
        recipients=[juror.email],
        language=User.objects.filter(pk=invited_by_id).values_list("language", flat=True).first(),
    )
