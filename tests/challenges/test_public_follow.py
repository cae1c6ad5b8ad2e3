"""Following a challenge: POST only, signed in with a verified e-mail, never a draft."""

import pytest
from django.urls import reverse

from challenges.models import Follow
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, "reto-agua", visibility="published")


def follow_url(challenge) -> str:
    return reverse("challenges:follow", args=[challenge.slug])


def test_a_verified_person_follows_and_then_unfollows(client, challenge, citizen):
    client.force_login(citizen)

    response = client.post(follow_url(challenge), follow=True)
    assert response.redirect_chain == [(challenge.get_absolute_url(), 302)]
    assert list(Follow.objects.values_list("challenge__slug", "user__email")) == [("reto-agua", citizen.email)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert response.context["is_following"] is True

    response = client.post(follow_url(challenge))
    assert response.url == challenge.get_absolute_url()
    assert Follow.objects.count() == 0


def test_only_post(client, challenge, citizen):
    client.force_login(citizen)

    assert client.get(follow_url(challenge)).status_code == 405
    assert Follow.objects.count() == 0


def test_anonymous_people_are_sent_to_log_in_and_back_to_the_challenge(client, challenge):
    response = client.post(follow_url(challenge))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/challenges/reto-agua/"
    assert Follow.objects.count() == 0


def test_an_unverified_person_is_refused(client, challenge):
    client.force_login(make_user("nuevo@example.org", verified=False))

    assert client.post(follow_url(challenge)).status_code == 403
    assert Follow.objects.count() == 0


def test_nobody_follows_a_draft(client, lab, lab_admin, citizen):
    """Its organizers see it but may not follow it (403); for everyone else it does not exist (404)."""
    draft = make_challenge(lab, "borrador")

    client.force_login(lab_admin)
    assert client.post(follow_url(draft)).status_code == 403
    client.force_login(citizen)
    assert client.post(follow_url(draft)).status_code == 404
    assert Follow.objects.count() == 0


def test_an_archived_challenge_can_still_be_followed(client, citizen):
    archived = make_challenge(make_lab("lab-dos"), "archivado", visibility="archived")
    client.force_login(citizen)

    client.post(follow_url(archived))

    assert Follow.objects.filter(challenge=archived, user=citizen).count() == 1
