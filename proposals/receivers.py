"""What proposals answer when the challenges app asks (see `challenges.signals`)."""

from django.utils.translation import ngettext

from proposals.models import ProposalMember, ProposalStatus


def drafts_cut_short(sender, *, challenge, **kwargs) -> str | None:
    """The drafts still in progress, and their people, when an organizer moves the deadline earlier."""
    members = ProposalMember.objects.filter(proposal__challenge=challenge, proposal__status=ProposalStatus.DRAFT)
    drafts = members.values("proposal").distinct().count()
    if not drafts:
        return None
    people = members.values("user").distinct().count()
    in_progress = ngettext(
        "%(count)s draft is still in progress.", "%(count)s drafts are still in progress.", drafts
    ) % {"count": drafts}
    writers = ngettext(
        "%(count)s person writing them would have less time to submit.",
        "%(count)s people writing them would have less time to submit.",
        people,
    ) % {"count": people}
    return f"{in_progress} {writers}"
