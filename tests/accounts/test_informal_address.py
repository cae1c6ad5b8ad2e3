"""Cocrea speaks to people as "tú" everywhere, allauth's screens, messages and e-mails included.

allauth's own Spanish catalogue says "usted"; locale_overrides/ replaces those strings (docs/translations.md).
"""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

# Words and phrases that give "usted" away in what allauth says; none of them is how Cocrea speaks to a person.
FORMAL = re.compile(
    r"\busted\b|\bsu (cuenta|contraseña|correo|dirección|código|usuario|navegador|bandeja)\b|\bsus códigos\b"
    r"|\bintrodúzcalo\b|\bintroduzca\b|\bingrese\b|\bconfirme\b|\bverifique\b|\bhaga clic\b|\bcompruebe\b"
    r"|\bpóngase\b|\bcontáctenos\b|\bsolicite\b|\butilice\b|\binténtelo\b|\bregístrese\b|\binicie sesión\b"
    r"|\bdesea\b|\bvuelva a\b|\brecibirá\b|\bolvidó\b|\bha olvidado\b|\bescriba\b|\bdebe escribir\b|\ble hemos\b"
    r"|\b(ya )?ha (iniciado|cerrado|confirmado|indicado)\b|\b¿ya tiene\b|\bno puede (eliminar|añadir)\b|\bsi tiene\b",
    re.IGNORECASE,
)


def formal_phrases(text: str) -> list[str]:
    return sorted({match.group(0).lower() for match in FORMAL.finditer(text)})


@pytest.fixture
def person(db):
    return make_user("persona@example.org", full_name="Nina Mamani")


def signed_in(client, person):
    client.force_login(person)
    return client


def test_the_tell_tale_list_catches_allauths_own_spanish():
    """allauth's own words: the list must recognise them, or the tests below prove nothing."""
    allauth_spanish = (
        "¿Ha olvidado su contraseña? Introduzca su dirección de correo electrónico, y le enviaremos un correo",
        "Por favor, haga clic en el enlace que aparece en ese correo electrónico.",
        "Ha iniciado sesión exitosamente como Nina.",
    )

    assert [formal_phrases(text) for text in allauth_spanish] == [
        ["ha olvidado", "introduzca", "su contraseña", "su dirección"],
        ["haga clic"],
        ["ha iniciado"],
    ]
    assert formal_phrases("¿Olvidaste tu contraseña? Escribe tu correo y haz clic en el enlace.") == []


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_request_login_code",
        "account_email_verification_sent",
    ],
)
def test_allauths_public_pages_say_tu(client, url_name):
    page = client.get(reverse(url_name)).content.decode()

    assert formal_phrases(page) == []


def test_a_bad_password_reset_link_and_a_bad_confirmation_link_say_tu(client):
    reset = client.get(reverse("account_reset_password_from_key", args=["x", "bad-key"]), follow=True)
    confirm = client.get(reverse("account_confirm_email", args=["bad-key"]))

    assert (reset.status_code, confirm.status_code) == (200, 200)
    assert formal_phrases(reset.content.decode()) == []
    assert formal_phrases(confirm.content.decode()) == []


def test_refused_forms_say_tu(client, person):
    signup = client.post(
        reverse("account_signup"),
        {"full_name": "Nina", "email": "otra@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    login = client.post(reverse("account_login"), {"login": person.email, "password": "incorrecta"})

    assert "misma contraseña" in signup.content.decode()
    assert formal_phrases(signup.content.decode()) == []
    assert formal_phrases(login.content.decode()) == []


@pytest.mark.parametrize(
    "url_name",
    ["account_email", "account_change_password", "account_reauthenticate", "account_logout"],
)
def test_allauths_account_pages_say_tu(client, person, url_name):
    page = signed_in(client, person).get(reverse(url_name)).content.decode()

    assert formal_phrases(page) == []


def test_the_code_sign_in_page_and_the_messages_after_signing_in_and_out_say_tu(client, person, mailoutbox):
    requested = client.post(reverse("account_request_login_code"), {"email": person.email}, follow=True)
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.MULTILINE).group(1)
    signed = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    out = client.post(reverse("account_logout"), follow=True)

    assert "_auth_user_id" not in client.session
    assert [formal_phrases(r.content.decode()) for r in (requested, signed, out)] == [[], [], []]


def test_allauths_emails_say_tu(client, person, mailoutbox):
    """Verification, password reset, unknown address and sign-in code: every e-mail allauth sends here."""
    client.post(
        reverse("account_signup"),
        {"full_name": "Nina", "email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(reverse("account_reset_password"), {"email": person.email})
    client.post(reverse("account_reset_password"), {"email": "nadie@example.org"})
    client.post(reverse("account_request_login_code"), {"email": person.email})

    assert [m.to for m in mailoutbox] == [["nueva@example.org"], [person.email], ["nadie@example.org"], [person.email]]
    assert [formal_phrases(m.subject + "\n" + m.body) for m in mailoutbox] == [[], [], [], []]


def test_the_override_catalogue_compiles_and_comes_after_cocreas_own(tmp_path):
    """Cocrea's catalogue stays first, so `makemessages` keeps writing to it; the override only beats allauth's."""
    override = settings.BASE_DIR / "locale_overrides" / "es" / "LC_MESSAGES" / "django.po"
    with override.open("rb") as po:
        catalogue = read_po(po)

    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-i", str(override), "-o", str(tmp_path / "o.mo")],
        check=True,
        capture_output=True,
    )

    assert [str(path) for path in settings.LOCALE_PATHS] == [
        str(settings.BASE_DIR / "locale"),
        str(settings.BASE_DIR / "locale_overrides"),
    ]
    translations = {m.id: m.string if isinstance(m.string, tuple) else (m.string,) for m in catalogue if m.id}
    assert [msgid for msgid, strings in translations.items() if formal_phrases(" ".join(strings))] == []
    assert (tmp_path / "o.mo").stat().st_size > 0
