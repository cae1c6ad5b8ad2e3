"""Who qualifies for a certificate of an edition or event, and what their certificate will state.

Each kind of certificate has one rule, evaluated in SQL for the whole challenge at once: the people who meet it come
back as one queryset of users annotated with their own facts (days attended, their team's proposal, their reviews),
so a page or a batch of a thousand costs the same few queries as a batch of three.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from challenges.models import Challenge, Phase, PhaseKind, Session
from challenges.selectors import challenge_mentors, challenge_organizers
from innovation_platform.accounts.models import User
from innovation_platform.core.aggregates import subquery_aggregate
from judging.models import Assignment, AssignmentStatus, Juror, JurorStatus
from projects.entry_codes import code_normalise
from projects.models import Certificate, CertificateKind, CheckIn
from proposals.models import MemberRole, ProposalMember, ProposalStatus

# A proposal counts once it was submitted, whatever the judging made of it; drafts and withdrawn ones do not.
SUBMITTED_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.SHORTLISTED,
    ProposalStatus.WAITLISTED,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
    ProposalStatus.DROPPED_OUT,
)
TEAM_ROLES = {
    CertificateKind.TEAM_MEMBER: (MemberRole.LEAD, MemberRole.MEMBER),
    CertificateKind.COLLABORATOR: (MemberRole.COLLABORATOR,),
}
# The kinds whose rule may also ask for attendance (a participant's rule is attendance).
ATTENDANCE_KINDS = (CertificateKind.PARTICIPANT, CertificateKind.TEAM_MEMBER, CertificateKind.COLLABORATOR)


@dataclass(frozen=True)
class CertificateRule:
    """The rule organizers choose: which certificate, and its parameters.

    `min_days`: attended on at least this many days (required, at least 1, for participants; 0 means no
    requirement for team members and collaborators). `selected_only`: team members and collaborators of
    selected proposals only, instead of any submitted one."""

    kind: str
    min_days: int = 0
    selected_only: bool = False

    def as_dict(self) -> dict:
        return {"kind": self.kind, "min_days": self.min_days, "selected_only": self.selected_only}


def certificate_candidates(challenge: Challenge, rule: CertificateRule) -> QuerySet[User]:
    """Everyone who meets `rule` in `challenge`, whether or not they have the certificate already, ordered by name,
    annotated with `days_attended`, `proposal_title` (team kinds), `reviews_done` (jurors), `issued` (holds a
    valid certificate of this kind) and `revoked` (had one that was revoked). A certificate prints its holder's
    name on a public page, so someone without a full name on their account does not qualify until they give one
    (never their e-mail address instead)."""
    held = Certificate.objects.filter(challenge=challenge, kind=rule.kind, user=OuterRef("pk"))
    people = (
        User.objects.filter(is_active=True)
        .exclude(full_name="")
        .annotate(
            days_attended=_days_attended(challenge),
            issued=Exists(held.filter(revoked_at=None)),
            revoked=Exists(held.filter(revoked_at__isnull=False)),
        )
    )
    if rule.kind == CertificateKind.PARTICIPANT:
        people = people.filter(
            pk__in=CheckIn.objects.filter(challenge=challenge).values("user"), days_attended__gte=max(rule.min_days, 1)
        )
    elif rule.kind in TEAM_ROLES:
        memberships = ProposalMember.objects.filter(
            proposal__challenge=challenge,
            role__in=TEAM_ROLES[rule.kind],
            proposal__status__in=(ProposalStatus.SELECTED,) if rule.selected_only else SUBMITTED_STATUSES,
        )
        people = people.filter(pk__in=memberships.values("user")).annotate(
            proposal_title=Subquery(
                memberships.filter(user=OuterRef("pk")).order_by("proposal_id").values("proposal__title")[:1]
            )
        )
        if rule.min_days:
            people = people.filter(days_attended__gte=rule.min_days)
    elif rule.kind == CertificateKind.JUROR:
        # Every review the person was given in the edition is done (recusals aside), and at least one was.
        reviews = Assignment.objects.filter(
            round__challenge=challenge, juror__user=OuterRef("pk"), juror__status=JurorStatus.ACTIVE
        )
        people = (
            people.filter(
                pk__in=Juror.objects.filter(round__challenge=challenge, status=JurorStatus.ACTIVE).values("user")
            )
            .annotate(
                reviews_done=subquery_aggregate(reviews.filter(status=AssignmentStatus.SUBMITTED)),
                reviews_to_do=subquery_aggregate(reviews.filter(status=AssignmentStatus.ASSIGNED)),
            )
            .filter(reviews_done__gt=0, reviews_to_do=0)
        )
    elif rule.kind == CertificateKind.MENTOR:
        people = people.filter(pk__in=challenge_mentors(challenge).values("pk"))
    else:  # who runs the edition, as the rules read it (a lab organizer who mentors this call is its mentor)
        people = people.filter(pk__in=challenge_organizers(challenge).values("pk"))
    return people.order_by("full_name", "pk")


def certificate_candidate_counts(candidates: QuerySet[User]) -> dict[str, int]:
    """How many of these candidates qualify, how many of them hold the certificate already, and how many issuing
    to everyone would reach (not those whose certificate was revoked): one query."""
    # (An aggregate named like the `issued` annotation would shadow it in the filter.)
    counts = candidates.order_by().aggregate(
        qualifying=Count("pk"),
        holding=Count("pk", filter=Q(issued=True)),
        due=Count("pk", filter=Q(issued=False, revoked=False)),
    )
    return {"qualifying": counts["qualifying"], "issued": counts["holding"], "due": counts["due"]}


def _days_attended(challenge: Challenge):
    """Days on which the person checked in to the event or to one of its sessions."""
    return subquery_aggregate(
        CheckIn.objects.filter(challenge=challenge, user=OuterRef("pk")), Count("day", distinct=True)
    )


def edition_facts(challenge: Challenge) -> dict:
    """What every certificate of the edition states about it, as it is today: its title, lab and dates (the lab
    phase's, else its sessions', else its timeline's), and on how many days attendance was taken."""
    starts_on, ends_on = _edition_dates(challenge)
    return {
        "edition": challenge.title,
        "lab": challenge.lab.name,
        "starts_on": starts_on and starts_on.isoformat(),
        "ends_on": ends_on and ends_on.isoformat(),
        "days_total": CheckIn.objects.filter(challenge=challenge).values("day").distinct().count(),
    }


def _edition_dates(challenge: Challenge) -> tuple[date | None, date | None]:
    lab = Phase.objects.filter(challenge=challenge, kind=PhaseKind.LAB).values_list("starts_at", "ends_at").first()
    if lab is None:
        sessions = Session.objects.filter(challenge=challenge).order_by()
        lab = sessions.aggregate(first=Min("starts_at"), last=Max("ends_at")).values()
        if None in lab:
            phases = Phase.objects.filter(challenge=challenge).order_by()
            lab = phases.aggregate(first=Min("starts_at"), last=Max("ends_at")).values()
    starts_at, ends_at = lab
    if starts_at is None:
        return None, None
    # An end is exclusive (midnight ends the day before); a moment earlier gives the last day.
    return (
        timezone.localtime(starts_at, challenge.tzinfo).date(),
        timezone.localtime(ends_at - timedelta(seconds=1), challenge.tzinfo).date(),
    )


def juror_rounds(challenge: Challenge, user_ids: list[int]) -> dict[int, list[str]]:
    """The rounds in which each of these people reviewed proposals of the edition, in the rounds' order."""
    rounds: dict[int, list[str]] = {}
    seats = (
        Juror.objects.filter(
            round__challenge=challenge,
            user__in=user_ids,
            status=JurorStatus.ACTIVE,
            assignments__status=AssignmentStatus.SUBMITTED,
        )
        .values_list("user_id", "round__name")
        .distinct()
        .order_by("user_id", "round__position", "round__pk")
    )
    for user_id, name in seats:
        rounds.setdefault(user_id, []).append(name)
    return rounds


def challenge_certificates(challenge: Challenge, *, kind: str = "") -> QuerySet[Certificate]:
    """The certificates issued in the edition, newest first, with who issued and revoked them."""
    certificates = Certificate.objects.filter(challenge=challenge).select_related("issued_by", "revoked_by")
    return certificates.filter(kind=kind) if kind else certificates


def certificates_of(user: User) -> QuerySet[Certificate]:
    """A person's certificates, newest first, with their edition."""
    return Certificate.objects.filter(user=user).select_related("challenge")


def certificate_by_code(code: str) -> Certificate | None:
    """Typed as printed or not: case, spaces and hyphens do not matter."""
    return Certificate.objects.filter(code=code_normalise(code)).select_related("challenge__lab").first()
