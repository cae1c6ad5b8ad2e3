"""Reading projects: a project's page, the network's gallery, a call's lab page and the challenge's lab figures."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet

from challenges.models import Challenge, Visibility
from innovation_platform.core.aggregates import subquery_aggregate
from innovation_platform.core.page_cache import SITE, kept_for_pages
from projects.models import Mentorship, Outcome, OutcomeChange, Project
from projects.models.projects import BUILT_OUTCOMES
from proposals.models import IN_THE_CALL, ProposalMember


def project_for_page(pk: int) -> Project:
    """A project with everything its page shows, in a fixed number of queries."""
    return (
        Project.objects.select_related("proposal__challenge__lab", "challenge__lab")
        .prefetch_related(
            Prefetch("proposal__members", queryset=ProposalMember.objects.select_related("user__profile")),
            Prefetch("outcome_changes", queryset=OutcomeChange.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def project_for_editing(pk: int) -> Project:
    return Project.objects.select_related("proposal__challenge", "challenge__lab").get(pk=pk)


def challenge_lab_figures(challenge_id: int) -> dict:
    """How many selected proposals the challenge's lab took in (its projects but those whose team dropped out), how
    many of them were built (`BUILT_OUTCOMES`), and whether any outcome beyond the lab is known yet: one aggregate
    query on the (challenge, outcome) index."""
    figures = Project.objects.filter(challenge_id=challenge_id).aggregate(
        selected=Count("pk", filter=~Q(outcome=Outcome.DROPPED_OUT)),
        built=Count("pk", filter=Q(outcome__in=BUILT_OUTCOMES)),
        decided=Count("pk", filter=~Q(outcome__in=[Outcome.IN_LAB, Outcome.DROPPED_OUT])),
    )
    return {**figures, "known": bool(figures["decided"])}


# --- The gallery ---------------------------------------------------------------------------------------------------


def public_projects() -> QuerySet[Project]:
    """Projects anyone may see: their proposal is public (`proposals.rules.is_public_proposal`, in SQL)."""
    return Project.objects.filter(
        proposal__status__in=IN_THE_CALL,
        proposal__hidden_at__isnull=True,
        challenge__proposals_public=True,
    ).exclude(challenge__visibility=Visibility.DRAFT)


def projects_gallery(*, challenge: str = "", lab: str = "", outcome: str = "", region: str = "") -> QuerySet[Project]:
    """Public projects, filtered by the challenge's and lab's web addresses, the outcome and the proposal's region,
    newest first, with what a card shows."""
    projects = public_projects()
    if challenge:
        projects = projects.filter(challenge__slug=challenge)
    if lab:
        projects = projects.filter(challenge__lab__slug=lab)
    if outcome:
        projects = projects.filter(outcome=outcome)
    if region:
        projects = projects.filter(proposal__region=region)
    return (
        projects.select_related("proposal", "challenge")
        .only(
            "title",
            "summary",
            "outcome",
            "outcome_on",
            "created_at",
            "challenge__title",
            "challenge__slug",
            "challenge__code",
            "proposal__number",
            "proposal__region",
            "proposal__country",
            "proposal__cover_thumbnail",
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list read after a position instead of counted: its cost does not grow with the list."""

    object_list: list
    next_cursor: str
    is_first: bool


def keyset_page(projects: QuerySet[Project], cursor: str, size: int) -> KeysetPage:
    """The `size` projects after `cursor` (ordered newest first: "<created_at>_<pk>" of the last one shown), and the
    cursor of the next page, or "" on the last page. An unreadable cursor starts from the newest."""
    after = _read_cursor(cursor)
    if after is not None:
        created_at, pk = after
        projects = projects.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    rows = list(projects[: size + 1])
    next_cursor = ""
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = f"{rows[-1].created_at.isoformat()}_{rows[-1].pk}"
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=after is None)


def _read_cursor(cursor: str) -> tuple[datetime, int] | None:
    moment, _, pk = (cursor or "").rpartition("_")
    try:
        created_at = datetime.fromisoformat(moment)
        return (created_at, int(pk)) if created_at.tzinfo is not None else None
    except ValueError:
        return None


def projects_gallery_choices() -> dict:
    """The challenges and labs that have public projects, for the gallery's filters (kept: their cost grows with the
    network; until a project, a call or a lab changes, which bumps `SITE`)."""

    def compute():
        rows = (
            public_projects()
            .order_by()
            .values_list("challenge__slug", "challenge__title", "challenge__lab__slug", "challenge__lab__name")
            .distinct()
        )
        return [list(row) for row in rows]

    rows = kept_for_pages("project-gallery-choices", [SITE], compute)
    challenges = sorted({(slug, title) for slug, title, _lab, _name in rows}, key=lambda item: item[1])
    labs = sorted({(lab, name) for _slug, _title, lab, name in rows}, key=lambda item: item[1])
    return {"challenges": challenges, "labs": labs}


# --- The organizers' lab page ----------------------------------------------------------------------------------------


def call_lab_projects(challenge: Challenge) -> QuerySet[Project]:
    """The call's projects with their team size and number of mentors (counted in SQL, one query for all)."""
    return (
        Project.objects.filter(challenge=challenge)
        .select_related("proposal", "challenge")
        .annotate(
            team_size=subquery_aggregate(ProposalMember.objects.filter(proposal_id=OuterRef("proposal_id"))),
            mentor_count=subquery_aggregate(Mentorship.objects.filter(project_id=OuterRef("pk"))),
        )
        .order_by("proposal__number", "pk")
    )
