"""A recipient reads the message on the site, where their notification leads; nobody else learns of it."""

import uuid

import pytest
from django.urls import reverse

from innovation_platform.accounts.models import User
from innovation_platform.messaging.services import message_send
from tests.conftest import make_user


@pytest.fixture
def message(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return message_send(
            about=world["challenge"],
            segment="mentors",
            params={},
            subject="Sesión de mentoría",
            body="Nos vemos el **lunes**.",
            author=world["organizer"],
            token=uuid.uuid4(),
        )


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("mentor@example.org", 200),  # received it
        ("organizer@example.org", 200),  # wrote it
        ("staff@example.org", 200),
        ("follower@example.org", 404),  # in another group
        ("other-organizer@example.org", 404),
    ],
)
def test_only_recipients_and_the_author_read_it(client, world, message, email, status):
    if email == "staff@example.org":
        make_user(email, is_staff=True)
    client.force_login(User.objects.get(email=email))

    response = client.get(reverse("messaging:detail", args=[message.pk]))

    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Nos vemos el <strong>lunes</strong>." in page
        assert "Sent to the group “Mentors” of Reto Agua." in page


def test_anonymous_people_are_sent_to_sign_in(client, message):
    response = client.get(reverse("messaging:detail", args=[message.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
