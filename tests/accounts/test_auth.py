"""Sign-up, verification and login through django-allauth, as a citizen meets them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from innovation_platform.accounts.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signup(client, email="nueva@example.org", extra=None, **headers):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Killa Ccori Huamán",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **(extra or {}),
        },
        **headers,
    )


def test_signup_asks_whether_organizers_may_write_and_records_the_answer(client):
    page = client.get(reverse("account_signup"), headers={"accept-language": "en"}).content.decode()
    signup(client, email="de-acuerdo@example.org", extra={"contact_consent": "on"})
    signup(client, email="sin-marcar@example.org")

    assert "Organizers of the calls I take part in may contact me by e-mail" in page
    agreed, silent = (
        User.objects.get(email=email).profile for email in ("de-acuerdo@example.org", "sin-marcar@example.org")
    )
    assert (agreed.contact_consent, agreed.contact_consent_at is not None) == (True, True)
    assert (silent.contact_consent, silent.contact_consent_at) == (False, None)


def test_signup_creates_the_user_with_full_name_and_a_private_profile_and_sends_verification(client, mailoutbox):
    response = signup(client)

    user = User.objects.get(email="nueva@example.org")
    assert response.status_code == 302
    assert user.full_name == "Killa Ccori Huamán"
    assert user.profile.is_public is False
    assert [m.to for m in mailoutbox] == [["nueva@example.org"]]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_the_verification_mail_to_an_unverified_address_echoes_nothing_the_person_chose(client, mailoutbox):
    """Whatever address is typed receives it, so the chosen name (a phishing line, a link) must not travel."""
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Gana un premio en http://malo.example",
            "email": "victima@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert "premio" not in mailoutbox[0].body and "malo.example" not in mailoutbox[0].body + mailoutbox[0].subject


def test_signup_keeps_the_language_of_the_page_and_writes_the_verification_in_it(client, mailoutbox):
    signup(client, email="english@example.org", headers={"accept-language": "en"})
    signup(client, email="espanol@example.org")

    languages = dict(User.objects.values_list("email", "language"))
    assert languages == {"english@example.org": "en", "espanol@example.org": "es"}
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert bodies["english@example.org"].startswith("Hello from Cocrea!")
    assert bodies["espanol@example.org"].startswith("¡Hola de parte de Cocrea!")


def test_login_is_refused_until_the_email_is_verified(client, mailoutbox):
    signup(client)
    client.logout()

    response = client.post(reverse("account_login"), {"login": "nueva@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_following_the_verification_link_verifies_and_signs_in(client, mailoutbox):
    signup(client)
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nueva@example.org").verified is True
    assert client.session["_auth_user_id"] == str(User.objects.get(email="nueva@example.org").pk)


def test_email_is_the_login_and_is_case_insensitive(client, citizen):
    response = client.post(reverse("account_login"), {"login": "CITIZEN@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_duplicate_email_signup_is_refused_with_a_message(client, citizen, mailoutbox):
    response = signup(client, email="Citizen@Example.org")

    assert User.objects.filter(email__iexact="citizen@example.org").count() == 1
    # allauth answers as for a new address (no account enumeration) and warns the owner by e-mail.
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_login_by_code_sends_a_code_that_signs_in(client, citizen, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": citizen.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.MULTILINE).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_password_reset_mail_is_sent(client, citizen, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": citizen.email})

    assert mailoutbox[0].to == [citizen.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert mailoutbox[0].body.startswith("¡Hola de parte de Cocrea!")


def test_repeated_failed_logins_are_rate_limited(client, citizen):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": citizen.email, "password": "wrong"})

    # Even the right password is refused once the limit is reached, with a translated message.
    response = client.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Demasiados intentos fallidos" in response.content.decode()


def test_pages_are_in_spanish_by_default(client):
    response = client.get(reverse("account_login"))

    assert b'<html lang="es">' in response.content


def test_an_unverified_staff_created_user_cannot_act_as_verified():
    from innovation_platform.core.permissions import has_verified_email

    user = make_user("sinverificar@example.org", verified=False)

    assert has_verified_email(user) is False


def test_the_language_switch_keeps_a_signed_in_persons_choice(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/labs/"})

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.language == "en"


def test_the_language_switch_ignores_an_unknown_language(client, citizen):
    client.force_login(citizen)

    client.post(reverse("set_language"), {"language": "fr", "next": "/labs/"})

    citizen.refresh_from_db()
    assert citizen.language == "es"


def test_the_admin_signs_in_only_through_the_rate_limited_sign_in(client, staff):
    """/admin/login/ had no limit: 40 wrong passwords, then the right one, signed in. It hands over to allauth's
    sign-in now, whose limits hold whichever door is tried."""
    for _ in range(40):
        response = client.post("/admin/login/", {"username": staff.email, "password": "wrong"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Flogin%2F"


def test_admin_login_asks_for_staff(client, citizen, staff):
    client.force_login(citizen)
    assert client.get("/admin/login/").status_code == 403

    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
