"""Who may write, preview, send and read newsletters: the roles against the actions, asked of the central rules and
of the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from innovation_platform.core.permissions import can
from newsletter.models import NewsletterStatus
from tests.newsletter import newsletter_world
from tests.newsletter.newsletter_world import client_for, make_newsletter

world = newsletter_world.world

ROLES = ["anonymous", "citizen", "other_lab_admin", "lab_admin", "staff"]
WRITERS = {"lab_admin", "staff"}

# action, the newsletter (a draft of the lab admin's lab, or a sent one, public or not), the roles allowed.
MATRIX = [
    ("newsletter.add_newsletter", None, {"other_lab_admin", "lab_admin", "staff"}),
    ("newsletter.change_newsletter", "draft", WRITERS),
    ("newsletter.change_newsletter", "sent", set()),
    ("newsletter.preview_newsletter", "draft", WRITERS),
    ("newsletter.preview_newsletter", "sent", WRITERS),
    ("newsletter.send_newsletter", "draft", WRITERS),
    ("newsletter.send_newsletter", "sent", set()),
    ("newsletter.view_newsletter", "draft", WRITERS),
    ("newsletter.view_newsletter", "sent", set(ROLES)),
    ("newsletter.view_newsletter", "sent_private", WRITERS),
]


@pytest.fixture
def matrix(world):
    users = {
        "anonymous": AnonymousUser(),
        "citizen": world["citizen"],
        "other_lab_admin": world["other_admin"],
        "lab_admin": world["admin"],
        "staff": world["staff"],
    }
    lab = world["cusco"]
    newsletters = {
        "draft": make_newsletter(world["admin"], lab=lab),
        "sent": make_newsletter(world["admin"], lab=lab, status=NewsletterStatus.SENT),
        "sent_private": make_newsletter(world["admin"], lab=lab, status=NewsletterStatus.SENT, is_public=False),
    }
    return users, newsletters


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=[f"{a}:{t}" for a, t, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(matrix, role, action, target, allowed):
    users, newsletters = matrix

    assert can(users[role], action, newsletters.get(target)) is (role in allowed)


# The pages of each action, for a draft of the lab admin's lab: (method, url name, status when allowed).
PAGES = [
    ("write", "get", "newsletter:edit", 200),
    ("preview", "get", "newsletter:edit", 200),
    ("test send", "post", "newsletter:test", 302),
    ("send", "get", "newsletter:send", 200),
    ("archive", "get", "newsletter:issue", 200),
]


@pytest.mark.parametrize(("action", "method", "name", "allowed_status"), PAGES, ids=[page[0] for page in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_the_pages_answer_as_the_rules_say(matrix, role, action, method, name, allowed_status, mailoutbox):
    users, newsletters = matrix
    client = Client() if role == "anonymous" else client_for(users[role])

    response = getattr(client, method)(reverse(name, args=[newsletters["draft"].pk]))

    if role in WRITERS:
        assert response.status_code == allowed_status
    elif role == "anonymous" and name != "newsletter:issue":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404  # a draft does not exist for those who may not see it


@pytest.mark.parametrize("role", ROLES)
def test_the_editor_is_for_writers(matrix, role):
    users, _ = matrix
    client = Client() if role == "anonymous" else client_for(users[role])

    statuses = [client.get(reverse(name)).status_code for name in ("newsletter:editor", "newsletter:new")]

    expected = {"anonymous": [302, 302], "citizen": [403, 403]}.get(role, [200, 200])
    assert statuses == expected
