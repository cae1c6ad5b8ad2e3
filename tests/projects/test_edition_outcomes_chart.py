"""An edition's outcomes on its challenge page, as a chart: selected, built, and still going at the latest
follow-up teams answered; nothing before the lab has run."""

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import FollowUpRequest, Project
from tests.projects import followup_world
from tests.projects.followup_world import make_projects

pytestmark = pytest.mark.django_db
world = followup_world.world
clock = followup_world.clock


def outcomes(client, world) -> dict | None:
    response = client.get(reverse("challenges:detail", args=[world["challenge"].slug]), HTTP_ACCEPT_LANGUAGE="en")
    chart = next(
        (c["chart"] for c in response.context if c.get("chart") and c["chart"].key.endswith("-outcomes")), None
    )
    return {row[0]: row[1] for row in chart.rows} if chart else None


def answer(project, checkpoint, status):
    FollowUpRequest.objects.create(
        checkpoint=checkpoint, project=project, asked_at=timezone.now(), answered_at=timezone.now(), status=status
    )


def test_selected_built_and_still_going_at_the_latest_follow_up(client, world):
    others = make_projects(world["challenge"], 3)
    Project.objects.filter(pk=others[0].pk).update(outcome="not_built")
    Project.objects.filter(pk=others[1].pk).update(outcome="dropped_out")
    answer(world["project"], world["checkpoint"], "piloting")
    answer(others[2], world["checkpoint"], "not_built")

    assert outcomes(client, world) == {"Selected": "3", "Built": "2", "Still going at “3 months”": "1"}


def test_before_any_follow_up_answer_the_chart_stops_at_built(client, world):
    assert outcomes(client, world) == {"Selected": "1", "Built": "1"}


def test_nothing_while_the_lab_is_running(client, world):
    Project.objects.update(outcome="in_lab")

    assert outcomes(client, world) is None


def test_the_queries_do_not_grow_with_the_projects(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    url = reverse("challenges:detail", args=[world["challenge"].slug])
    answer(world["project"], world["checkpoint"], "built")
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for project in make_projects(world["challenge"], 20):
        answer(project, world["checkpoint"], "built")

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
