"""The broadcast service: sent only after the commit, nothing for a rollback, high-rate events
coalesced, old events pruned."""

import asyncio
import time
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from innovation_platform.live.services import publish, publish_coalesced
from tests.live.conftest import TIMEOUT, connect


@pytest.mark.django_db
def test_publish_stores_and_sends_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        publish("challenge.1", "announcement.published", {"title": "Hola"})
        assert LiveEvent.objects.count() == 0

    assert len(callbacks) == 1
    callbacks[0]()
    assert list(LiveEvent.objects.values_list("group", "type", "payload")) == [
        ("challenge.1", "announcement.published", {"title": "Hola"})
    ]


@database_sync_to_async
def publish_then_roll_back(group: str) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(group, "announcement.published", {"title": "Never"})
        raise RuntimeError("the service failed after publishing")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_rolled_back_transaction_stores_and_broadcasts_nothing(live_world):
    communicator = await connect("/ws/challenges/reto-agua/")

    await publish_then_roll_back(groups.challenge(live_world["challenge"].pk))

    assert await communicator.receive_nothing(0.3)
    assert await database_sync_to_async(LiveEvent.objects.count)() == 0
    await communicator.disconnect()


@database_sync_to_async
def publish_rapidly(group: str, count: int) -> None:
    for n in range(count):
        with transaction.atomic():
            publish_coalesced(group, "expo.vote", {"votes": n})


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_hundred_rapid_coalesced_publishes_make_at_most_three_broadcasts_ending_with_the_last(
    live_world, settings
):
    settings.LIVE_COALESCE_SECONDS = 0.5
    group = groups.round_console(live_world["round"].pk)
    communicator = await connect(f"/ws/judging/rounds/{live_world['round'].pk}/console/", live_world["organizer"])

    await publish_rapidly(group, 100)
    received = [await communicator.receive_json_from(TIMEOUT)]
    while received[-1]["payload"] != {"votes": 99}:
        received.append(await communicator.receive_json_from(TIMEOUT))
    await asyncio.sleep(0.6)  # a window more: nothing else follows the last state

    assert received[0]["payload"] == {"votes": 0}  # the leading edge goes out at once
    assert len(received) <= 3
    assert await communicator.receive_nothing(0.2)
    stored = await database_sync_to_async(list)(LiveEvent.objects.filter(group=group).values_list("id", flat=True))
    assert stored == [message["id"] for message in received]
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
def test_coalescing_from_a_worker_without_an_event_loop_still_delivers_the_last_state(settings):
    """A WSGI worker has no event loop: the end of the window is kept by a timer thread."""
    settings.LIVE_COALESCE_SECONDS = 0.2
    for n in range(10):
        publish_coalesced("round.7.console", "judging.progress", {"submitted": n})

    deadline = time.monotonic() + TIMEOUT
    while not LiveEvent.objects.filter(payload={"submitted": 9}).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(LiveEvent.objects.values_list("payload", flat=True)) == [{"submitted": 0}, {"submitted": 9}]


@pytest.mark.django_db
def test_live_prune_deletes_the_events_older_than_the_given_days():
    old, recent = LiveEvent.objects.bulk_create([LiveEvent(group="g", type="t"), LiveEvent(group="g", type="t")])
    LiveEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    call_command("live_prune", "--days", "7")

    assert list(LiveEvent.objects.values_list("pk", flat=True)) == [recent.pk]
