"""A person's own side of the calls, as their personal space shows it: their proposals with what each needs next,
and, for organizers, the figures of their calls that ask for attention. Each read is a fixed number of queries
whatever the number of rows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.countdown import Countdown, countdown
from challenges.models import PhaseKind
from innovation_platform.accounts.models import User
from proposals.models import IN_THE_CALL, Eligibility, Proposal, ProposalStatus, Report, ReportStatus
from proposals.selectors.proposals import appeal_deadline, proposal_missing, with_what_missing_reads

# Proposals still waiting for a decision of the call.
AWAITING = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.WAITLISTED)


@dataclass(frozen=True)
class NextStep:
    """What a proposal's team does next: a sentence, the deadline it runs against, and where to do it."""

    text: str
    url: str = ""
    action: str = ""
    countdown: Countdown | None = None
    urgent: bool = False  # something is missing or an answer is expected


def proposals_with_next_steps(user: User, *, limit: int, now: datetime) -> list[Proposal]:
    """The person's latest proposals (at most `limit`), each with its `next_step`: five queries whatever their
    number (the proposals with their calls, the calls' phases and questions, the answers, the teams)."""
    proposals = with_what_missing_reads(
        Proposal.objects.filter(members__user=user)
        .select_related("challenge")
        .prefetch_related("challenge__phases")
        .order_by("-updated_at", "-pk")
    )[:limit]
    proposals = list(proposals)
    for proposal in proposals:
        proposal.next_step = proposal_next_step(proposal, now=now)
    return proposals


def proposal_next_step(proposal: Proposal, *, now: datetime) -> NextStep:
    """What the team does next with `proposal` (uses the rows `proposals_with_next_steps` prefetches)."""
    challenge = proposal.challenge
    call = next((phase for phase in challenge.phases.all() if phase.kind == PhaseKind.PROPOSALS), None)
    call_open = call is not None and call.starts_at <= now < call.ends_at
    edit = reverse("proposals:edit", args=[proposal.pk])
    if proposal.status == ProposalStatus.DRAFT:
        if call is not None and now < call.starts_at:
            return NextStep(
                _("The call is not open yet"), edit, _("Continue writing"), countdown(call.starts_at, now, opening=True)
            )
        if not call_open:
            return NextStep(_("The call has closed: this draft can no longer be submitted"), edit, _("Open"))
        missing = len(proposal_missing(proposal))
        if missing:
            text = ngettext("%(count)s item missing", "%(count)s items missing", missing) % {"count": missing}
            return NextStep(text, edit, _("Continue writing"), countdown(call.ends_at, now), urgent=True)
        return NextStep(_("Ready to submit"), edit, _("Review and submit"), countdown(call.ends_at, now), urgent=True)
    detail = reverse("proposals:detail", args=[proposal.pk])
    if (appeal_until := appeal_deadline(proposal)) is not None and now < appeal_until:
        when = date_format(appeal_until, "DATETIME_FORMAT")
        return NextStep(
            _("Found not eligible: you may appeal until %(when)s") % {"when": when},
            reverse("proposals:appeal", args=[proposal.pk]),
            _("Appeal"),
            urgent=True,
        )
    if proposal.status in AWAITING:
        if proposal.status == ProposalStatus.SUBMITTED and call_open and challenge.edit_after_submit:
            return NextStep(_("Submitted: you can still improve it"), edit, _("Edit"), countdown(call.ends_at, now))
        if proposal.status == ProposalStatus.WAITLISTED and proposal.waitlist_position:
            text = _("On the waitlist, number %(position)s") % {"position": proposal.waitlist_position}
            return NextStep(text, detail, _("View"))
        return NextStep(_("Submitted: waiting for the jury's decision"), detail, _("View"))
    if proposal.status == ProposalStatus.SELECTED:
        return NextStep(_("Selected: get ready for the lab"), detail, _("View"))
    return NextStep(proposal.get_status_display(), detail, _("View"))


@dataclass(frozen=True)
class CallFigures:
    """What an organizer watches in a call: proposals sent and drafts, those to screen, appeals to answer and
    reports of content to moderate."""

    submitted: int = 0
    drafts: int = 0
    to_screen: int = 0
    appeals: int = 0
    reports: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.to_screen or self.appeals or self.reports)


def calls_figures(challenge_ids: list[int]) -> dict[int, CallFigures]:
    """CallFigures of each of the calls: two grouped queries for all of them."""
    if not challenge_ids:
        return {}
    proposals = (
        Proposal.objects.filter(challenge_id__in=challenge_ids)
        .order_by()
        .values("challenge_id")
        .annotate(
            submitted=Count("pk", filter=Q(status__in=IN_THE_CALL)),
            drafts=Count("pk", filter=Q(status=ProposalStatus.DRAFT)),
            to_screen=Count("pk", filter=Q(status__in=IN_THE_CALL, eligibility=Eligibility.PENDING)),
            appeals=Count("pk", filter=Q(appealed_at__gt=F("screened_at"))),
        )
    )
    reports = dict(
        Report.objects.filter(challenge_id__in=challenge_ids, status=ReportStatus.OPEN)
        .order_by()
        .values_list("challenge_id")
        .annotate(count=Count("pk"))
    )
    rows = {row.pop("challenge_id"): row for row in proposals}
    return {pk: CallFigures(**rows.get(pk, {}), reports=reports.get(pk, 0)) for pk in challenge_ids}
