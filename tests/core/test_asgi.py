"""The ASGI application: HTTP through Django, WebSockets through Channels' origin and auth stack."""

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from innovation_platform.asgi import application


@pytest.mark.asyncio
async def test_http_is_served_by_django():
    communicator = HttpCommunicator(application, "GET", "/healthz", headers=[(b"host", b"localhost")])
    response = await communicator.get_response()
    await communicator.wait()  # let Django finish the request and close its body file

    assert (response["status"], response["body"]) == (200, b"ok")


@pytest.mark.asyncio
@pytest.mark.django_db  # Channels tidies old database connections around every WebSocket event
async def test_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/anything/", headers=[(b"origin", b"https://evil.example")])

    connected, _ = await communicator.connect()

    assert connected is False
    await communicator.disconnect()
