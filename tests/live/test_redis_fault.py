"""With the channel layer's Redis down, pages, submissions and announcements still work and the
failed broadcasts are logged; once Redis is back, live updates flow again. The test runs its own
redis-server, so stopping it leaves the suite's Redis alone."""

import logging
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from challenges.models import Announcement, Phase, Question
from proposals.models import ProposalStatus
from proposals.services.submission import proposal_start
from tests.live.conftest import TIMEOUT, connect
from tests.proposals.test_services import fill

ANNOUNCE = "/console/reto-agua/announcements/"


def signed_in(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


async def announce_while_connected(organizer: Client, title: str) -> dict:
    communicator = await connect("/ws/challenges/reto-agua/")
    response = await database_sync_to_async(organizer.post)(ANNOUNCE, {"title": title, "body": "Sala 2."})
    assert response.status_code == 302
    message = await communicator.receive_json_from(TIMEOUT)
    await communicator.disconnect()
    return message


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_site_keeps_working_and_live_updates_resume_when_it_returns(
    live_world, redis_server, settings, caplog
):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_server.url}]},
        }
    }
    challenge, citizen = live_world["challenge"], live_world["citizen"]
    Phase.objects.create(
        challenge=challenge,
        kind="proposals",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=10),
    )
    Question.objects.create(challenge=challenge, label="¿Cuántas familias?", kind="number", required=True)
    proposal = fill(proposal_start(challenge=challenge, actor=citizen, title="Borrador"), citizen)
    organizer = signed_in(live_world["organizer"])

    with caplog.at_level(logging.ERROR, logger="innovation_platform.live.services"):
        page = Client().get(challenge.get_absolute_url())
        submitted = signed_in(citizen).post(f"/proposals/{proposal.pk}/submit/")
        announced = organizer.post(ANNOUNCE, {"title": "Sin Redis", "body": "Sala 2."})

    assert (page.status_code, submitted.status_code, announced.status_code) == (200, 302, 302)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Announcement.objects.filter(title="Sin Redis").exists()
    failed = {record.getMessage().split(" to ")[0] for record in caplog.records}
    assert failed == {"Live broadcast of proposals.counters", "Live broadcast of announcement.published"}

    redis_server.start()
    message = async_to_sync(announce_while_connected)(organizer, "Con Redis")

    assert (message["type"], message["payload"]["title"]) == ("announcement.published", "Con Redis")
