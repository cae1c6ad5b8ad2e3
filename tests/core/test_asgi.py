"""The ASGI application: HTTP through Django, WebSockets through Channels' origin and auth stack."""

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from innovation_platform.asgi import application
from innovation_platform.core.middleware import BodyLimit


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


class RecordingReceive:
    """The body as the server hands it over, chunk by chunk, counting what the application asked for."""

    def __init__(self, chunks: list[bytes]):
        self.messages = [
            {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
            for index, chunk in enumerate(chunks)
        ]
        self.read = 0

    async def __call__(self):
        if self.read < len(self.messages):
            self.read += 1
            return self.messages[self.read - 1]
        return {"type": "http.disconnect"}


async def call(path: str, headers: list, receive) -> list[dict]:
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "query_string": b"", "headers": headers}
    scope |= {"http_version": "1.1", "scheme": "http", "server": ("localhost", 80), "client": ("127.0.0.1", 1)}
    await application(scope, receive, send)
    return sent


@pytest.mark.asyncio
async def test_a_body_declared_over_the_limit_is_refused_before_a_byte_is_read(settings):
    """One 100 MB upload to the embedded server raised its memory by about 1 GB: now nothing of it is read."""
    settings.REQUEST_BODY_MAX_BYTES = 1024
    receive = RecordingReceive([b"x" * 1024] * 4)

    sent = await call("/proposals/1/edit/", [(b"host", b"localhost"), (b"content-length", b"4096")], receive)

    assert sent[0]["status"] == 413
    assert "demasiado grande" in sent[1]["body"].decode()
    assert receive.read == 0


@pytest.mark.asyncio
async def test_a_body_that_grows_over_the_limit_while_arriving_is_cut_off(settings):
    """Chunked, with no declared length: the application is told the client left once the limit is passed, and
    Django abandons a request so (RequestAborted)."""
    settings.REQUEST_BODY_MAX_BYTES = 1024
    seen = []

    async def reader(scope, receive, send):
        while (message := await receive())["type"] == "http.request":
            seen.append(len(message["body"]))
        seen.append(message["type"])

    receive = RecordingReceive([b"x" * 512] * 100)
    await BodyLimit(reader)({"type": "http", "headers": []}, receive, None)

    assert seen == [512, 512, "http.disconnect"]
    assert receive.read == 3


def test_a_wsgi_request_declared_over_the_limit_is_refused_in_the_site_language(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024

    response = client.post("/accounts/login/", {"login": "x" * 2000})

    assert response.status_code == 413
    assert "demasiado grande" in response.content.decode()
