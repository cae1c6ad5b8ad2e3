"""The WebSocket consumers through the real ASGI stack: who may connect to which audience, what
each socket receives, and the replay of what a reconnecting client missed."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction

from innovation_platform.live import groups
from innovation_platform.live.consumers import CLOSE_REFUSED
from innovation_platform.live.models import LiveEvent, Notification
from innovation_platform.live.services import publish
from tests.live.conftest import TIMEOUT, connect

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def publish_committed(group: str, event_type: str, payload: dict) -> LiveEvent:
    """Publish as a service does, inside a transaction; returns the event stored after the commit."""
    with transaction.atomic():
        publish(group, event_type, payload)
    return LiveEvent.objects.filter(group=group).latest("id")


def as_received(event: LiveEvent) -> dict:
    return {"id": event.pk, "type": event.type, "payload": event.payload}


async def assert_refused(path: str, user) -> None:
    communicator = await connect(path, user)
    assert await communicator.receive_output(TIMEOUT) == {"type": "websocket.close", "code": CLOSE_REFUSED}
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/ws/challenges/reto-borrador/", "citizen"),  # a draft is the organizers' alone
        ("/ws/challenges/reto-borrador/", None),
        ("/ws/challenges/no-such-challenge/", "organizer"),
        ("/ws/challenges/reto-agua/organizers/", "citizen"),
        ("/ws/challenges/reto-agua/organizers/", None),
        ("/ws/judging/rounds/{round}/console/", "citizen"),
        ("/ws/judging/rounds/{round}/console/", None),
        ("/ws/judging/rounds/999999/console/", "organizer"),
        ("/ws/me/", None),
    ],
)
async def test_a_socket_for_an_audience_the_user_is_not_part_of_is_closed_with_4403(live_world, path, who):
    await assert_refused(path.format(round=live_world["round"].pk), live_world[who] if who else None)


async def test_each_socket_receives_exactly_the_events_of_its_audience(live_world):
    challenge, round_, citizen = live_world["challenge"], live_world["round"], live_world["citizen"]
    sockets = {
        "public": await connect("/ws/challenges/reto-agua/"),  # anonymous: the challenge is published
        "organizers": await connect("/ws/challenges/reto-agua/organizers/", live_world["organizer"]),
        "console": await connect(f"/ws/judging/rounds/{round_.pk}/console/", live_world["organizer"]),
        "me": await connect("/ws/me/", citizen),
    }
    assert await sockets["me"].receive_json_from(TIMEOUT) == {"type": "notifications.read", "payload": {"unread": 0}}
    events = {
        "public": await publish_committed(groups.challenge(challenge.pk), "announcement.published", {"n": 1}),
        "organizers": await publish_committed(groups.challenge_organizers(challenge.pk), "moderation.reported", {}),
        "console": await publish_committed(groups.round_console(round_.pk), "judging.progress", {"submitted": 2}),
        "me": await publish_committed(groups.user(citizen.pk), "notification.created", {"unread": 1}),
    }
    await publish_committed(groups.user(live_world["organizer"].pk), "notification.created", {"unread": 1})
    await publish_committed(groups.challenge(live_world["draft"].pk), "announcement.published", {"n": 2})

    for name, communicator in sockets.items():
        assert await communicator.receive_json_from(TIMEOUT) == as_received(events[name])
        assert await communicator.receive_nothing(0.2)
        await communicator.disconnect()


async def test_the_relayed_text_is_the_one_serialised_at_publish_time(live_world):
    communicator = await connect("/ws/challenges/reto-agua/")
    group = groups.challenge(live_world["challenge"].pk)
    event = await publish_committed(group, "phase.started", {"label": "Evaluación"})

    text = await communicator.receive_from(TIMEOUT)

    assert text == json.dumps({"id": event.pk, "type": "phase.started", "payload": {"label": "Evaluación"}})
    await communicator.disconnect()


async def test_a_reconnecting_client_receives_what_it_missed_in_order_then_live_events(live_world):
    group = groups.challenge(live_world["challenge"].pk)
    seen = await publish_committed(group, "announcement.published", {"n": 1})
    missed = [await publish_committed(group, "announcement.published", {"n": n}) for n in (2, 3)]
    await publish_committed(groups.challenge(live_world["draft"].pk), "announcement.published", {"n": 99})

    communicator = await connect(f"/ws/challenges/reto-agua/?last={seen.pk}")
    replayed = [await communicator.receive_json_from(TIMEOUT) for _ in missed]
    live = await publish_committed(group, "announcement.published", {"n": 4})

    assert replayed == [as_received(event) for event in missed]
    assert await communicator.receive_json_from(TIMEOUT) == as_received(live)
    assert await communicator.receive_nothing(0.2)
    await communicator.disconnect()


async def test_a_live_copy_of_a_replayed_event_is_not_sent_twice(live_world):
    group = groups.challenge(live_world["challenge"].pk)
    replayed = await publish_committed(group, "announcement.published", {"n": 1})
    communicator = await connect("/ws/challenges/reto-agua/?last=0")
    assert await communicator.receive_json_from(TIMEOUT) == as_received(replayed)

    # As if the broadcast of the replayed event reached the socket after the replay.
    await get_channel_layer().group_send(group, {"type": "live.event", "id": replayed.pk, "text": "duplicate"})
    later = await publish_committed(group, "announcement.published", {"n": 2})

    assert await communicator.receive_json_from(TIMEOUT) == as_received(later)
    await communicator.disconnect()


async def test_a_client_that_missed_more_than_the_replay_limit_is_told_to_reload(live_world, settings):
    settings.LIVE_REPLAY_LIMIT = 3
    group = groups.challenge(live_world["challenge"].pk)
    for n in range(4):
        await publish_committed(group, "announcement.published", {"n": n})

    communicator = await connect("/ws/challenges/reto-agua/?last=0")

    assert await communicator.receive_json_from(TIMEOUT) == {"type": "reload"}
    assert await communicator.receive_nothing(0.2)
    await communicator.disconnect()


async def test_a_client_that_missed_exactly_the_limit_replays_them_all(live_world, settings):
    settings.LIVE_REPLAY_LIMIT = 3
    group = groups.challenge(live_world["challenge"].pk)
    missed = [await publish_committed(group, "announcement.published", {"n": n}) for n in range(3)]

    communicator = await connect("/ws/challenges/reto-agua/?last=0")

    assert [await communicator.receive_json_from(TIMEOUT) for _ in missed] == [as_received(e) for e in missed]
    await communicator.disconnect()


async def test_without_a_last_id_nothing_is_replayed(live_world):
    await publish_committed(groups.challenge(live_world["challenge"].pk), "announcement.published", {"n": 1})

    communicator = await connect("/ws/challenges/reto-agua/")

    assert await communicator.receive_nothing(0.2)
    await communicator.disconnect()


@pytest.mark.parametrize("last", ["²", "٣", "1e3", "-1", "9" * 40])
async def test_a_last_id_that_is_not_a_plain_number_replays_nothing_and_keeps_the_socket(live_world, last):
    """`?last=²` closed the socket with 1011 and a traceback: `isdigit()` accepts it, `int()` doesn't."""
    await publish_committed(groups.challenge(live_world["challenge"].pk), "announcement.published", {"n": 1})

    communicator = await connect(f"/ws/challenges/reto-agua/?last={last}")

    assert await communicator.receive_nothing(0.2)
    await communicator.disconnect()


@pytest.mark.parametrize("path", ["/ws/no-such-audience/", "/ws/", "/elsewhere/"])
async def test_an_unknown_socket_path_is_refused_cleanly(live_world, path):
    """It answered HTTP 500 (the router found no route); now the socket is refused like a forbidden one."""
    await assert_refused(path, None)


async def test_the_personal_socket_starts_with_the_unread_count(live_world):
    citizen = live_world["citizen"]
    await database_sync_to_async(Notification.objects.bulk_create)(
        [Notification(user=citizen, kind="announcement", title=f"Aviso {n}") for n in range(2)]
    )

    communicator = await connect("/ws/me/", citizen)

    assert await communicator.receive_json_from(TIMEOUT) == {"type": "notifications.read", "payload": {"unread": 2}}
    await communicator.disconnect()


async def test_the_personal_socket_replays_nothing_the_count_covers_it(live_world):
    citizen = live_world["citizen"]
    await publish_committed(groups.user(citizen.pk), "notification", {"unread": 1})

    communicator = await connect("/ws/me/?last=0", citizen)

    assert (await communicator.receive_json_from(TIMEOUT))["type"] == "notifications.read"
    assert await communicator.receive_nothing(0.2)
    await communicator.disconnect()
