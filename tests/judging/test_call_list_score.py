"""The organizers' list of a call shows each proposal's mean normalised score from the kept ranking, and the next
request after a review is saved shows the new one."""

import pytest
from django.urls import reverse
from django.utils.formats import number_format

from judging.models import RankingRow
from tests.core import page_cache_world
from tests.judging import results_world
from tests.judging.test_kept_figures import julia_submits

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world
page_cache_on = page_cache_world.page_cache_on


@pytest.fixture
def organizer(client, world):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world["organizer"])
    return client


def listed_scores(client, world, **params) -> dict[str, str]:
    challenge = world["round"].challenge
    response = client.get(reverse("call_proposals:list", args=[challenge.slug]), params)
    score = [column.key for column in response.context["columns"]].index("score")
    return {row.title: row.cells[score - len(response.context["columns"])] for row in response.context["page"]}


def kept_scores(world) -> dict[str, str]:
    rows = RankingRow.objects.filter(round=world["round"]).select_related("proposal")
    return {row.proposal.title: number_format(row.result["normalised"], 2) for row in rows}


def test_the_list_shows_the_kept_ranking_s_score_and_the_next_request_after_a_review_the_new_one(organizer, world):
    before = listed_scores(organizer, world)
    assert before == kept_scores(world)
    assert len(set(before.values())) > 1  # the scores differ, so a column of one repeated value would fail

    julia_submits(world, scores=(1, 1))
    after = listed_scores(organizer, world)

    assert after == kept_scores(world)
    assert after["Proposal 4"] != before["Proposal 4"]


def test_the_list_sorts_by_score(organizer, world):
    scores = listed_scores(organizer, world, sort="-score")
    values = [float(value) for value in scores.values() if value]
    assert values == sorted(values, reverse=True)


def test_a_kept_page_of_the_list_follows_each_review(organizer, world, page_cache_on):
    """With the list's pages kept (proposals/selectors/console.py `CallListIds`), the review progress filter and
    the sort by score change with the next request after a review is submitted (which bumps no public page)."""

    def titles(**params) -> list[str]:
        return list(listed_scores(organizer, world, **params))

    assert titles(reviews="in_progress") == ["Proposal 4"]
    assert titles(sort="-score")[2:] == ["Proposal 3", "Proposal 4"]

    julia_submits(world, scores=(5, 5))

    assert titles(reviews="in_progress") == []
    assert "Proposal 4" in titles(reviews="reviewed")
    assert titles(sort="-score")[2:] == ["Proposal 4", "Proposal 3"]
