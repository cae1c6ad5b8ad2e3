"""The challenge's page shows its lab's figures and the edition's outcomes (projects/page_versions.py): with the page
cache on, the next request after a project's outcome is recorded or a team answers its follow-up renders the change,
for a signed-out reader (the whole page was kept) and a signed-in one (its shared parts were)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_platform.core.page_cache import pages_changed
from projects.services.followup import follow_up_answer
from projects.services.projects import project_outcome_set
from tests.conftest import make_challenge, make_user
from tests.core import page_cache_world
from tests.core.test_page_cache_freshness import cached_read
from tests.projects import followup_world
from tests.projects.followup_world import make_project

pytestmark = pytest.mark.django_db
world = followup_world.world
clock = followup_world.clock
page_cache_on = page_cache_world.page_cache_on


@pytest.fixture(params=["signed out", "signed in"])
def reader(request, world, page_cache_on, django_capture_on_commit_callbacks):
    client = Client(headers={"accept-language": "en"})
    with django_capture_on_commit_callbacks(execute=True):  # the world's setup, committed
        pages_changed()
        if request.param == "signed in":
            client.force_login(make_user("reader@example.org"))
    return client


def challenge_page(world) -> str:
    return reverse("challenges:detail", args=[world["challenge"].slug])


def test_an_outcome_recorded_changes_the_lab_s_figures(reader, world, django_capture_on_commit_callbacks):
    assert "1 selected</strong> · <strong>1 built" in cached_read(reader, challenge_page(world))

    with django_capture_on_commit_callbacks(execute=True):
        project_outcome_set(
            project=world["project"],
            actor=world["organizer"],
            outcome="not_built",
            on=date(2026, 6, 14),
            reason="The pilot found no funding.",
        )

    assert "1 selected</strong> · <strong>0 built" in reader.get(challenge_page(world)).content.decode()


def test_a_follow_up_answer_changes_the_edition_s_outcomes(reader, world, django_capture_on_commit_callbacks):
    assert "Still going at" not in cached_read(reader, challenge_page(world))

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_answer(
            checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="piloting"
        )

    assert "Still going at" in reader.get(challenge_page(world)).content.decode()


def test_a_call_s_first_project_is_offered_by_the_next_gallery_s_filter(
    world, page_cache_on, django_capture_on_commit_callbacks
):
    """The gallery's filter choices are kept (a scan of the network's projects) until a project, a call or a lab
    changes."""
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()  # the world's setup, committed
    client = Client(headers={"accept-language": "en"})
    assert "Reto Nuevo" not in client.get(reverse("projects:gallery")).content.decode()
    with CaptureQueriesContext(connection) as second_read:
        client.get(reverse("projects:gallery"))
    assert not [query for query in second_read if query["sql"].startswith("SELECT DISTINCT")]  # the choices, kept

    with django_capture_on_commit_callbacks(execute=True):
        challenge = make_challenge(world["lab"], "reto-nuevo", title="Reto Nuevo", code="NUE26", visibility="archived")
        make_project(challenge, "Huertos verticales", world["lead"], number=1)

    assert "Reto Nuevo" in client.get(reverse("projects:gallery")).content.decode()
