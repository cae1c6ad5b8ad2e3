"""A public post reaches the challenge's live page; a team-only one does not. Through the real ASGI stack."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from innovation_platform.live.models import LiveEvent
from projects.services.logbook import logbook_post_create, logbook_post_update
from tests.live.conftest import TIMEOUT, connect
from tests.projects.logbook_world import make_world

SCHEMA = {"id": int, "project_id": int, "project": str, "title": str, "url": str, "published_at": str}


@pytest.fixture
def live_logbook(transactional_db):
    return make_world("reto-agua")


@database_sync_to_async
def write(world, visibility: str, title: str):
    return logbook_post_create(
        project=world.project, author=world.users["lead"], title=title, body="Avance del día.", visibility=visibility
    )


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_public_post_reaches_the_challenge_live_group_and_a_team_post_does_not(live_logbook):
    socket = await connect("/ws/challenges/reto-agua/")  # anonymous: the challenge is published

    await write(live_logbook, "team", "Solo para el equipo")
    post = await write(live_logbook, "public", "Primer prototipo")

    received = await socket.receive_json_from(TIMEOUT)
    assert received["type"] == "logbook.posted"
    assert received["payload"] == {
        "id": post.pk,
        "project_id": live_logbook.project.pk,
        "project": "Medidor comunitario",
        "title": "Primer prototipo",
        "url": reverse("logbook:post", args=[live_logbook.project.pk, post.pk]),
        "published_at": post.published_at.isoformat(),
    }
    assert await socket.receive_nothing(0.3)
    await socket.disconnect()


def test_the_event_payload_has_its_schema(db, django_capture_on_commit_callbacks):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        logbook_post_create(project=world.project, author=world.users["lead"], title="Día 1", body="Texto")

    (event,) = LiveEvent.objects.filter(type="logbook.posted")
    assert sorted(event.payload) == sorted(SCHEMA)
    assert all(isinstance(event.payload[key], kind) for key, kind in SCHEMA.items())


def test_a_team_post_made_public_is_announced_then_and_a_private_call_announces_nothing(
    db, django_capture_on_commit_callbacks
):
    world = make_world()
    private = make_world("reto-privado", proposals_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        post = logbook_post_create(
            project=world.project, author=world.users["lead"], title="Día 1", body="Texto", visibility="team"
        )
        logbook_post_create(project=private.project, author=private.users["lead"], title="Privado", body="Texto")
    assert LiveEvent.objects.filter(type="logbook.posted").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        logbook_post_update(post=post, actor=world.users["lead"], title="Día 1", body="Texto", visibility="public")

    assert list(LiveEvent.objects.filter(type="logbook.posted").values_list("payload__id", flat=True)) == [post.pk]


@pytest.mark.parametrize("page", ["challenges:live", "attendance:today"])  # the live page and the lab day screen
def test_the_live_page_lists_the_public_posts_only(client, db, page):
    world = make_world()
    world.post(title="Prototipo listo")
    world.post(title="Notas internas", visibility="team")

    html = client.get(reverse(page, args=[world.challenge.slug])).content.decode()

    assert 'id="live-logbook"' in html and 'data-live-refresh="logbook.posted"' in html
    assert "Prototipo listo" in html
    assert "Notas internas" not in html
