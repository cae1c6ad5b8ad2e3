"""WebSocket consumers: check the central rules in `connect()`, join the audience's groups,
replay what a reconnecting client missed, then relay. They never write.

A client connects with `?last=<id>`, the id of the last event it has (the page renders it);
without it, nothing is replayed.
"""

import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from innovation_platform.live import groups
from innovation_platform.live.audiences import audience_groups
from innovation_platform.live.notifications import unread
from innovation_platform.live.selectors import live_events_after
from innovation_platform.live.services import live_event_text

# Not a WebSocket standard code: the HTTP status in the 4000-4999 range left to applications,
# so the client can tell "not allowed" (stop) from a dropped connection (reconnect).
CLOSE_REFUSED = 4403
# WebSocket's own code for "the service is restarting": the socket's feed broke (Redis). The client
# reconnects with its backoff (handshakes fail until Redis answers) and replays what it missed.
CLOSE_FEED_LOST = 1012
RELOAD = json.dumps({"type": "reload"})


class LiveConsumer(AsyncWebsocketConsumer):
    """Subclasses name a registered audience (`audiences.py`), whose object the route's arguments find, or
    override `audience()`: the groups to join, or None to refuse the user."""

    audience_name = ""
    live_groups: list[str] = []

    def audience(self) -> list[str] | None:
        return audience_groups(self.audience_name, user=self.scope["user"], lookup=self.scope["url_route"]["kwargs"])

    async def connect(self):
        self.live_groups = await database_sync_to_async(self.audience)() or []
        # Accepted before closing: a close before the handshake reaches the browser as a bare
        # HTTP 403 without the code, and the client would keep retrying.
        await self.accept()
        if not self.live_groups:
            await self.close(code=CLOSE_REFUSED)
            return
        # Join before reading the backlog: an event committed after the read then still arrives
        # live. One committed between the join and the read arrives both ways; layer messages wait
        # until connect() returns (a consumer handles one message at a time), so the replay goes
        # first, in order, and the live copies of replayed ids are dropped.
        for group in self.live_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.replayed: set[int] = set()
        last = self._last_seen()
        if last is not None:
            await self._replay(last)

    async def disconnect(self, code):
        try:
            for group in self.live_groups:
                await self.channel_layer.group_discard(group, self.channel_name)
        except (RedisError, OSError):
            pass  # Redis is gone, and the subscription with it

    async def live_feed_lost(self, message):
        await self.close(code=CLOSE_FEED_LOST)

    async def dispatch(self, message):
        # Relaying touches no database, so it skips Channels' per-message hop to the sync thread
        # that tidies database connections: with thousands of sockets on a worker, those hops
        # queue behind one thread and dominated the delivery time of each broadcast.
        if message["type"] == "live.event":
            await self.live_event(message)
        else:
            await super().dispatch(message)

    async def live_event(self, event):
        if event["id"] not in self.replayed:
            await self.send(text_data=event["text"])

    def _last_seen(self) -> int | None:
        value = parse_qs(self.scope["query_string"].decode()).get("last", [""])[0]
        # ASCII digits only, and no more than an id can have: `isdigit()` also accepts "²", which `int()` refuses.
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None

    async def _replay(self, last: int) -> None:
        limit = settings.LIVE_REPLAY_LIMIT
        events = await database_sync_to_async(live_events_after)(groups=self.live_groups, last=last, limit=limit)
        if len(events) > limit:
            # Too much was missed to send one by one: the page renders the current state instead.
            await self.send(text_data=RELOAD)
            return
        for event in events:
            self.replayed.add(event.pk)
            await self.send(text_data=live_event_text(event))


class ChallengeConsumer(LiveConsumer):
    """The challenge's public live page: announcements, phases, counters, results."""

    audience_name = "challenge"


class ChallengeOrganizersConsumer(LiveConsumer):
    """The challenge's organizers: moderation reports and applications across its proposals."""

    audience_name = "challenge_organizers"


class RoundConsoleConsumer(LiveConsumer):
    """A round's judging console: progress, recusals, expo votes."""

    audience_name = "round_console"


class MeConsumer(LiveConsumer):
    """The signed-in user's notifications."""

    def audience(self):
        user = self.scope["user"]
        return [groups.user(user.pk)] if user.is_authenticated else None

    def _last_seen(self) -> None:
        # Nothing to replay: the count sent on arrival is the bell's whole state, and replaying the
        # notifications missed would cost a query on every page a signed-in person opens.
        return None

    async def connect(self):
        await super().connect()
        if self.live_groups:
            # The bell's count on arrival (pages render none, to spend no query on every page);
            # without an id, so it never moves the client's replay position.
            count = await database_sync_to_async(unread(self.scope["user"]).count)()
            await self.send(text_data=json.dumps({"type": "notifications.read", "payload": {"unread": count}}))


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Any path no route names: refused like a forbidden audience, instead of the router's HTTP 500."""

    async def connect(self):
        await self.accept()
        await self.close(code=CLOSE_REFUSED)
