"""The ASGI applications that bench/fanout.py serves (with PYTHONPATH=bench, under production settings).

- `cocrea`: Cocrea's own application (the real consumers and middleware) plus the publish trigger.
- `bare`: the baseline, a Channels consumer that joins the group named in its URL and relays its messages,
  with no session, permission check or replay; plus the publish trigger.
- `publisher`: the trigger alone, for a separate process when the layer is shared (Redis), as a WSGI
  worker publishing an announcement would be.

The trigger, `POST /bench/publish?group=<group>&seq=<n>`, calls the real broadcast service with the time of
sending in the payload, so clients measure publish-to-receipt latency. It exists only in this module, which
only the benchmark serves, on loopback.
"""

import time
from urllib.parse import parse_qs

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()  # sets Django up before anything imports models

from asgiref.sync import sync_to_async  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from innovation_platform.asgi import application as cocrea_application  # noqa: E402
from innovation_platform.live.services import publish  # noqa: E402

TRIGGER_PATH = "/bench/publish"
# The shape of a real announcement (challenges/events.py), a few hundred bytes.
ANNOUNCEMENT = {
    "title": "Cambio de sala para la presentación final",
    "html": "<p>La presentación final será en el auditorio principal, segundo piso. " + "Traigan su prototipo. " * 8,
    "pinned": False,
}


class BareRelay(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = self.scope["url_route"]["kwargs"]["group"]
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def live_event(self, event):
        await self.send(text_data=event["text"])


async def trigger(scope, receive, send):
    query = parse_qs(scope["query_string"].decode())
    payload = {**ANNOUNCEMENT, "id": int(query["seq"][0]), "seq": int(query["seq"][0]), "sent_at": time.time()}
    # Outside a transaction `publish` stores the event and sends it at once, in this request.
    await sync_to_async(publish)(query["group"][0], "announcement.published", payload)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def with_trigger(app):
    async def application(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == TRIGGER_PATH:
            return await trigger(scope, receive, send)
        return await app(scope, receive, send)

    return application


cocrea = with_trigger(cocrea_application)
bare = with_trigger(ProtocolTypeRouter({"websocket": URLRouter([path("ws/bare/<str:group>/", BareRelay.as_asgi())])}))
publisher = with_trigger(ProtocolTypeRouter({}))
