"""The proposals' part of a person's data and its erasure when they delete their account.

Kept, under the person's pseudonym, what others rely on: their place in the team of a proposal that left the
draft stage ("former member"), the versions they saved, their supports (a people's-choice count must not change
after the fact) and the reports they filed. Deleted: drafts they wrote alone, their place in other drafts,
invitations addressed to them, join requests, applications and "looking for a team" entries.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation_platform.accounts.data_rights import (
    Blocker,
    archive_part_register,
    deletion_blocker_register,
    erasure_register,
    when,
)
from innovation_platform.accounts.models import User
from innovation_platform.core.storage import delete_after_commit
from proposals.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    RoleApplication,
    Support,
    TeamSeeker,
)


def _proposal(proposal: Proposal, user: User) -> dict:
    return {
        "reference": proposal.reference,
        "call": proposal.challenge.title,
        "title": proposal.title,
        "status": proposal.status,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "solution": proposal.solution,
        "beneficiaries": proposal.beneficiaries,
        "territory": proposal.territory,
        "expected_impact": proposal.expected_impact,
        "created_at": when(proposal.created_at),
        "submitted_at": when(proposal.submitted_at),
        "answers": [
            {"question": answer.question.label, "value": answer.value, "file": answer.file.name or None}
            for answer in proposal.answers.all()
        ],
        "attachments": [attachment.name for attachment in proposal.attachments.all()],
        "versions_you_saved": [
            {"saved_at": when(version.created_at), "snapshot": version.snapshot}
            for version in proposal.versions.all()
            if version.author_id == user.pk
        ],
    }


def proposals(user: User) -> list[dict]:
    found = (
        Proposal.objects.filter(members__user=user)
        .select_related("challenge")
        .prefetch_related("answers__question", "attachments", "versions")
        .order_by("pk")
    )
    return [_proposal(proposal, user) for proposal in found]


def teams(user: User) -> dict:
    return {
        "memberships": [
            {"proposal": member.proposal.title, "role": member.role, "joined_at": when(member.joined_at)}
            for member in ProposalMember.objects.filter(user=user).select_related("proposal").order_by("pk")
        ],
        "invitations_received": [
            {"proposal": invitation.proposal.title, "status": invitation.status, "sent_at": when(invitation.created_at)}
            for invitation in Invitation.objects.filter(Q(invitee=user) | Q(email__iexact=user.email))
            .select_related("proposal")
            .order_by("pk")
        ],
        "join_requests": [
            {
                "proposal": request.proposal.title,
                "message": request.message,
                "status": request.status,
                "sent_at": when(request.created_at),
            }
            for request in JoinRequest.objects.filter(user=user).select_related("proposal").order_by("pk")
        ],
        "applications_to_roles": [
            {
                "proposal": application.slot.proposal.title,
                "role": application.slot.title,
                "motivation": application.motivation,
                "links": application.links,
                "status": application.status,
                "sent_at": when(application.created_at),
            }
            for application in RoleApplication.objects.filter(applicant=user)
            .select_related("slot__proposal")
            .order_by("pk")
        ],
        "looking_for_a_team": [
            {"call": seeker.challenge.title, "skills": seeker.skills, "about_you": seeker.message}
            for seeker in TeamSeeker.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
    }


def supports(user: User) -> list[dict]:
    return [
        {"proposal": support.proposal.title, "at": when(support.created_at)}
        for support in Support.objects.filter(user=user).select_related("proposal").order_by("pk")
    ]


def _with_team_size():
    """Proposals with the size of their whole team (annotated before any filter on members, which would count
    only the members it matched)."""
    return Proposal.objects.annotate(team_size=Count("members"))


def teams_to_hand_over(user: User) -> list[Blocker]:
    """A team the person leads with other members would be left without a lead: they hand over first."""
    led = (
        _with_team_size()
        .filter(members__user=user, members__role=MemberRole.LEAD, team_size__gt=1)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .order_by("pk")
    )
    return [
        Blocker(
            message=gettext("You lead the team of “%(title)s”, which has other members: hand the lead over first.")
            % {"title": proposal.title},
            url=reverse("proposals:team", kwargs={"pk": proposal.pk}),
            link_text=gettext("Go to the team"),
        )
        for proposal in led
    ]


def _files_delete(proposal: Proposal) -> None:
    """Every file of a draft about to be deleted: its documents, and its cover and photos (public media)."""
    delete_after_commit(proposal.cover, proposal.cover_thumbnail)
    for attachment in proposal.attachments.all():
        delete_after_commit(attachment.file)
    for answer in proposal.answers.exclude(file=""):
        delete_after_commit(answer.file)
    for image in proposal.images.all():
        delete_after_commit(image.image, image.thumbnail)


def erase(user: User) -> None:
    for draft in _with_team_size().filter(status=ProposalStatus.DRAFT, members__user=user, team_size=1):
        _files_delete(draft)
        draft.delete()
    ProposalMember.objects.filter(user=user, proposal__status=ProposalStatus.DRAFT).delete()
    Invitation.objects.filter(Q(invitee=user) | Q(email__iexact=user.email)).delete()
    JoinRequest.objects.filter(user=user).delete()
    RoleApplication.objects.filter(applicant=user).delete()
    TeamSeeker.objects.filter(user=user).delete()


def register() -> None:
    archive_part_register("proposals", _("Proposals"), proposals)
    archive_part_register("teams", _("Teams"), teams)
    archive_part_register("supports", _("Supports"), supports)
    erasure_register("proposals", erase)
    deletion_blocker_register(teams_to_hand_over)
