"""The privacy policy and the terms: versioned, shown at /privacy/ and /terms/, accepted at sign-up, and accepted
again by signed-in people when a new version is published."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovation_platform.accounts.models import PolicyAcceptance, PolicyVersion, User
from tests.accounts.test_views import profile_post_data
from tests.conftest import PASSWORD, make_user
from tests.projects.datarights_world import publish_policies

ACCEPT = reverse("accounts:policies_accept")


def signup(client, email, **extra):
    return client.post(
        reverse("account_signup"),
        {"full_name": "Killa Ccori", "email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


class TestThePages:
    def test_show_the_version_in_force_in_the_readers_language(self, english_client, db):
        old, _ = publish_policies(timezone.now() - timedelta(days=400))
        old.text_es = "# Versión antigua"
        old.save()
        PolicyVersion.objects.create(
            kind="privacy",
            version="2026-12",
            published_at=timezone.now() - timedelta(days=1),
            text_es="# Lo que guardamos",
            text_en="# What we keep",
        )
        page = english_client.get(reverse("accounts:privacy")).content.decode()
        assert "What we keep" in page and "2026-12" in page and "antigua" not in page
        spanish = english_client.get(reverse("accounts:privacy"), headers={"accept-language": "es"})
        assert "Lo que guardamos" in spanish.content.decode()

    def test_a_version_not_yet_published_is_not_in_force(self, client, db):
        PolicyVersion.objects.create(
            kind="terms", version="futura", published_at=timezone.now() + timedelta(days=3), text_es="# Futura"
        )
        assert "Futura" not in client.get(reverse("accounts:terms")).content.decode()

    def test_the_footer_links_them(self, english_client, db):
        page = english_client.get(reverse("home")).content.decode()
        assert f'href="{reverse("accounts:privacy")}"' in page and f'href="{reverse("accounts:terms")}"' in page


class TestSignup:
    def test_asks_to_accept_the_versions_in_force_and_records_when(self, client, db):
        privacy, terms = publish_policies()
        refused = signup(client, "sin-aceptar@example.org")
        assert refused.status_code == 200
        assert not User.objects.filter(email="sin-aceptar@example.org").exists()

        signup(client, "acepta@example.org", accept_policies="on")
        user = User.objects.get(email="acepta@example.org")
        accepted = PolicyAcceptance.objects.filter(user=user)
        assert sorted(accepted.values_list("policy__kind", flat=True)) == ["privacy", "terms"]
        assert all(abs(item.accepted_at - timezone.now()) < timedelta(minutes=1) for item in accepted)

    def test_without_published_policies_there_is_nothing_to_accept(self, client, db):
        signup(client, "sin-politicas@example.org")
        assert User.objects.filter(email="sin-politicas@example.org").exists()


@pytest.fixture
def signed_in(client, db):
    """A person who accepted the policies in force, then the site publishes new terms."""
    user = make_user("vigente@example.org")
    for policy in publish_policies():
        PolicyAcceptance.objects.create(user=user, policy=policy)
    client.force_login(user)
    return user


class TestANewVersion:
    def test_nothing_is_asked_while_the_accepted_versions_are_in_force(self, client, signed_in):
        assert client.get(reverse("accounts:profile_edit")).status_code == 200

    def publish_new_terms(self):
        return PolicyVersion.objects.create(
            kind="terms", version="2027-01", published_at=timezone.now(), summary="Nuevo plazo.", text_es="# 2027"
        )

    def test_sends_signed_in_people_to_accept_it_at_their_next_sign_in(self, client, signed_in):
        new = self.publish_new_terms()
        client.force_login(signed_in)
        response = client.get(reverse("accounts:profile_edit"))
        assert response.status_code == 302
        assert response.url == f"{ACCEPT}?next=%2Fprofile%2F"
        page = client.get(response.url).content.decode()
        assert "Nuevo plazo." in page and new.get_absolute_url() in page

        assert client.post(ACCEPT, {"next": "/profile/"}).status_code == 200  # the box left unticked
        with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
            response = client.post(ACCEPT, {"accept": "on", "next": "/profile/"})
        assert response.url == "/profile/"
        acceptance = PolicyAcceptance.objects.get(user=signed_in, policy=new)
        assert acceptance.accepted_at > new.published_at
        assert client.get(reverse("accounts:profile_edit")).status_code == 200

    def test_and_within_the_hour_for_people_already_signed_in(self, client, signed_in):
        self.publish_new_terms()
        assert client.get(reverse("accounts:profile_edit")).status_code == 200  # checked at sign-in
        with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
            assert client.get(reverse("accounts:profile_edit")).status_code == 302

    @pytest.mark.parametrize(
        "url",
        [
            reverse("accounts:privacy"),
            reverse("accounts:terms"),
            ACCEPT,
            reverse("accounts:data_export"),
            reverse("accounts:account_delete"),
            reverse("account_logout"),
            "/api/v1/",
            "/static/js/live.js",
        ],
    )
    def test_leaves_open_the_policies_signing_out_leaving_and_the_api(self, client, signed_in, url):
        self.publish_new_terms()
        client.force_login(signed_in)
        response = client.get(url)
        response.close()
        assert not (response.status_code == 302 and response.url.startswith(ACCEPT))

    def test_a_form_sent_meanwhile_is_saved_and_the_next_page_asks(self, client, signed_in):
        self.publish_new_terms()
        client.force_login(signed_in)
        response = client.post(reverse("accounts:profile_edit"), profile_post_data(full_name="Nombre nuevo"))
        assert response.status_code == 302 and response.url == reverse("accounts:profile_edit")
        assert User.objects.get(pk=signed_in.pk).full_name == "Nombre nuevo"
        assert client.get(response.url).url.startswith(ACCEPT)

    def test_an_outside_next_address_is_not_followed(self, client, signed_in):
        self.publish_new_terms()
        client.force_login(signed_in)
        response = client.post(ACCEPT, {"accept": "on", "next": "https://evil.example/"})
        assert response.url == "/"


def test_the_check_costs_pages_no_query(client, db):
    """Checked at sign-in and kept in the session: a page reads no policy table, with policies in force or not."""
    user = make_user("cuenta@example.org")
    for policy in publish_policies():
        PolicyAcceptance.objects.create(user=user, policy=policy)
    client.force_login(user)
    client.get(reverse("accounts:profile_edit"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:profile_edit")).status_code == 200
    assert [query["sql"] for query in queries if "accounts_policy" in query["sql"]] == []
