"""Demo certificates: the finished Arequipa hackathon's teams, collaborators, jurors, mentors and organizers, the
participants of any event whose attendance was taken, and one certificate revoked, with its reason.

When no attendance was recorded for the hackathon (the lab programme's demo records it when present), its two lab
days get check-ins here: the selected teams' people (one in four on the first day only) and the demo citizen, who
came to the open sessions, so her account holds a certificate to download and verify."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from challenges.models import Challenge, Phase, PhaseKind
from innovation_platform.accounts.models import User
from projects.models import Certificate, CertificateKind, CheckIn
from projects.selectors.certificates import CertificateRule
from projects.services.certificates import certificate_revoke
from projects.tasks_certificates import certificates_issue_all
from proposals.demo.hackathon import FINISHED_SLUG
from proposals.models import ProposalMember, ProposalStatus

HACKATHON_RULES = [
    CertificateRule(CertificateKind.TEAM_MEMBER, selected_only=True),
    CertificateRule(CertificateKind.COLLABORATOR, selected_only=True),
    CertificateRule(CertificateKind.JUROR),
    CertificateRule(CertificateKind.MENTOR),
    CertificateRule(CertificateKind.ORGANIZER),
]
REVOKE_REASON = (
    "Se emitió por error: la persona dejó el equipo antes de la hackatón y su lugar lo ocupó otra integrante."
)


def seed_certificates(accounts: dict[str, User]) -> int:
    """Issue the demo's certificates (idempotent: whoever has one is skipped) and return how many are new."""
    organizer = accounts["organizer"]
    issued = 0
    hackathon = Challenge.objects.select_related("lab").filter(slug=FINISHED_SLUG).first()
    if hackathon is not None:
        _attendance_if_none(hackathon, accounts["citizen"])
        for rule in HACKATHON_RULES:
            issued += certificates_issue_all(challenge=hackathon, rule=rule, actor=organizer)
        _date_after_the_results(hackathon)
        _revoke_one(hackathon, organizer, keep={user.pk for user in accounts.values()})
    # Events that are over and whose attendance was taken (the lab programme's demo, when present): whoever came on
    # a day. One still running (the training of today's demo) gets its certificates once it ends.
    running = Phase.objects.filter(ends_at__gt=timezone.now()).values("challenge")
    ended = Challenge.objects.filter(check_ins__isnull=False).exclude(pk__in=running).distinct()
    for event in ended.select_related("lab"):
        issued += certificates_issue_all(
            challenge=event, rule=CertificateRule("participant", min_days=1), actor=organizer
        )
        _date_after_the_results(event)
    return issued


def _attendance_if_none(challenge: Challenge, citizen: User) -> None:
    if CheckIn.objects.filter(challenge=challenge).exists():
        return
    lab = Phase.objects.filter(challenge=challenge, kind=PhaseKind.LAB).first()
    if lab is None:
        return
    first = timezone.localtime(lab.starts_at, challenge.tzinfo).date()
    days = [first, first + timedelta(days=1)]
    team = ProposalMember.objects.filter(proposal__challenge=challenge, proposal__status=ProposalStatus.SELECTED)
    people = sorted({*team.values_list("user_id", flat=True), citizen.pk})
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                challenge=challenge,
                user_id=user_id,
                day=day,
                checked_in_at=datetime.combine(day, time(9), challenge.tzinfo),
            )
            for number, user_id in enumerate(people)
            for day in (days[:1] if number % 4 == 3 and user_id != citizen.pk else days)
        ],
        ignore_conflicts=True,
    )


def _date_after_the_results(challenge: Challenge) -> None:
    """Certificates dated two days after the edition's last phase ended, as organizers would issue them."""
    last = Phase.objects.filter(challenge=challenge).exclude(kind=PhaseKind.FOLLOW_UP).order_by("-ends_at").first()
    if last is not None:
        issued_at = min(last.ends_at + timedelta(days=2), timezone.now())
        Certificate.objects.filter(challenge=challenge).update(issued_at=issued_at)


def _revoke_one(challenge: Challenge, organizer: User, *, keep: set[int]) -> None:
    """The team certificate of someone who left the team, revoked (once), never a demo account's."""
    certificates = Certificate.objects.filter(challenge=challenge, kind=CertificateKind.TEAM_MEMBER)
    if certificates.filter(revoked_at__isnull=False).exists():
        return
    certificate = certificates.exclude(user__in=keep).order_by("pk").last()
    if certificate is not None:
        certificate_revoke(certificate=certificate, actor=organizer, reason=REVOKE_REASON)
