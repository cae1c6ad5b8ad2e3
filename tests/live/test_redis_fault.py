"""With the one Redis down (channel layer and cache, as deployed with REDIS_URL), sign-in, pages,
submissions and announcements still work and the failed broadcasts are logged; sockets open at the
failure are closed so their clients reconnect, and once Redis is back they catch up on what was
published meanwhile and receive live again. The tests run their own redis-server, so stopping it
leaves the suite's Redis alone."""

import logging
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from challenges.models import Announcement, Phase, Question
from innovation_platform.core import redis_cache
from proposals.models import ProposalStatus
from proposals.services.submission import proposal_start
from tests.conftest import PASSWORD
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


@pytest.fixture
def one_redis(redis_server, settings, monkeypatch):
    """Cache and channel layer on the test's Redis, configured as the settings do for REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "innovation_platform.core.redis_cache.FallbackRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "innovation_platform.live.layers.PubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_server.url}]},
        }
    }
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0)  # Redis is asked again as soon as it is back
    monkeypatch.setattr(redis_cache, "_retry_at", {})
    return redis_server


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_site_keeps_working_and_live_updates_resume_when_it_returns(live_world, one_redis, caplog):
    redis_server = one_redis
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
        visitor = Client()
        pages = [visitor.get(path).status_code for path in ("/", "/labs/", challenge.get_absolute_url())]
        # allauth counts sign-in attempts in the cache: its rate limit must not lock people out.
        signed = visitor.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
        submitted = visitor.post(f"/proposals/{proposal.pk}/submit/")
        announced = organizer.post(ANNOUNCE, {"title": "Sin Redis", "body": "Sala 2."})

    assert (pages, signed.status_code, submitted.status_code, announced.status_code) == ([200] * 3, 302, 302, 302)
    assert signed.url == "/"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Announcement.objects.filter(title="Sin Redis").exists()
    failed = {record.getMessage().split(" to ")[0] for record in caplog.records if record.name.endswith("services")}
    assert failed == {"Live broadcast of proposals.counters", "Live broadcast of announcement.published"}

    redis_server.start()
    message = async_to_sync(announce_while_connected)(organizer, "Con Redis")

    assert (message["type"], message["payload"]["title"]) == ("announcement.published", "Con Redis")


async def announce(organizer: Client, title: str) -> None:
    response = await database_sync_to_async(organizer.post)(ANNOUNCE, {"title": title, "body": "Sala 2."})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_sockets_open_when_redis_fails_are_closed_and_catch_up_once_it_returns(live_world, one_redis):
    organizer = signed_in(live_world["organizer"])
    live_page = "/ws/challenges/reto-agua/"

    async def scenario():
        one_redis.start()
        open_socket = await connect(live_page)
        await announce(organizer, "Antes")
        seen = await open_socket.receive_json_from(TIMEOUT)
        await database_sync_to_async(one_redis.stop)()
        # Pub/sub would drop what follows without a sign: the socket is closed so its client reconnects.
        lost = await open_socket.receive_output(TIMEOUT)
        await announce(organizer, "Durante")
        await database_sync_to_async(one_redis.start)()
        back = await connect(f"{live_page}?last={seen['id']}")
        replayed = await back.receive_json_from(TIMEOUT)
        await announce(organizer, "Después")
        live = await back.receive_json_from(TIMEOUT)
        await back.disconnect()
        return lost, [event["payload"]["title"] for event in (seen, replayed, live)]

    lost, titles = async_to_sync(scenario)()

    assert lost == {"type": "websocket.close", "code": 1012}
    assert titles == ["Antes", "Durante", "Después"]
