"""Issuing certificates in bulk to the people who meet a rule, and revoking one."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from projects.models import Certificate, CertificateKind
from projects.selectors.certificates import (
    ATTENDANCE_KINDS,
    TEAM_ROLES,
    CertificateRule,
    certificate_candidate_counts,
    certificate_candidates,
)
from projects.tasks_certificates import certificates_issue_all, certificates_issue_task

# Up to this many people are issued within the organizer's request; more go to the task queue.
INLINE_LIMIT = 300
# Names quoted in a refusal, at most.
NAMES_SHOWN = 5


@dataclass(frozen=True)
class IssueOutcome:
    issued: int = 0  # issued now
    queued: int = 0  # to be issued in the background
    skipped: int = 0  # held a valid certificate of this kind already


def certificate_rule_check(rule: CertificateRule) -> None:
    """Refuse a rule that cannot be applied, with a message for the organizer."""
    if rule.kind not in CertificateKind.values:
        raise ApplicationError(_("Choose which certificate to issue."), field="kind")
    if rule.min_days < 0 or (rule.min_days and rule.kind not in ATTENDANCE_KINDS):
        raise ApplicationError(_("Only participants, team members and collaborators are counted by attendance."))
    if rule.kind == CertificateKind.PARTICIPANT and rule.min_days < 1:
        raise ApplicationError(_("Say on how many days participants must have attended."), field="min_days")
    if rule.selected_only and rule.kind not in TEAM_ROLES:
        raise ApplicationError(_("Only teams' certificates depend on their proposal being selected."))


def certificates_issue(
    *, challenge: Challenge, rule: CertificateRule, actor: User, user_ids: list[int] | None = None
) -> IssueOutcome:
    """Issue the certificate of `rule` to everyone in `challenge` who meets it, or to those of `user_ids` only.

    Whoever holds a valid certificate of this kind is skipped, so a repeated request (a double click, a retry)
    issues nothing twice; whoever had one revoked is left out unless named in `user_ids`. If one of `user_ids`
    does not meet the rule the whole request is refused with an ApplicationError naming them, and nothing is
    issued. Up to INLINE_LIMIT people are issued at once; more are queued (`certificates_issue_task`) after the
    commit. Side effects: an audit entry "certificates.issued" on the challenge, and "certificate.issued" on each
    certificate.
    """
    certificate_rule_check(rule)
    candidates = certificate_candidates(challenge, rule)
    if user_ids is not None:
        user_ids = sorted(set(user_ids))
        qualifying = set(candidates.filter(pk__in=user_ids).values_list("pk", flat=True))
        if refused := [pk for pk in user_ids if pk not in qualifying]:
            raise ApplicationError(_refusal(refused))
        candidates = candidates.filter(pk__in=user_ids)
    counts = certificate_candidate_counts(candidates)
    skipped = counts["issued"]
    # Chosen by name, someone whose certificate was revoked is given a new one; "everyone" leaves them out.
    due = counts["qualifying"] - skipped if user_ids is not None else counts["due"]
    if not due:
        if counts["qualifying"]:
            return IssueOutcome(skipped=skipped)
        raise ApplicationError(_("Nobody meets this rule yet, so no certificate was issued."))
    if due > INLINE_LIMIT:
        with transaction.atomic():
            audit_log(challenge, "certificates.queued", actor=actor, people=due, **rule.as_dict())
            transaction.on_commit(
                lambda: certificates_issue_task.enqueue(challenge.pk, rule.as_dict(), actor.pk, user_ids)
            )
        return IssueOutcome(queued=due, skipped=skipped)
    issued = certificates_issue_all(challenge=challenge, rule=rule, actor=actor, user_ids=user_ids)
    return IssueOutcome(issued=issued, skipped=skipped)


def _refusal(user_ids: list[int]) -> str:
    names = list(User.objects.filter(pk__in=user_ids).order_by("full_name").values_list("full_name", flat=True))
    if not names:
        return _("These people are not known, so no certificate was issued.")
    shown = ", ".join(names[:NAMES_SHOWN]) + ("…" if len(names) > NAMES_SHOWN else "")
    return ngettext(
        "%(names)s does not meet the rule of this certificate, so none was issued.",
        "%(names)s do not meet the rule of this certificate, so none was issued.",
        len(names),
    ) % {"names": shown}


def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Revoke a certificate for `reason`: its verification page says so from now on, its PDF is no longer given,
    and the person may be issued a new one. Refused if it is revoked already or without a reason. Side effect: an
    audit entry "certificate.revoked"."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the certificate is revoked."), field="reason")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise ApplicationError(_("This certificate was revoked already."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_log(certificate, "certificate.revoked", actor=actor, reason=reason)
        audit_log(
            certificate.challenge, "certificate.revoked", actor=actor, code=certificate.code, name=certificate.name
        )
    return certificate
