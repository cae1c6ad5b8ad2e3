"""Moderation of public user content (proposals, team searches): reports, hiding, restoring."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.live.models import Notification, NotificationKind
from innovation_platform.live.notifications import notify_many
from proposals import events
from proposals.models import Proposal, Report, ReportStatus, TeamSeeker
from proposals.selectors.moderation import content_kind
from proposals.tasks import email_moderation_decision

REASON_MAX_LENGTH = 1000
Content = Proposal | TeamSeeker


def _clean_reason(reason: str, *, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(message, field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ApplicationError(
            _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX_LENGTH}, field="reason"
        )
    return reason


def _last_change(content: Content) -> list[str]:
    """A proposal's `updated_at` moves when it is hidden or shown again: pages that keep figures about a call's
    proposals compare its latest value to know they changed (judging.snapshots)."""
    return ["updated_at"] if isinstance(content, Proposal) else []


def _is_own(content: Content, user: User) -> bool:
    if isinstance(content, TeamSeeker):
        return content.user_id == user.pk
    return content.members.filter(user=user).exists()


def _open_reports(content: Content):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(content), object_id=content.pk, status=ReportStatus.OPEN
    )


@transaction.atomic
def content_report(*, content: Content, reporter: User, reason: str) -> Report:
    """Report content to the challenge's organizers: one open report per person and content."""
    reason = _clean_reason(reason, message=_("Tell the organizers what is wrong with this content."))
    if content.hidden_at is not None:
        raise ApplicationError(_("This content has already been hidden by the organizers."))
    if _is_own(content, reporter):
        raise ApplicationError(_("You cannot report your own content."))
    already = _("Your report was already received; the organizers will review it.")
    if _open_reports(content).filter(reporter=reporter).exists():
        raise ApplicationError(already)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                challenge_id=content.challenge_id,
                content_type=ContentType.objects.get_for_model(content),
                object_id=content.pk,
                reporter=reporter,
                reason=reason,
            )
    except IntegrityError:
        raise ApplicationError(already) from None
    audit_log(content, "content.reported", actor=reporter, report=report.pk)
    events.moderation_reported(report)
    return report


def _resolve(content: Content, *, status: str, actor: User, note: str, now: datetime) -> int:
    return _open_reports(content).update(status=status, resolved_by=actor, resolved_at=now, note=note)


@transaction.atomic
def content_hide(*, content: Content, actor: User, reason: str, now: datetime | None = None) -> Content:
    """Hide content from public pages and the API; its open reports are resolved and its
    author(s) told why, after the commit."""
    reason = _clean_reason(reason, message=_("Give the reason: the team or person will read it."))
    if content.hidden_at is not None:
        raise ApplicationError(_("This content is already hidden."))
    now = now or timezone.now()
    content.hidden_at, content.hidden_reason = now, reason
    content.save(update_fields=["hidden_at", "hidden_reason", *_last_change(content)])
    resolved = _resolve(content, status=ReportStatus.HIDDEN, actor=actor, note=reason, now=now)
    audit_log(content, "content.hidden", actor=actor, reason=reason, reports=resolved)
    _notify_hidden(content, reason)
    kind, pk = content_kind(content), content.pk
    transaction.on_commit(lambda: email_moderation_decision.enqueue(kind, pk, True, reason))
    return content


def _notify_hidden(content: Content, reason: str) -> None:
    """The team of a hidden proposal, or the person whose team search was hidden."""
    if isinstance(content, Proposal):
        people, url = list(content.members.values_list("user_id", flat=True)), content.get_absolute_url()
        title = _("The organizers hid your proposal “%(title)s”") % {"title": content.title}
    else:
        people, url = [content.user_id], reverse("proposals:seekers", kwargs={"slug": content.challenge.slug})
        title = _("The organizers hid your team search in “%(challenge)s”") % {"challenge": content.challenge.title}
    notify_many(
        [Notification(user_id=pk, kind=NotificationKind.MODERATION, title=title, body=reason, url=url) for pk in people]
    )


@transaction.atomic
def content_restore(*, content: Content, actor: User, reason: str, now: datetime | None = None) -> Content:
    """Show hidden content again; reports received meanwhile are dismissed."""
    reason = _clean_reason(reason, message=_("Give the reason: the team or person will read it."))
    if content.hidden_at is None:
        raise ApplicationError(_("This content is not hidden."))
    now = now or timezone.now()
    content.hidden_at, content.hidden_reason = None, ""
    content.save(update_fields=["hidden_at", "hidden_reason", *_last_change(content)])
    resolved = _resolve(content, status=ReportStatus.DISMISSED, actor=actor, note=reason, now=now)
    audit_log(content, "content.restored", actor=actor, reason=reason, reports=resolved)
    kind, pk = content_kind(content), content.pk
    transaction.on_commit(lambda: email_moderation_decision.enqueue(kind, pk, False, reason))
    return content


@transaction.atomic
def report_dismiss(*, content: Content, actor: User, note: str, now: datetime | None = None) -> int:
    """Dismiss the open reports of content that stays visible; returns how many."""
    note = _clean_reason(note, message=_("Note why the reports are dismissed, for the other organizers."))
    resolved = _resolve(content, status=ReportStatus.DISMISSED, actor=actor, note=note, now=now or timezone.now())
    if not resolved:
        raise ApplicationError(_("There are no open reports about this content."))
    audit_log(content, "reports.dismissed", actor=actor, note=note, reports=resolved)
    return resolved
