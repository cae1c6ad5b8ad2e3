"""An outcome reaches the challenge's public socket as its new lab figures, once committed."""

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from projects.models import Outcome
from projects.services.projects import project_outcome_set
from tests.conftest import make_user
from tests.live.conftest import TIMEOUT, connect, live_world  # noqa: F401
from tests.projects.projects_world import make_project

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def record_outcome(challenge, organizer):
    lead = make_user("lead@example.org")
    project = make_project(challenge, "Medidor", lead, number=1)
    project_outcome_set(
        project=project,
        actor=organizer,
        outcome=Outcome.BUILT,
        on=timezone.localdate(timezone=challenge.tzinfo),
        reason="Working in the final demo.",
    )


async def test_an_outcome_is_published_to_the_challenge_s_public_socket(live_world):  # noqa: F811
    socket = await connect("/ws/challenges/reto-agua/")

    await record_outcome(live_world["challenge"], live_world["organizer"])

    frame = await socket.receive_json_from(TIMEOUT)
    assert (frame["type"], frame["payload"]) == ("project.outcome", {"selected": 1, "built": 1})
    assert await socket.receive_nothing(0.2)
    await socket.disconnect()
