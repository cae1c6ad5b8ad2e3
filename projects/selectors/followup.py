"""Reading follow-up: which projects are followed, the boards per edition and per lab, the figures for open data
and the export. Every list aggregates in SQL: the queries do not grow with the projects or the answers."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge, Phase, PhaseKind
from innovation_platform.core.aggregates import subquery_aggregate
from innovation_platform.core.page_cache import challenge_scope, kept_for_pages
from innovation_platform.labs.models import Lab
from projects.models import Checkpoint, FollowUpRequest, Indicator, Outcome, Project
from projects.models.projects import BUILT_OUTCOMES
from projects.selectors.projects import challenge_lab_figures
from proposals.models import ProposalStatus


def challenge_today(challenge: Challenge, now: datetime | None = None) -> date:
    """The date in the challenge's time zone: checkpoints open and close on its days."""
    return timezone.localtime(now or timezone.now(), challenge.tzinfo).date()


def followed_projects(challenge: Challenge | int) -> QuerySet[Project]:
    """The projects a checkpoint asks: all of the edition's but those that dropped out (their outcome says so, or
    their proposal left the call) or withdrew."""
    return (
        Project.objects.filter(challenge=challenge)
        .exclude(outcome=Outcome.DROPPED_OUT)
        .exclude(proposal__status__in=[ProposalStatus.DROPPED_OUT, ProposalStatus.WITHDRAWN])
    )


def lab_end(challenge: Challenge) -> date | None:
    """The last day of the lab (its phase, else the final judging) in the challenge's time zone: follow-up
    checkpoints count months from it."""
    phases = dict(
        Phase.objects.filter(challenge=challenge, kind__in=[PhaseKind.LAB, PhaseKind.FINAL_JUDGING]).values_list(
            "kind", "ends_at"
        )
    )
    ends_at = phases.get(PhaseKind.LAB) or phases.get(PhaseKind.FINAL_JUDGING)
    return ends_at and timezone.localtime(ends_at, challenge.tzinfo).date()


# A team counts as asked once the job asked it, or once it answered without waiting to be asked.
ASKED = Q(asked_at__isnull=False) | Q(answered_at__isnull=False)


def checkpoints_with_counts(challenge: Challenge) -> list[Checkpoint]:
    """The edition's checkpoints, each with how many teams were asked (see ASKED), answered, and the indicators'
    sums."""
    return list(
        Checkpoint.objects.filter(challenge=challenge).annotate(
            asked=Count(
                "requests", filter=Q(requests__asked_at__isnull=False) | Q(requests__answered_at__isnull=False)
            ),
            answered=Count("requests", filter=Q(requests__answered_at__isnull=False)),
            people_reached=Coalesce(Sum("requests__people_reached"), Value(0)),
            funding=Sum("requests__funding"),
        )
    )


def open_follow_ups(project: Project, *, now: datetime | None = None) -> list[Checkpoint]:
    """The checkpoints the project's team may answer today (for the project page: "tell us how it is going")."""
    today = challenge_today(project.challenge, now)
    return list(Checkpoint.objects.filter(challenge_id=project.challenge_id, due_on__lte=today, closes_on__gte=today))


@dataclass
class BoardRow:
    project: Project
    followed: bool
    cells: list[FollowUpRequest | None] = field(default_factory=list)


def board_projects(challenge: Challenge) -> QuerySet[Project]:
    """The edition's projects for the board, each with whether checkpoints ask it (a dropped-out one is listed,
    not asked)."""
    return (
        Project.objects.filter(challenge=challenge)
        .select_related("proposal__challenge")
        .annotate(is_followed=Exists(followed_projects(challenge).filter(pk=OuterRef("pk"))))
        .order_by("proposal__number", "pk")
    )


def board_rows(projects: list[Project], checkpoints: list[Checkpoint]) -> list[BoardRow]:
    """One row per project of the page, one cell per checkpoint (its request, or None when not asked yet): one
    query for the whole page."""
    requests = {
        (request.project_id, request.checkpoint_id): request
        for request in FollowUpRequest.objects.filter(
            project__in=[project.pk for project in projects], checkpoint__in=[c.pk for c in checkpoints]
        ).select_related("answered_by")
    }
    return [
        BoardRow(
            project=project,
            followed=project.is_followed,
            cells=[requests.get((project.pk, checkpoint.pk)) for checkpoint in checkpoints],
        )
        for project in projects
    ]


