import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from innovation_platform.accounts.models import Profile
from innovation_platform.labs.models import Lab
from tests.conftest import make_lab, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def make_public(email, **fields):
    user = make_user(email, full_name=email.split("@")[0].title())
    Profile.objects.filter(user=user).update(is_public=True, **fields)
    user.profile.skills.set(["datos"])
    return user.profile


class TestLabs:
    def test_list_is_paginated_and_filterable(self, api):
        make_lab("lab-a", name="A", kind="academia", region="PE-CUS")
        make_lab("lab-b", name="B", kind="private", region="PE-PUN", is_verified=True)

        everything = api.get("/api/v1/labs/").json()
        academia = api.get("/api/v1/labs/", {"kind": "academia"}).json()
        verified = api.get("/api/v1/labs/", {"verified": "true"}).json()

        assert everything["count"] == 2
        assert [lab["slug"] for lab in academia["results"]] == ["lab-a"]
        assert [lab["slug"] for lab in verified["results"]] == ["lab-b"]
        assert everything["results"][0]["region_display"] == "Cusco"

    def test_detail_includes_sanitised_description(self, api):
        make_lab("lab-a", description="**hola**<script>x</script>")

        data = api.get("/api/v1/labs/lab-a/").json()

        assert data["description_html"] == "<p><strong>hola</strong></p>"

    def test_writes_are_not_allowed(self, api, citizen):
        api.force_authenticate(citizen)

        assert api.post("/api/v1/labs/", {"name": "x"}).status_code == 405
        assert not Lab.objects.exists()

    def test_invalid_filter_value_is_a_clean_400(self, api):
        response = api.get("/api/v1/labs/", {"kind": "spaceship"})

        assert response.status_code == 400
        assert "kind" in response.json()

    def test_list_uses_a_constant_number_of_queries(self, api, django_assert_num_queries):
        make_lab("lab-0")
        with django_assert_num_queries(2):
            api.get("/api/v1/labs/")
        make_lab("lab-1")
        make_lab("lab-2")
        with django_assert_num_queries(2):
            assert len(api.get("/api/v1/labs/").json()["results"]) == 3


class TestInnovators:
    def test_only_public_profiles_and_never_emails(self, api):
        make_public("publica@example.org", region="PE-CUS")
        make_user("privada@example.org")

        response = api.get("/api/v1/innovators/")

        body = response.content.decode()
        assert [p["full_name"] for p in response.json()["results"]] == ["Publica"]
        assert "@example.org" not in body

    def test_private_profile_detail_is_not_found(self, api, citizen):
        assert api.get(f"/api/v1/innovators/{citizen.profile.slug}/").status_code == 404

    def test_filters_by_region_and_skill(self, api):
        make_public("cusco@example.org", region="PE-CUS")
        make_public("puno@example.org", region="PE-PUN")

        by_region = api.get("/api/v1/innovators/", {"region": "PE-PUN"}).json()
        by_skill = api.get("/api/v1/innovators/", {"skill": "nada"}).json()

        assert [p["slug"] for p in by_region["results"]] == [Profile.objects.get(region="PE-PUN").slug]
        assert by_skill["count"] == 0

    def test_list_uses_a_constant_number_of_queries(self, api, django_assert_num_queries):
        make_public("a@example.org")
        with django_assert_num_queries(3):
            api.get("/api/v1/innovators/")
        make_public("b@example.org")
        make_public("c@example.org")
        with django_assert_num_queries(3):
            assert len(api.get("/api/v1/innovators/").json()["results"]) == 3


class TestAuthenticationAndThrottling:
    def test_token_authentication(self, api, citizen):
        token = Token.objects.create(user=citizen)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

        response = api.get("/api/v1/labs/")

        assert response.status_code == 200
        assert response.wsgi_request.user == citizen

    def test_bad_token_is_refused(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token nope")

        assert api.get("/api/v1/labs/").status_code == 401

    def test_anonymous_clients_are_throttled(self, api, monkeypatch):
        # DRF reads the rates once at import; patch them on the throttle class for this test.
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "5/minute"})

        codes = [api.get("/api/v1/labs/").status_code for _ in range(3)]

        assert codes == [200, 200, 429]


class TestSchema:
    def test_schema_documents_the_v1_endpoints(self, client):
        response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")

        paths = response.json()["paths"]
        assert {"/api/v1/labs/", "/api/v1/labs/{slug}/", "/api/v1/innovators/", "/api/v1/innovators/{slug}/"} <= set(
            paths
        )
        assert "email" not in str(response.json()["components"]["schemas"]["Innovator"])

    def test_schema_documents_the_organizers_endpoints_with_the_console_lists_filters(self, client):
        paths = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]

        assert {
            "/api/v1/console/{slug}/proposals/",
            "/api/v1/console/{slug}/proposals/export.{fmt}",
            "/api/v1/console/{slug}/proposals/screen/",
        } <= set(paths)
        for path in ("/api/v1/console/{slug}/proposals/", "/api/v1/console/{slug}/proposals/export.{fmt}"):
            parameters = {parameter["name"]: parameter for parameter in paths[path]["get"]["parameters"]}
            assert {"tab", "q", "status", "eligibility", "country", "region", "reviews", "sort"} <= set(parameters)
            assert parameters["tab"]["schema"]["enum"] == ["drafts", "sent"]
        assert set(paths["/api/v1/console/{slug}/proposals/export.{fmt}"]["get"]["responses"]["200"]["content"]) == {
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }

    def test_interactive_docs_are_served_without_external_assets(self, client):
        html = client.get(reverse("api-docs")).content.decode()

        assert "swagger-ui" in html
        assert "cdn.jsdelivr" not in html


def _id_lookups():
    """Every registered route that finds an object by its numeric id."""
    from innovation_platform.api_urls import router

    return [prefix for prefix, viewset, _basename in router.registry if getattr(viewset, "lookup_field", "pk") == "pk"]


@pytest.mark.parametrize("prefix", _id_lookups())
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_id_that_is_not_a_number_is_not_found(api, staff, prefix, method):
    """`GET /api/v1/teams/abc/` answered 500: the id reached the query. Not a number, not found."""
    api.force_authenticate(staff)

    response = getattr(api, method)(f"/api/v1/{prefix}/abc/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing/", "/api/v1/challenges/not a slug/", "/api/v1/console/x/proposals/export.pdf/"]
)
def test_an_api_address_that_names_nothing_answers_json(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No encontrado."}


@pytest.mark.parametrize("body", ["[null, null]", "3", '"text"', "null"])
def test_a_request_body_that_is_not_an_object_is_refused(api, staff, body):
    """`POST /api/v1/judging/setup/rounds/` with `[null, null]` answered 500: the view read fields from a list."""
    api.force_authenticate(staff)

    response = api.post("/api/v1/judging/setup/rounds/", body, content_type="application/json")

    assert response.status_code == 400
    assert "objeto JSON" in response.json()["detail"]
