"""Two real ASGI server processes sharing Redis and the database: a client connected to worker A
receives an announcement an organizer publishes through worker B. Needs redis-server (skipped
without it, except in CI, where it fails)."""

import asyncio
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.asyncio.client import connect as websocket_connect

from tests.live.conftest import TIMEOUT
from tests.servers import free_port


@pytest.fixture
def organizer_session(live_world) -> str:
    """The organizer's session cookie, stored before the database is shared."""
    client = Client()
    client.force_login(live_world["organizer"])
    return client.cookies["sessionid"].value


@pytest.fixture
def shared_database(organizer_session, tmp_path) -> str:
    """A DATABASE_URL the server processes can open, holding the committed test data: the test
    database itself on PostgreSQL; on SQLite, whose test database lives in this process's memory,
    a file copy of it."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        user, password = (urllib.parse.quote(db[key], safe="") for key in ("USER", "PASSWORD"))
        return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


ASGI_APPLICATION = "innovation_platform.asgi:application"


class Worker:
    """`daphne` serving the project's ASGI application on a free loopback port."""

    def __init__(self, name: str, environment: dict, log_dir):
        self.port = free_port()
        self.log = open(log_dir / f"worker-{name}.log", "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), ASGI_APPLICATION],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + 30  # Django's setup in a cold process on a slow machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker on port {self.port} exited: {self.log.name}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"worker on port {self.port} is not listening: {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(TIMEOUT)
        self.log.close()


@pytest.fixture
def workers(shared_database, redis_server, tmp_path):
    """Two workers on REDIS_URL's Redis when it is set (CI's second pass), else on one of the test's own."""
    if not settings.REDIS_URL:
        redis_server.start()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.test",
        "DATABASE_URL": shared_database,
        "REDIS_URL": settings.REDIS_URL or redis_server.url,
    }
    started = [Worker(name, environment, tmp_path) for name in ("a", "b")]
    try:
        for worker in started:
            worker.wait_until_listening()
        yield started
    finally:
        for worker in started:
            worker.stop()


def post_announcement(port: int, session_cookie: str, title: str) -> int:
    """The organizer's console form, posted to the worker on `port`; returns the HTTP status."""
    csrf = secrets.token_hex(16)  # a cookie and a header that match are what CSRF protection checks
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/console/reto-agua/announcements/",
        data=urllib.parse.urlencode({"title": title, "body": "En la sala 2."}).encode(),
        headers={"Cookie": f"sessionid={session_cookie}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:  # the redirect after a successful post lands here
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


async def receive_announcement_through(a, b, session_cookie: str) -> dict:
    async with websocket_connect(
        f"ws://127.0.0.1:{a.port}/ws/challenges/reto-agua/", origin="http://127.0.0.1", open_timeout=TIMEOUT
    ) as websocket:
        status = await asyncio.to_thread(post_announcement, b.port, session_cookie, "Cambio de sala")
        assert status == 302
        return json.loads(await asyncio.wait_for(websocket.recv(), TIMEOUT))


@pytest.mark.django_db(transaction=True)
def test_an_announcement_published_through_one_worker_reaches_a_client_of_the_other(workers, organizer_session):
    a, b = workers

    message = asyncio.run(receive_announcement_through(a, b, organizer_session))

    assert (message["type"], message["payload"]["title"]) == ("announcement.published", "Cambio de sala")
