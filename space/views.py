"""The home page (open and upcoming calls first, then the network) and Mi espacio, each person's own page: what
waits for them in every app, a few items of each with a link to the full list."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from challenges.countdown import card_describe
from challenges.models import Challenge
from challenges.selectors import (
    challenges_followed,
    challenges_for_home,
    challenges_of_my_labs,
    challenges_organized_by,
)
from innovation_platform.core.page_cache import DIRECTORY, SITE, public_page
from innovation_platform.core.selectors import labs_featured, network_summary
from judging.selectors.scoring import calls_review_progress, juror_rounds_due
from projects.selectors.logbook import mentored_projects
from proposals.selectors.mine import calls_figures, proposals_with_next_steps
from proposals.selectors.roles import applications_of_user
from proposals.selectors.teams import invitations_for_user

# Items shown in each section of Mi espacio; the section's "See all" leads to the rest.
SECTION_SIZE = 5


@require_GET
@public_page(lambda: [SITE, DIRECTORY])
def home(request):
    now = timezone.now()
    # Lazy: all but the greeting is the same for everyone, so a signed-in visitor usually gets it kept rendered
    # ({% shared %}), which reads none of it.
    calls = SimpleLazyObject(lambda: _home_calls(now))
    return render(
        request,
        "space/home.html",
        {
            "open_calls": SimpleLazyObject(lambda: calls["open"]),
            "upcoming": SimpleLazyObject(lambda: calls["upcoming"]),
            "summary": SimpleLazyObject(network_summary),
            "labs": labs_featured(),
        },
    )


def _home_calls(now: datetime) -> dict[str, list[Challenge]]:
    challenges = challenges_for_home(now=now)
    for challenge in (*challenges["open"], *challenges["upcoming"]):
        card_describe(challenge, now)
    return challenges


@dataclass
class Section:
    """One part of Mi espacio: its items (at most SECTION_SIZE) and where the full list lives."""

    items: list
    see_all: str


@login_required
@require_GET
def my_space(request):
    user, now = request.user, timezone.now()
    followed = challenges_followed(user, limit=SECTION_SIZE, now=now)
    labs = challenges_of_my_labs(user, limit=SECTION_SIZE, now=now)
    for challenge in (*followed, *labs):
        card_describe(challenge, now)
    sections = {
        "proposals": Section(proposals_with_next_steps(user, limit=SECTION_SIZE, now=now), reverse("proposals:mine")),
        "invitations": Section(list(invitations_for_user(user, now=now)[:SECTION_SIZE]), reverse("proposals:mine")),
        "reviews": Section(juror_rounds_due(user, limit=SECTION_SIZE, now=now), reverse("judging:mine")),
        "applications": Section(list(applications_of_user(user)[:SECTION_SIZE]), reverse("proposals:my_applications")),
        "organizing": Section(_organized_calls(user), reverse("console:dashboard")),
        "mentoring": Section(list(mentored_projects(user)[:SECTION_SIZE]), reverse("logbook:mentoring")),
        "followed": Section(followed, reverse("challenges:list")),
        "labs": Section(labs, reverse("challenges:list")),
    }
    return render(request, "space/my_space.html", {"sections": sections, "now": now})


def _organized_calls(user) -> list:
    """The person's latest calls as an organizer, each with its `figures` (proposals' CallFigures) and its reviews
    `reviews_done` of `reviews_counted`: three queries for all of them, none for people who organize nothing."""
    organized = list(challenges_organized_by(user)[:SECTION_SIZE])
    if not organized:
        return []
    calls = [challenge.pk for challenge in organized]
    figures, progress = calls_figures(calls), calls_review_progress(calls)
    for challenge in organized:
        challenge.figures = figures[challenge.pk]
        challenge.reviews_done, challenge.reviews_counted = progress.get(challenge.pk, (0, 0))
    return organized
