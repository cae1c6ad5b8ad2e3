"""Actions on proposals: in a transaction, audited, side effects after the commit."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge, PhaseKind, QuestionKind
from challenges.services import questions_lock
from challenges.timeline import Action, ensure_allowed
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import COVER_THUMBNAIL, store_image
from innovation_platform.core.storage import delete_after_commit
from proposals import events
from proposals.models import (
    IN_THE_CALL,
    Answer,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    ProposalVersion,
)
from proposals.selectors.proposals import (
    challenge_proposal_counts,
    proposal_for_editing,
    proposal_ineligibility,
    proposal_missing,
)
from proposals.services.similar import proposal_terms_index
from proposals.tasks import email_submission_receipt

TEXT_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "beneficiaries",
    "territory",
    "expected_impact",
    "stage",
    "country",
    "region",
    "licence",
)


class EditConflict(ApplicationError):
    """Someone else saved the proposal since this person opened it."""


@transaction.atomic
def proposal_start(*, challenge: Challenge, actor: User, title: str, now: datetime | None = None) -> Proposal:
    """A new draft with the actor as its lead; only while the call for proposals is open."""
    ensure_allowed(challenge, Action.SUBMIT, now=now)
    proposal = Proposal.objects.create(challenge=challenge, title=title)
    ProposalMember.objects.create(proposal=proposal, user=actor, role=MemberRole.LEAD)
    proposal_terms_index(proposal=proposal)
    audit_log(proposal, "proposal.created", actor=actor)
    return proposal


@transaction.atomic
def proposal_save(
    *,
    proposal: Proposal,
    actor: User,
    expected_version: int,
    data: dict,
    tags: list[str],
    answers: dict,
    cover=False,
    now: datetime | None = None,
) -> Proposal:
    """Save the team's edit. A draft can always be saved, even after the deadline, so nothing
    typed is lost; a submitted proposal only while the challenge allows editing.

    `expected_version` is the version the editor started from: if someone saved since, the
    save is refused (EditConflict) and nothing is overwritten. `answers` maps question ids to
    values (for file questions: a clean file to replace the stored one, None to clear it; left
    out to keep it); `cover` is a clean image, None or False (keep).
    """
    proposal_ensure_editable(proposal, now=now)
    bumped = Proposal.objects.filter(pk=proposal.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        raise EditConflict(
            _(
                "Someone in your team saved this proposal while you were editing it. Your text is still in the "
                "form below: copy what you need, reload the page to see their changes, and save again."
            )
        )
    proposal.version = expected_version + 1
    for field in TEXT_FIELDS:
        if field in data:
            setattr(proposal, field, data[field])
    if cover is not False:
        store_image(proposal, "cover", "cover_thumbnail", cover, COVER_THUMBNAIL)
    proposal.save()
    proposal.tags.set(tags)
    _save_answers(proposal, answers)
    proposal_terms_index(proposal=proposal)
    if proposal.status in IN_THE_CALL:
        _snapshot(proposal, actor)
    audit_log(proposal, "proposal.saved", actor=actor, version=proposal.version)
    return proposal


def proposal_ensure_editable(proposal: Proposal, *, now: datetime | None = None) -> None:
    """Texts and files can change: a draft always, a submitted proposal while its challenge
    allows editing, a withdrawn one never."""
    if proposal.status in IN_THE_CALL:
        if not proposal.challenge.edit_after_submit:
            raise ApplicationError(_("This challenge does not allow editing proposals after submission."))
        ensure_allowed(proposal.challenge, Action.EDIT, now=now)
    elif proposal.status != ProposalStatus.DRAFT:
        raise ApplicationError(_("A withdrawn proposal cannot be edited."))


def proposal_submit(*, proposal: Proposal, actor: User, now: datetime | None = None) -> Proposal:
    """Submit a complete draft: it gets its reference and the team a receipt.

    Idempotent: submitting again (a double click, a retried request) returns the same
    submission. Concurrent submissions are serialised on the proposal's row.
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status in IN_THE_CALL:
            return proposal_for_editing(locked.pk)
        if locked.status != ProposalStatus.DRAFT:
            raise ApplicationError(_("A withdrawn proposal cannot be submitted."))
        locked = proposal_for_editing(locked.pk)
        challenge = locked.challenge
        ensure_allowed(challenge, Action.SUBMIT, now=now, grace=timedelta(seconds=settings.SUBMISSION_GRACE_SECONDS))
        missing = proposal_missing(locked)
        if missing:
            raise ApplicationError(_("Complete these before submitting: %(items)s.") % {"items": "; ".join(missing)})
        if problems := proposal_ineligibility(locked):
            raise ApplicationError(" ".join(problems))
        already = Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, members__user=actor).count()
        if already >= challenge.proposals_per_person:
            raise ApplicationError(
                _("You have already submitted %(count)s proposal(s) to this challenge, its limit per person.")
                % {"count": already}
            )
        # Numbers are given in order: lock the challenge's row while taking the next one.
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        last = Proposal.objects.filter(challenge=challenge).aggregate(last=Max("number"))["last"] or 0
        locked.number = last + 1
        locked.status = ProposalStatus.SUBMITTED
        locked.submitted_at = now or timezone.now()
        locked.save(update_fields=["number", "status", "submitted_at", "updated_at"])
        _snapshot(locked, actor)
        proposal_terms_index(proposal=locked)
        questions_lock(challenge)
        audit_log(locked, "proposal.submitted", actor=actor, reference=locked.reference)
        events.proposals_counters(challenge.pk, lambda: challenge_proposal_counts(challenge))
        transaction.on_commit(lambda: email_submission_receipt.enqueue(locked.pk))
    return locked


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, reason: str, now: datetime | None = None) -> Proposal:
    """The lead withdraws the proposal from the call, with a reason, before the results."""
    now = now or timezone.now()
    results = proposal.challenge.phases.filter(kind=PhaseKind.RESULTS).first()
    if results and results.starts_at <= now:
        raise ApplicationError(_("The results are out: the proposal can no longer be withdrawn."))
    if proposal.status not in (*IN_THE_CALL, ProposalStatus.DRAFT):
        raise ApplicationError(_("This proposal is already withdrawn."))
    if not reason.strip():
        raise ApplicationError(_("Say why you withdraw the proposal."), field="reason")
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = now
    proposal.withdraw_reason = reason.strip()
    proposal.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit_log(proposal, "proposal.withdrawn", actor=actor, reason=proposal.withdraw_reason)
    events.proposals_counters(proposal.challenge_id, lambda: challenge_proposal_counts(proposal.challenge))
    return proposal


def _save_answers(proposal: Proposal, answers: dict) -> None:
    current = {answer.question_id: answer for answer in Answer.objects.filter(proposal=proposal)}
    for question in proposal.challenge.questions.all():
        if question.pk not in answers:
            continue
        value = answers[question.pk]
        answer = current.get(question.pk) or Answer(proposal=proposal, question=question)
        if question.kind == QuestionKind.FILE:
            # A new file replaces the stored one, None clears it; the old file goes once the save commits.
            if answer.pk is None and not value:
                continue
            delete_after_commit(answer.file)
            answer.file = value or ""
        else:
            answer.value = value
        answer.save()


def _snapshot(proposal: Proposal, actor: User) -> None:
    """Keep this version's texts and answers, for organizers to compare versions."""
    snapshot = {field: str(getattr(proposal, field)) for field in TEXT_FIELDS}
    snapshot["categories"] = sorted(proposal.tags.names())
    snapshot["answers"] = {str(answer.question_id): answer.value for answer in Answer.objects.filter(proposal=proposal)}
    ProposalVersion.objects.update_or_create(
        proposal=proposal, version=proposal.version, defaults={"snapshot": snapshot, "author": actor}
    )
