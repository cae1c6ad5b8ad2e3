"""The demo's finished hackathon shows its projects: documented, six built (one piloting, one adopted by the
provincial municipality with a link), two not built, and the team that dropped out says so; loading again adds
nothing and nothing is sent."""

import random

import pytest

from challenges.demo import seed_challenges
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.labs.demo import seed_labs
from judging.demo import seed_judging
from projects.demo.projects import ADOPTED_BY, ADOPTED_URL, seed_projects
from projects.models import Outcome, OutcomeChange, Project
from projects.selectors.projects import challenge_lab_figures
from proposals.demo import seed_proposals
from proposals.demo.dropout import DROPOUT_REASON, seed_finished_dropout
from proposals.demo.hackathon import FINISHED_SLUG, WINNER

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    seed_proposals(accounts)
    seed_judging(accounts)
    seed_finished_dropout(accounts)
    return accounts


def test_the_hackathon_s_projects_and_their_outcomes(accounts, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_projects(accounts) == 8

    projects = Project.objects.filter(challenge__slug=FINISHED_SLUG)
    assert sorted(projects.values_list("outcome", flat=True)) == sorted(
        [Outcome.ADOPTED, Outcome.PILOTING, *[Outcome.BUILT] * 4, *[Outcome.NOT_BUILT] * 2, Outcome.DROPPED_OUT]
    )
    winner = projects.get(proposal__title=WINNER)
    assert (winner.outcome, winner.adopted_by, winner.adopted_url) == (Outcome.ADOPTED, ADOPTED_BY, ADOPTED_URL)
    assert list(winner.outcome_changes.values_list("outcome", flat=True)) == ["adopted", "piloting", "built"]
    assert winner.slides and winner.built_what
    dropped = projects.get(outcome=Outcome.DROPPED_OUT)
    assert list(dropped.outcome_changes.values_list("reason", flat=True)) == [DROPOUT_REASON]
    figures = challenge_lab_figures(winner.challenge_id)
    assert (figures["selected"], figures["built"]) == (8, 6)
    assert mailoutbox == []

    changes = OutcomeChange.objects.count()
    assert seed_projects(accounts) == 0
    assert OutcomeChange.objects.count() == changes
