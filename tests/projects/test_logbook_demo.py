"""The demo's logbooks: the finished hackathon's projects with their mentors, posts over the two lab days (some for
the team only), two photos and the mentors' answers, the same on every load; loading again adds nothing."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from challenges.demo import seed_challenges
from challenges.models import ChallengeRole
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.core.permissions import can
from innovation_platform.labs.demo import seed_labs
from judging.demo import seed_judging
from projects.demo.logbook import seed_logbook
from projects.models import LogbookComment, LogbookImage, LogbookPost, Mentorship, Project
from proposals.demo import seed_proposals
from proposals.demo.collaborators import seed_finished_collaborators
from proposals.demo.dropout import seed_finished_dropout
from proposals.demo.hackathon import FINISHED_SLUG, WINNER

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    """The demo up to the lab, then its logbooks."""
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    seed_proposals(accounts)
    seed_judging(accounts)
    seed_finished_dropout(accounts)
    seed_finished_collaborators()
    return accounts, seed_logbook(accounts)


def snapshot():
    return list(
        LogbookPost.objects.order_by("published_at", "pk").values_list(
            "project__title", "author__email", "title", "visibility", "published_at"
        )
    )


def test_every_selected_project_has_a_mentor_of_the_challenge_and_a_logbook_the_winners_with_photos(seeded):
    accounts, added = seeded
    projects = Project.objects.filter(challenge__slug=FINISHED_SLUG, proposal__status="selected")

    assert added == LogbookPost.objects.count() > 0
    assert {project.mentorships.count() for project in projects} == {1}
    mentors = set(Mentorship.objects.values_list("mentor_id", flat=True))
    assert accounts["mentor"].pk in mentors
    assert all(
        ChallengeRole.objects.filter(user_id=pk, challenge__slug=FINISHED_SLUG, role="mentor").exists()
        for pk in mentors
    )
    assert all(project.posts.exists() for project in projects)
    # The winner's logbook: two photos, a team-only post and the mentor's answers.
    winner = Project.objects.get(title=WINNER)
    posts = winner.posts.all()

    assert posts.filter(visibility="team").count() == 1
    assert LogbookImage.objects.filter(project=winner).count() == 2
    assert all(image.alt_text for image in LogbookImage.objects.all())
    assert LogbookComment.objects.filter(post__project=winner).count() == 3
    team_post = posts.get(visibility="team")
    assert can(AnonymousUser(), "projects.view_post", team_post) is False


def test_loading_again_adds_nothing_and_the_public_reads_the_posts_dated_in_the_lab(seeded, client):
    accounts, _added = seeded
    before = snapshot()

    assert seed_logbook(accounts) == 0
    assert snapshot() == before
    winner = Project.objects.get(title=WINNER)
    lab = winner.challenge.phases.get(kind="lab")
    assert all(lab.starts_at <= post.published_at <= lab.ends_at for post in LogbookPost.objects.all())
    html = client.get(reverse("logbook:list", args=[winner.pk])).content.decode()

    assert "Primer prototipo armado" in html and "Presupuesto y compras pendientes" not in html
