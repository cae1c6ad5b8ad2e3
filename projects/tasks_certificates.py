"""Issuing certificates in the background, BATCH people at a time (tasks take primary keys)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log, audit_log_many
from projects.models import Certificate, CertificateKind
from projects.selectors.certificates import (
    TEAM_ROLES,
    CertificateRule,
    certificate_candidates,
    edition_facts,
    juror_rounds,
)

BATCH = 250


@task()
def certificates_issue_task(challenge_id: int, rule: dict, actor_id: int | None, user_ids: list[int] | None) -> int:
    """Issue a rule's certificates queued by `certificates_issue`; a retried run skips whoever has one already."""
    return certificates_issue_all(
        challenge=Challenge.objects.select_related("lab").get(pk=challenge_id),
        rule=CertificateRule(**rule),
        actor=User.objects.filter(pk=actor_id).first(),
        user_ids=user_ids,
    )


def certificates_issue_all(
    *, challenge: Challenge, rule: CertificateRule, actor: User | None, user_ids: list[int] | None = None
) -> int:
    """Issue, BATCH people at a time, to whoever meets the rule now and has no certificate of its kind yet (nor a
    revoked one, unless named in `user_ids`); return how many were issued. Each batch is its own transaction, so
    an interrupted run resumes where it stopped."""
    due = certificate_candidates(challenge, rule).filter(issued=False).order_by("pk")
    due = due.filter(pk__in=user_ids) if user_ids is not None else due.filter(revoked=False)
    facts = edition_facts(challenge)
    issued = last = 0
    while batch := list(due.filter(pk__gt=last)[:BATCH]):
        last = batch[-1].pk
        issued += _issue_batch(challenge, rule, actor, batch, facts)
    if issued:
        audit_log(challenge, "certificates.issued", actor=actor, people=issued, **rule.as_dict())
    return issued


@transaction.atomic
def _issue_batch(challenge: Challenge, rule: CertificateRule, actor: User | None, people: list[User], facts) -> int:
    rounds = juror_rounds(challenge, [person.pk for person in people]) if rule.kind == CertificateKind.JUROR else {}
    now = timezone.now()
    certificates = [
        Certificate(
            challenge=challenge,
            user=person,
            kind=rule.kind,
            name=person.full_name,
            language=person.language,
            facts=_person_facts(person, rule, facts, rounds),
            issued_at=now,
            issued_by=actor,
        )
        for person in people
    ]
    # A certificate issued meanwhile by another request (the same rule twice at once) is skipped by the database.
    Certificate.objects.bulk_create(certificates, ignore_conflicts=True)
    created = list(
        Certificate.objects.filter(code__in=[certificate.code for certificate in certificates]).values_list(
            "pk", flat=True
        )
    )
    audit_log_many(Certificate, created, "certificate.issued", actor=actor, kind=rule.kind)
    return len(created)


def _person_facts(person: User, rule: CertificateRule, facts: dict, rounds: dict[int, list[str]]) -> dict:
    mine = {**facts, "days_attended": person.days_attended}
    if rule.kind in TEAM_ROLES:
        mine["proposal"] = person.proposal_title
    elif rule.kind == CertificateKind.JUROR:
        mine["reviews"] = person.reviews_done
        mine["rounds"] = rounds.get(person.pk, [])
    return mine