def follow_up_figures(challenge: Challenge) -> dict:
    """The edition's follow-up in figures, for its board and for open data: per checkpoint how many teams were
    asked and answered, what they reported and the sums of people reached and funding; and how many projects have
    each outcome now. Three queries."""
    checkpoints = checkpoints_with_counts(challenge)
    statuses: dict[int, dict[str, int]] = {checkpoint.pk: {} for checkpoint in checkpoints}
    for checkpoint_id, status, count in (
        FollowUpRequest.objects.filter(checkpoint__challenge=challenge, answered_at__isnull=False)
        .values_list("checkpoint_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        statuses[checkpoint_id][status] = count
    outcomes = dict(
        Project.objects.filter(challenge=challenge).values_list("outcome").annotate(count=Count("pk")).order_by()
    )
    labels = dict(Outcome.choices)
    return {
        "checkpoints": [
            {
                "checkpoint": checkpoint,
                "asked": checkpoint.asked,
                "answered": checkpoint.answered,
                "people_reached": checkpoint.people_reached,
                "funding": checkpoint.funding or Decimal(0),
                "statuses": [
                    (status, labels[status], statuses[checkpoint.pk][status])
                    for status in Outcome.values
                    if statuses[checkpoint.pk].get(status)
                ],
            }
            for checkpoint in checkpoints
        ],
        "outcomes": [
            (outcome, labels[outcome], outcomes[outcome]) for outcome in Outcome.values if outcome in outcomes
        ],
    }


def _per_challenge(rows: QuerySet, aggregate, zero=0) -> Coalesce:
    """One figure per challenge from another table (`subquery_aggregate`)."""
    return subquery_aggregate(rows.filter(challenge_id=OuterRef("pk")), aggregate, zero)


def lab_follow_up_editions(lab: Lab) -> QuerySet[Challenge]:
    """The lab's editions that have projects or checkpoints, newest first, each with its follow-up figures."""
    requests = FollowUpRequest.objects.annotate(challenge_id=F("checkpoint__challenge_id"))
    return (
        Challenge.objects.filter(lab=lab)
        .filter(
            Exists(Project.objects.filter(challenge=OuterRef("pk")))
            | Exists(Checkpoint.objects.filter(challenge=OuterRef("pk")))
        )
        .annotate(
            project_count=_per_challenge(Project.objects.all(), Count("pk")),
            adopted=_per_challenge(Project.objects.filter(outcome=Outcome.ADOPTED), Count("pk")),
            checkpoint_count=_per_challenge(Checkpoint.objects.all(), Count("pk")),
            asked=_per_challenge(requests, Count("pk", filter=ASKED)),
            answered=_per_challenge(requests, Count("pk", filter=Q(answered_at__isnull=False))),
            people_reached=_per_challenge(requests, Sum("people_reached")),
            funding=_per_challenge(requests, Sum("funding"), Decimal(0)),
        )
        .only("pk", "slug", "title", "published_at", "lab_id")
        .order_by("-published_at", "-pk")
    )


def export_header() -> list[str]:
    return [
        _("Checkpoint"),
        _("Due on"),
        _("Reference"),
        _("Project"),
        _("Asked at"),
        _("Reminders sent"),
        _("Answered at"),
        _("Answered by"),
        _("Status reported"),
        str(Indicator.PEOPLE_REACHED.label),
        str(Indicator.FUNDING.label),
        str(Indicator.ADOPTED_BY.label),
        str(Indicator.SERVICE_URL.label),
        _("Answer to the question"),
        _("Comment"),
    ]


def export_rows(challenge: Challenge) -> Iterator[list]:
    """Every request of the edition's checkpoints, answered or not, read in chunks."""
    labels = dict(Outcome.choices)
    requests = (
        FollowUpRequest.objects.filter(checkpoint__challenge=challenge)
        .select_related("checkpoint", "project__proposal__challenge", "answered_by")
        .order_by("checkpoint__due_on", "checkpoint_id", "project__proposal__number", "project_id")
    )
    for request in requests.iterator(chunk_size=500):
        yield [
            request.checkpoint.title,
            request.checkpoint.due_on,
            request.project.proposal.reference,
            request.project.title,
            request.asked_at,
            request.reminders_sent,
            request.answered_at,
            request.answered_by.full_name if request.answered_by else "",
            str(labels[request.status]) if request.status else "",
            request.people_reached,
            request.funding,
            request.adopted_by,
            request.service_url,
            request.question_answer,
            request.comment,
        ]


def edition_outcomes(challenge_id: int) -> dict:
    """An edition's funnel for its chart: projects selected and built (`challenge_lab_figures`), and at the latest
    checkpoint teams answered, how many reported their project still going (built or beyond). Kept until a project,
    a checkpoint or an answer of the challenge changes (projects/page_versions.py)."""
    scopes = [challenge_scope(challenge_id)]
    return kept_for_pages("edition-outcomes", scopes, lambda: _edition_outcomes(challenge_id), challenge=challenge_id)


def _edition_outcomes(challenge_id: int) -> dict:
    figures = challenge_lab_figures(challenge_id)
    if not (figures["selected"] and figures["known"]):  # the lab has not run: no chart, no more queries
        return {**figures, "checkpoint": None, "alive": None}
    latest = (
        Checkpoint.objects.filter(challenge_id=challenge_id, requests__answered_at__isnull=False)
        .order_by("-due_on", "-pk")
        .values_list("pk", "title")
        .first()
    )
    alive = None
    if latest:
        alive = FollowUpRequest.objects.filter(
            checkpoint_id=latest[0], answered_at__isnull=False, status__in=BUILT_OUTCOMES
        ).count()
    return {**figures, "checkpoint": latest[1] if latest else None, "alive": alive}
