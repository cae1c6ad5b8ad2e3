"""What a citizen does in a real browser: sign up, verify, log in, fill the profile, switch language.

Elements are found by structure (names, addresses) rather than by our own wording, whose
Spanish catalogue may change; the assertions read what the page shows: the person's name,
the saved data, allauth's and Django's own translated strings and the page language.
"""

import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

FULL_NAME = "Killa Ccori Huamán"
EMAIL = "killa@example.org"
HEADER = "header.site-header"
LOGOUT_BUTTON = f'{HEADER} form[action="/accounts/logout/"] button[type="submit"]'
LOGIN_LINK = f'{HEADER} a[href="/accounts/login/"]'
PROFILE_LINK = f'{HEADER} a[href="/profile/"]'
ACCOUNT_MENU = f"{HEADER} details.menu-account"  # the signed-in person's links, folded under one button


def open_account_menu(page: Page) -> None:
    page.locator(f"{ACCOUNT_MENU} > summary").click()
    expect(page.locator(LOGOUT_BUTTON)).to_be_visible()


def path_in(body: str, prefix: str) -> str:
    """The path of the first link in an e-mail body that starts with `prefix`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S*)", body)
    assert match, f"no {prefix} link in the e-mail:\n{body}"
    return match.group(1)


def submit(page: Page, form: str) -> None:
    """Press the submit button of `form` and wait for the page that answers.

    Buttons tied to another form (allauth's "Cancel" uses form="...") are not this form's.
    """
    with page.expect_navigation():
        page.locator(f'{form} button[type="submit"]:not([form])').click()


def log_in_with_password(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    expect(page.locator("main h1")).to_have_text("Iniciar sesión")
    page.locator('main input[name="login"]').fill(email)
    page.locator('main input[name="password"]').fill(PASSWORD)
    submit(page, 'main form[action="/accounts/login/"]')


def avatar_png(tmp_path):
    path = tmp_path / "retrato.png"
    Image.new("RGB", (300, 200), (30, 120, 200)).save(path, "PNG")
    return path


def expect_image_loaded(image) -> None:
    """The <img> is on the page and the browser actually fetched and decoded the file."""
    expect(image).to_be_visible()
    expect(image).to_have_attribute("src", re.compile(r"^/media/avatars/"))
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0


def test_sign_up_verify_log_in_and_publish_a_profile_with_avatar(page: Page, live_server, mailoutbox, tmp_path):
    base = live_server.url

    # Sign up: full name, e-mail and the password twice.
    page.goto(f"{base}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main h1")).to_have_text("Registrarse")
    signup = 'main form[action="/accounts/signup/"]'
    page.locator(f'{signup} input[name="full_name"]').fill(FULL_NAME)
    page.locator(f'{signup} input[name="email"]').fill(EMAIL)
    page.locator(f'{signup} input[name="password1"]').fill(PASSWORD)
    page.locator(f'{signup} input[name="password2"]').fill(PASSWORD)
    submit(page, signup)

    # Verification is mandatory: allauth asks to check the inbox, and the e-mail is there.
    expect(page.locator("main h1")).to_have_text("Verifica tu dirección de correo electrónico")
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
    assert [message.to for message in mailoutbox] == [[EMAIL]]
    confirm_path = path_in(mailoutbox[0].body, "/accounts/confirm-email/")

    # The link opens a confirmation page with a button (nothing changes on a mere GET).
    page.goto(base + confirm_path)
    expect(page.locator("main h1")).to_have_text("Confirmar dirección de correo electrónico")
    expect(page.locator("main")).to_contain_text(EMAIL)
    submit(page, 'main form[action^="/accounts/confirm-email/"]')

    # Confirming in the same browser signs the new user in.
    expect(page.locator("main .messages")).to_contain_text(f"Confirmaste {EMAIL}.")
    expect(page.locator(ACCOUNT_MENU)).to_be_visible()

    # Log out, then back in with the password.
    open_account_menu(page)
    with page.expect_navigation():
        page.locator(LOGOUT_BUTTON).click()
    expect(page.locator("main .messages")).to_contain_text("Cerraste sesión.")
    expect(page.locator(LOGIN_LINK)).to_be_visible()
    expect(page.locator(PROFILE_LINK)).to_have_count(0)

    log_in_with_password(page, base, EMAIL)
    expect(page.locator("main .messages")).to_contain_text(f"Iniciaste sesión como {FULL_NAME}.")
    expect(page.locator(ACCOUNT_MENU)).to_be_visible()

    # Fill the profile: Peru, a region, organization, skills, public, and an avatar.
    open_account_menu(page)
    with page.expect_navigation():
        page.locator(PROFILE_LINK).click()
    profile_form = 'main form[enctype="multipart/form-data"]'
    expect(page.locator(f'{profile_form} input[name="full_name"]')).to_have_value(FULL_NAME)
    expect(page.locator(f"{profile_form} img.avatar")).to_have_count(0)
    page.locator(f'{profile_form} select[name="country"]').select_option("PE")
    page.locator(f'{profile_form} select[name="region"]').select_option("PE-CUS")
    page.locator(f'{profile_form} input[name="organization"]').fill("Laboratorio Andino")
    page.locator(f'{profile_form} [name="skills"]').fill("diseño, agronomía")
    page.locator(f'{profile_form} input[name="is_public"]').check()
    page.locator(f'{profile_form} input[name="avatar"]').set_input_files(avatar_png(tmp_path))
    submit(page, profile_form)

    # Saved: the form shows the stored values and the new avatar, served and decodable.
    expect(page).to_have_url(f"{base}/profile/")
    expect(page.locator(f"{profile_form} .message-error")).to_have_count(0)
    expect(page.locator("main .messages .message-success")).to_have_count(1)
    expect(page.locator(f'{profile_form} select[name="region"]')).to_have_value("PE-CUS")
    expect(page.locator(f'{profile_form} input[name="organization"]')).to_have_value("Laboratorio Andino")
    expect(page.locator(f'{profile_form} input[name="is_public"]')).to_be_checked()
    expect_image_loaded(page.locator(f"{profile_form} img.avatar"))

    # The public directory now lists the person, with avatar, organization, region and skills.
    page.goto(f"{base}/innovators/")
    card = page.locator("main li.card.person").filter(has_text=FULL_NAME)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Laboratorio Andino")
    expect(card).to_contain_text("Cusco")
    expect(card.locator(".tag")).to_have_count(2)
    assert sorted(tag.lower() for tag in card.locator(".tag").all_inner_texts()) == ["agronomía", "diseño"]
    expect_image_loaded(card.locator("img.avatar"))

    # Their public page opens from the directory.
    with page.expect_navigation():
        card.locator("h3 a").click()
    expect(page.locator("main h1")).to_have_text(FULL_NAME)
    expect_image_loaded(page.locator("main img.avatar-large"))


def test_language_switcher_changes_the_page_language_and_back(page: Page, live_server):
    """One button, written in the other language, switches to it and keeps the page."""
    login_url = f"{live_server.url}/accounts/login/"
    switch = page.locator("header form.language-form button")
    page.goto(login_url)

    # Spanish by default for a browser in Peru; the one button offers English, in English.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main h1")).to_have_text("Iniciar sesión")
    expect(switch).to_have_count(1)
    expect(switch).to_have_attribute("lang", "en")
    expect(switch).to_have_accessible_name("English")

    with page.expect_navigation():
        switch.click()

    # Back on the same page, now in English; the choice sticks on the next page too.
    expect(page).to_have_url(login_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign In")
    expect(page.locator(f'{HEADER} .main-nav a[href="/labs/"]')).to_have_text("Labs")
    expect(switch).to_have_accessible_name("Español")
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign Up")

    with page.expect_navigation():
        switch.click()

    expect(page).to_have_url(f"{live_server.url}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main h1")).to_have_text("Registrarse")
    expect(switch).to_have_attribute("lang", "en")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, live_server):
    page.goto(f"{live_server.url}/")
    skip_link = page.locator("a.skip-link")

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_in_viewport()  # hidden off-screen until focused

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(f"{live_server.url}/#main")
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_login_by_code_sent_by_email(page: Page, live_server, mailoutbox):
    make_user("rosa@example.org", full_name="Rosa Quispe")
    page.goto(f"{live_server.url}/accounts/login/")

    with page.expect_navigation():
        page.locator('main a[href="/accounts/login/code/"]').click()
    expect(page.locator("main h1")).to_have_text("Envíame un código de inicio de sesión")
    page.locator('main input[name="email"]').fill("rosa@example.org")
    submit(page, 'main form[action="/accounts/login/code/"]')

    expect(page.locator("main h1")).to_have_text("Escribe el código de inicio de sesión")
    expect(page.locator("main")).to_contain_text("rosa@example.org")
    assert [message.to for message in mailoutbox] == [["rosa@example.org"]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[0].body, re.MULTILINE)
    assert code, mailoutbox[0].body

    page.locator('main input[name="code"]').fill(code.group(1))
    submit(page, 'main form[action="/accounts/login/code/confirm/"]')

    expect(page.locator("main .messages")).to_contain_text("Iniciaste sesión como Rosa Quispe.")
    expect(page.locator(ACCOUNT_MENU)).to_be_visible()
    expect(page.locator(LOGIN_LINK)).to_have_count(0)
