"""E-mails to teams, applicants and invited people, sent in the background (tasks take primary keys)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_tasks import task

from challenges.selectors import challenge_organizers
from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from proposals.models import Eligibility, Invitation, MemberRole, Proposal, ProposalStatus, RoleApplication
from proposals.selectors.moderation import content_get
from proposals.selectors.proposals import appeal_deadline
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
def tell_team_promoted(proposal_id: int) -> None:
    """Tell a team that its proposal moved from the waitlist to the selection: an e-mail and a notification each."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    notify_many(
        _tell_team(
            proposal,
            template="proposals/email/waitlist_promoted",
            context={},
            kind=NotificationKind.SELECTION_RESULT,
            title=gettext_lazy("“%(title)s” moved from the waitlist to the selection of %(challenge)s"),
        )
    )


@task()
def tell_team_dropped_out(proposal_id: int) -> None:
    """Tell a team that the organizers recorded its drop-out, with their reason: an e-mail and a notification each.
    Skipped when the proposal is no longer dropped out (a later change came first)."""
    proposal = Proposal.objects.select_related("challenge").filter(pk=proposal_id).first()
    if proposal is None or proposal.status != ProposalStatus.DROPPED_OUT:
        return
    notify_many(
        _tell_team(
            proposal,
            template="proposals/email/dropped_out",
            context={"reason": proposal.dropout_reason},
            kind=NotificationKind.SELECTION_RESULT,
            title=gettext_lazy("“%(title)s” dropped out of %(challenge)s"),
            body=proposal.dropout_reason,
        )
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
        notifications += _tell_team(
            proposal,
            template="proposals/email/ineligible",
            context={"reason": proposal.eligibility_reason, "appeal_until": appeal_deadline(proposal)},
            kind=NotificationKind.SCREENING,
            title=gettext_lazy("“%(title)s” is not eligible for %(challenge)s"),
            body=proposal.eligibility_reason,
        )
    notify_many(notifications)


@task()
def tell_organizers_appealed(proposal_id: int) -> None:
    """Tell the call's organizers that a team answered their finding that its proposal is not eligible: an e-mail
    and a notification each, in the organizer's language, linking to their view of the proposal."""
    proposal = Proposal.objects.select_related("challenge").get(pk=proposal_id)
    organizers = list(challenge_organizers(proposal.challenge).filter(is_active=True))
    url = reverse("call_proposals:detail", kwargs={"slug": proposal.challenge.slug, "pk": proposal.pk})
    mail_send(
        template="proposals/email/appealed",
        context={"proposal": proposal, "challenge": proposal.challenge, "url": url},
        recipients=organizers,
    )
    notify_many(
        _notifications(
            organizers,
            proposal,
            kind=NotificationKind.SCREENING,
            title=gettext_lazy("The team of “%(title)s” appealed its ineligibility for %(challenge)s"),
            body=proposal.appeal,
            url=url,
        )
    )


def _tell_team(
    proposal: Proposal, *, template: str, context: dict, kind: str, title: Promise, body: str = ""
) -> list[Notification]:
    """E-mail the active members of the proposal's team and return a notification for each (to store at once),
    both in the member's language; `title` is a lazy string with `%(title)s` and `%(challenge)s` placeholders."""
    people = list(team_people(proposal).filter(is_active=True))
    mail_send(
        template=template,
        context={"proposal": proposal, "challenge": proposal.challenge, **context},
        recipients=people,
    )
    return _notifications(people, proposal, kind=kind, title=title, body=body, url=proposal.get_absolute_url())


def _notifications(
    people: list[User], proposal: Proposal, *, kind: str, title: Promise, body: str, url: str
) -> list[Notification]:
    """A notification about `proposal` for each person, its title in the person's language."""
    notifications = []
    for person in people:
        with translation.override(person.language):
            text = str(title) % {"title": proposal.title, "challenge": proposal.challenge.title}
        notifications.append(Notification(user=person, kind=kind, title=text, body=body, url=url))
    return notifications
