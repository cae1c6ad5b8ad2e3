"""Shared by the live tests: a challenge with an organizer and a round, and WebSocket connections
through the real ASGI application (origin check and session authentication included)."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from innovation_platform.asgi import application
from innovation_platform.labs.models import LabMembership, LabRole
from judging.models import Round
from tests.conftest import make_challenge, make_lab, make_user

TIMEOUT = 5


@pytest.fixture
def live_world(transactional_db):
    """Committed rows (the consumers read them from other threads): a published and a draft challenge,
    their lab's organizer, a round, and a citizen."""
    lab = make_lab("lab-cusco")
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    LabMembership.objects.create(lab=lab, user=organizer, role=LabRole.ORGANIZER)
    now = timezone.now()
    challenge = make_challenge(lab, "reto-agua", visibility="published")
    return {
        "organizer": organizer,
        "citizen": make_user("citizen@example.org", full_name="Rosa Quispe"),
        "challenge": challenge,
        "draft": make_challenge(lab, "reto-borrador"),
        "round": Round.objects.create(
            challenge=challenge, name="Preselection", starts_at=now, ends_at=now + timedelta(days=5)
        ),
    }


@database_sync_to_async
def _session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect(path: str, user=None) -> WebsocketCommunicator:
    """Open `path` as `user` (anonymous when None), from an allowed origin. The caller disconnects."""
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if user is not None:
        headers.append((b"cookie", await _session_cookie(user)))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected is True
    return communicator
