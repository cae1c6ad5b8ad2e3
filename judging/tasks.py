"""E-mails of the jury app, sent after the transaction that caused them (django-tasks)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from judging.models import Juror, Round, SelectionDecision
from judging.selectors.feedback import proposal_team_feedback, round_team_feedback
from proposals.models import Proposal, ProposalMember
from proposals.selectors.teams import team_people


@task()
def email_selection_decision(decision_id: int) -> None:
    """Tell a team the confirmed decision on its proposal, with the organizers' feedback if any, and the jurors'
    feedback when the round's results are already published with it."""
    decision = SelectionDecision.objects.select_related("proposal__challenge", "round").get(pk=decision_id)
    proposal = decision.proposal
    mail_send(
        template="judging/email/decision",
        context={
            "decision": decision,
            "proposal": proposal,
            "challenge": proposal.challenge,
            "round": decision.round,
            "feedback": proposal_team_feedback(proposal, round_=decision.round),
        },
        recipients=team_people(proposal),
    )


@task()
def tell_teams_feedback(round_id: int, *, email: bool) -> None:
    """Tell every team with feedback released in the round that it can read it on its proposal's page: a
    notification to each member in their language and, with `email` (at the publication), an e-mail carrying the
    feedback itself.

    A team whose decision in the round is still pending gets no e-mail now: its decision e-mail will carry the
    feedback. Nothing is sent when the round releases nothing (any more) by the time this runs.
    """
    round_ = Round.objects.select_related("challenge").get(pk=round_id)
    released = round_team_feedback(round_)
    if email:
        pending = SelectionDecision.objects.filter(round=round_, confirmed_at__isnull=True).values_list(
            "proposal_id", flat=True
        )
        for proposal in Proposal.objects.filter(pk__in=released.keys() - set(pending)).order_by("pk"):
            mail_send(
                template="judging/email/feedback",
                context={
                    "proposal": proposal,
                    "challenge": round_.challenge,
                    "round": round_,
                    "feedback": [released[proposal.pk]],
                },
                recipients=team_people(proposal),
            )
    notifications = []
    members = ProposalMember.objects.filter(proposal_id__in=released, user__is_active=True).select_related(
        "user", "proposal"
    )
    for member in members.order_by("proposal_id", "pk"):
        with translation.override(member.user.language):
            title = _("The jurors' feedback on “%(title)s” is available") % {"title": member.proposal.title}
        notifications.append(
            Notification(
                user=member.user,
                kind=NotificationKind.SELECTION_RESULT,
                title=title,
                url=member.proposal.get_absolute_url() + "#jurors-feedback",
            )
        )
    notify_many(notifications)


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
