import pytest
from django.urls import reverse

from innovation_platform.core.selectors import network_summary
from tests.conftest import make_lab, make_user
from tests.core import page_cache_world

page_cache_on = page_cache_world.page_cache_on


@pytest.mark.django_db
def test_home_shows_network_figures_with_a_constant_number_of_queries(client, django_assert_num_queries):
    make_lab("lab-a", is_verified=True)
    # The figures (2), the labs (1), the labs' growth chart (1), the site's version (1) and the calls with their
    # next change (3; kept under that version between requests).
    with django_assert_num_queries(8):
        client.get(reverse("home"))
    make_lab("lab-b", is_verified=True, region="PE-PUN")
    make_lab("lab-c")
    with django_assert_num_queries(8):
        response = client.get(reverse("home"))

    summary = response.context["summary"]
    assert (summary["labs"]["total"], summary["labs"]["verified"], summary["labs"]["regions"]) == (3, 2, 2)
    assert len(response.context["labs"]) == 2


@pytest.mark.django_db
def test_base_layout_is_accessible_and_spanish_by_default(client):
    html = client.get(reverse("home")).content.decode()

    assert '<html lang="es">' in html
    assert '<a class="skip-link" href="#main">Saltar al contenido principal</a>' in html
    assert '<main id="main"' in html
    assert '<nav class="main-nav" aria-label="Principal">' in html
    assert 'name="language" value="en" lang="en"' in html  # one button, in the language it offers


@pytest.mark.django_db
def test_language_switcher_changes_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/labs/"}, follow=True)

    assert response.redirect_chain == [("/labs/", 302)]
    assert '<html lang="en">' in response.content.decode()
    assert "Labs directory" in response.content.decode()


def test_healthz_answers_without_touching_the_database(client):
    """Without the db fixture, any query here would raise."""
    response = client.get("/healthz")

    assert response.content == b"ok"


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_translated_404(client):
    response = client.get("/no-existe/")

    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_is_a_friendly_403(client):
    client.force_login(make_user("someone@example.org"))
    lab = make_lab("lab-x")

    response = client.get(reverse("labs:edit", args=[lab.slug]))

    assert response.status_code == 403
    assert "<h1>" in response.content.decode()


@pytest.mark.django_db
def test_network_figures_are_kept_until_a_lab_or_person_changes(
    page_cache_on, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Whole-table aggregates are computed once per change, not on every visit, and never shown stale."""
    make_lab("lab-a", is_verified=True)
    assert network_summary()["labs"]["total"] == 1
    with django_assert_num_queries(1):  # the version they are kept under
        assert network_summary()["labs"]["total"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        make_lab("lab-b")

    assert network_summary()["labs"]["total"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/challenges/", "/accounts/login/", "/no-such-page/"])
def test_pages_carry_a_content_security_policy_without_inline_code_or_framing(client, path):
    policy = dict(
        directive.strip().split(" ", 1) for directive in client.get(path)["Content-Security-Policy"].split(";")
    )

    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


@pytest.mark.django_db
def test_the_api_answers_json_without_a_page_policy(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/challenges/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/challenges/", "/accounts/login/", "/no-such-page/"])
def test_every_page_title_names_the_page_then_the_site(client, path):
    """Titles read "Retos · Cocrea": the separator was lost (the layout asked a Jinja-only `self.title`)."""
    title = client.get(path).content.decode().split("<title>")[1].split("</title>")[0]

    assert title.endswith(" · Cocrea") and len(title) > len(" · Cocrea")
