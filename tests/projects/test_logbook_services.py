"""The logbook's services keep their own limits whoever calls them: photos and their descriptions, one post per
token, mentors from the challenge's mentor role only, and files removed once the change is committed."""

# The world fixture is imported, and the tests' parameters shadow it.
# ruff: noqa: F811

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import clean_image
from projects.models import LogbookImage, LogbookPost, Mentorship
from projects.services.logbook import (
    MAX_POST_IMAGES,
    PostImage,
    logbook_comment_add,
    logbook_post_create,
    logbook_post_delete,
    logbook_post_update,
    mentor_assign,
    mentor_remove,
)
from tests.images import image_bytes
from tests.projects.logbook_world import world  # noqa: F401

pytestmark = pytest.mark.django_db


def photo(alt: str = "El sensor") -> PostImage:
    return PostImage(image=clean_image(ContentFile(image_bytes(), name="foto.png")), alt_text=alt)


def write(world, **fields) -> LogbookPost:
    return logbook_post_create(project=world.project, author=world.users["lead"], title="Día 1", body="Texto", **fields)


def test_a_post_keeps_at_most_the_limit_of_photos_editing_included(world):
    post = write(world, images=[photo() for _ in range(MAX_POST_IMAGES)])

    with pytest.raises(ApplicationError) as refused:
        logbook_post_update(post=post, actor=world.users["lead"], title="Día 1", body="Texto", add_images=[photo()])

    assert refused.value.field == "image"
    assert post.images.count() == MAX_POST_IMAGES
    first = post.images.first()
    logbook_post_update(
        post=post,
        actor=world.users["lead"],
        title="Día 1",
        body="Texto",
        add_images=[photo("Otra")],
        remove_image_ids=[first.pk],
    )
    assert sorted(post.images.values_list("alt_text", flat=True)) == ["El sensor"] * 3 + ["Otra"]


def test_a_photo_without_a_description_is_refused_and_nothing_is_recorded(world):
    with pytest.raises(ApplicationError) as refused:
        write(world, images=[photo("  ")])

    assert refused.value.field == "alt_text"
    assert (LogbookPost.objects.count(), LogbookImage.objects.count()) == (0, 0)


def test_the_same_token_records_one_post_and_one_answer(world):
    token = uuid.uuid4()
    first, again = write(world, token=token), write(world, token=token)
    answer_token = uuid.uuid4()
    answers = [
        logbook_comment_add(post=first, author=world.users["mentor"], body="¡Bien!", token=answer_token)
        for _ in range(2)
    ]

    assert first.pk == again.pk and LogbookPost.objects.count() == 1
    assert answers[0].pk == answers[1].pk and first.comments.count() == 1


def test_only_the_challenges_mentors_are_assigned_and_twice_changes_nothing(world):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError):
        mentor_assign(project=world.project, mentor=world.users["citizen"], actor=organizer)

    mentor_assign(project=world.project, mentor=world.users["other_mentor"], actor=organizer)
    mentor_assign(project=world.project, mentor=world.users["other_mentor"], actor=organizer)
    mentor_remove(project=world.project, mentor=world.users["mentor"], actor=organizer)

    assert list(Mentorship.objects.values_list("mentor__full_name", "assigned_by")) == [("Pedro Salas", organizer.pk)]


def test_deleting_a_post_removes_its_photos_from_storage_after_the_commit(world, django_capture_on_commit_callbacks):
    post = write(world, images=[photo()])
    image = post.images.get()
    names = [image.image.name, image.thumbnail.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        logbook_post_delete(post=post, actor=world.users["organizer"])

    assert [default_storage.exists(name) for name in names] == [False, False]
    assert LogbookImage.objects.count() == 0
