"""Reads of the logbook and the mentors, each a bounded number of queries whatever the list's size."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from challenges.models import Challenge, ChallengeRoleKind, Visibility
from innovation_platform.accounts.models import User
from innovation_platform.core.permissions import can
from projects.models import LogbookComment, LogbookPost, Mentorship, PostVisibility, Project
from proposals.models import IN_THE_CALL

POSTS_PER_PAGE = 10


def logbook_posts(project: Project, *, user: User) -> QuerySet[LogbookPost]:
    """The project's posts `user` may read, newest first, with their authors, images and answers: four queries for
    a page of posts, whatever their number (the posts, then images and answers with their authors).

    Team-only posts are for the team, its mentors, organizers and staff; hidden posts for organizers, staff and
    their authors. The rule `projects.view_post` says the same of one post."""
    posts = LogbookPost.objects.filter(project=project)
    organizer = can(user, "projects.assign_mentors", project)
    if not organizer:
        shown = Q(hidden_at=None)
        if not can(user, "projects.view_team_posts", project):
            shown &= Q(visibility=PostVisibility.PUBLIC)
        if user.is_authenticated:
            shown |= Q(author=user)
        posts = posts.filter(shown)
    return _for_reading(posts)


def _for_reading(posts: QuerySet[LogbookPost]) -> QuerySet[LogbookPost]:
    return posts.select_related("author").prefetch_related(
        "images", Prefetch("comments", queryset=LogbookComment.objects.select_related("author"))
    )


def logbook_post_for_page(pk: int, *, project_pk: int) -> LogbookPost:
    """One post with its project (and what the rules ask of it), images and answers, or LogbookPost.DoesNotExist."""
    return _for_reading(
        LogbookPost.objects.select_related("project__challenge__lab", "project__proposal__challenge")
    ).get(pk=pk, project_id=project_pk)


def latest_public_posts(challenge: Challenge, *, limit: int = 5) -> list[LogbookPost]:
    """The newest public posts of the challenge's projects that everyone may read (one query): what its live page
    shows. Projects whose proposal the public may not see are left out, like their posts."""
    return list(
        LogbookPost.objects.filter(
            project__challenge=challenge,
            visibility=PostVisibility.PUBLIC,
            hidden_at=None,
            project__proposal__hidden_at=None,
            project__proposal__status__in=IN_THE_CALL,
            project__challenge__proposals_public=True,
        )
        .exclude(project__challenge__visibility=Visibility.DRAFT)
        .select_related("project")
        .only("pk", "title", "published_at", "project__id", "project__title")[:limit]
    )


def project_mentors(project: Project) -> QuerySet[User]:
    """The project's mentors, by name."""
    return User.objects.filter(mentorships__project=project).order_by("full_name", "pk")


def mentor_candidates(challenge: Challenge) -> QuerySet[User]:
    """The people holding the challenge's mentor role: whom organizers may assign to its projects."""
    return User.objects.filter(
        challenge_roles__challenge=challenge, challenge_roles__role=ChallengeRoleKind.MENTOR, is_active=True
    ).order_by("full_name", "pk")


def mentored_projects(user: User) -> QuerySet[Project]:
    """The projects `user` mentors, newest challenge first, with their post count and latest post's date
    (aggregated in SQL: one query per page)."""
    return (
        Project.objects.filter(mentorships__mentor=user)
        .select_related("challenge")
        .annotate(post_count=Count("posts", distinct=True), last_post_at=Max("posts__published_at"))
        .order_by("-challenge__created_at", "challenge_id", "proposal_id")
    )


def challenge_mentorships(challenge_id: int) -> dict[int, list[Mentorship]]:
    """The mentorships of every project of the challenge, with their mentors, by project (one query): the console's
    lab page lists them row by row."""
    by_project: dict[int, list[Mentorship]] = {}
    for mentorship in (
        Mentorship.objects.filter(project__challenge_id=challenge_id)
        .select_related("mentor")
        .order_by("mentor__full_name", "pk")
    ):
        by_project.setdefault(mentorship.project_id, []).append(mentorship)
    return by_project


def logbook_audience(post: LogbookPost) -> tuple[QuerySet[User], QuerySet[User]]:
    """The post's project's team and its mentors, as two querysets of active accounts (the author among them)."""
    team = User.objects.filter(proposal_memberships__proposal_id=post.project.proposal_id, is_active=True)
    mentors = User.objects.filter(mentorships__project_id=post.project_id, is_active=True)
    return team, mentors
