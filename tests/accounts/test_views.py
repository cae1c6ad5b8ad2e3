import pytest
from django.urls import reverse
from taggit.models import Tag

from innovation_platform.accounts.models import Profile
from tests.conftest import make_user
from tests.images import image_bytes, png_bomb, upload


def make_innovator(email, *, public=True, region="PE-CUS", country="PE", skills=("diseño",), name="Ana Huamán"):
    user = make_user(email, full_name=name)
    Profile.objects.filter(user=user).update(is_public=public, region=region, country=country)
    user.profile.skills.set(list(skills))
    user.profile.interests.set(["agua"])
    return user.profile


def profile_post_data(**overrides):
    data = {
        "full_name": "Rosa Quispe Mamani",
        "timezone": "",
        "language": "es",
        "country": "PE",
        "region": "PE-PUN",
        "organization": "Cooperativa Andina",
        "bio": "Agrónoma.",
        "skills": "agronomía, datos",
        "interests": "seguridad alimentaria",
        "is_public": "on",
    }
    return {**data, **overrides}


@pytest.mark.django_db
class TestInnovatorsDirectory:
    def test_lists_only_public_profiles_and_never_emails(self, client):
        make_innovator("publica@example.org", name="Pública Persona")
        make_innovator("privada@example.org", public=False, name="Privada Persona")

        html = client.get(reverse("accounts:innovator_list")).content.decode()

        assert "Pública Persona" in html
        assert "Privada Persona" not in html
        assert "@example.org" not in html

    def test_filters_by_region_skill_and_search_with_counts(self, client):
        make_innovator("a@example.org", region="PE-CUS", skills=["diseño"], name="Ana Cusco")
        make_innovator("b@example.org", region="PE-PUN", skills=["datos"], name="Beto Puno")
        make_innovator("c@example.org", region="PE-PUN", skills=["diseño"], name="Carla Puno")

        by_region = client.get(reverse("accounts:innovator_list"), {"region": "PE-PUN"})
        design = Tag.objects.get(name="diseño").slug
        by_skill = client.get(reverse("accounts:innovator_list"), {"region": "PE-PUN", "skill": design})
        by_search = client.get(reverse("accounts:innovator_list"), {"q": "beto"})

        assert [p.user.full_name for p in by_region.context["page"]] == ["Beto Puno", "Carla Puno"]
        assert [p.user.full_name for p in by_skill.context["page"]] == ["Carla Puno"]
        assert [p.user.full_name for p in by_search.context["page"]] == ["Beto Puno"]
        facets = client.get(reverse("accounts:innovator_list")).context["facets"]
        assert [(r["value"], r["count"]) for r in facets["regions"]] == [("PE-PUN", 2), ("PE-CUS", 1)]
        assert [(t["name"], t["count"]) for t in facets["skills"]] == [("diseño", 2), ("datos", 1)]

    def test_invalid_filters_are_ignored_not_an_error(self, client):
        response = client.get(reverse("accounts:innovator_list"), {"skill": "<script>", "page": "abc"})

        assert response.status_code == 200
        assert b"<script>" not in response.content

    def test_page_uses_a_constant_number_of_queries(self, client, django_assert_num_queries):
        make_innovator("first@example.org")
        with django_assert_num_queries(7):
            client.get(reverse("accounts:innovator_list"))
        for i in range(2):
            make_innovator(f"more{i}@example.org", skills=["datos", f"s{i}"])
        with django_assert_num_queries(7):
            response = client.get(reverse("accounts:innovator_list"))
        assert len(response.context["page"]) == 3


@pytest.mark.django_db
class TestInnovatorDetail:
    def test_public_profile_is_shown_without_email(self, client):
        profile = make_innovator("publica@example.org", name="Pública Persona")

        html = client.get(profile.get_absolute_url()).content.decode()

        assert "Pública Persona" in html
        assert "publica@example.org" not in html

    def test_private_profile_is_hidden_as_not_found(self, client, citizen):
        profile = make_innovator("privada@example.org", public=False)
        client.force_login(citizen)

        assert client.get(profile.get_absolute_url()).status_code == 404

    def test_owner_sees_their_private_profile_with_a_notice(self, client):
        profile = make_innovator("privada@example.org", public=False)
        client.force_login(profile.user)

        response = client.get(profile.get_absolute_url())

        assert response.status_code == 200
        assert response.context["is_owner"] is True


@pytest.mark.django_db
class TestProfileEdit:
    def test_requires_login(self, client):
        response = client.get(reverse("accounts:profile_edit"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_saves_everything_including_an_avatar(self, client, citizen):
        client.force_login(citizen)
        data = profile_post_data(avatar=upload(image_bytes("JPEG", size=(500, 400)), name="yo.jpg"))

        response = client.post(reverse("accounts:profile_edit"), data)

        assert response.status_code == 302
        profile = Profile.objects.select_related("user").get(user=citizen)
        assert (profile.user.full_name, profile.region, profile.is_public) == ("Rosa Quispe Mamani", "PE-PUN", True)
        assert sorted(profile.skills.names()) == ["agronomía", "datos"]
        assert profile.avatar.name.endswith(".jpg")
        assert profile.avatar_thumbnail.width == 256

    @pytest.mark.parametrize(
        ("upload_file", "message"),
        [
            (upload(png_bomb(20_000, 20_000), name="bomb.png"), "megap"),
            (upload(b"%PDF-1.7 nope", name="cv.png"), "JPEG, PNG"),
            (upload(image_bytes("GIF"), name="a.gif", content_type="image/gif"), "JPEG, PNG"),
        ],
    )
    def test_bad_avatar_gets_a_form_error_and_the_typed_data_is_kept(self, client, citizen, upload_file, message):
        client.force_login(citizen)

        response = client.post(reverse("accounts:profile_edit"), profile_post_data(avatar=upload_file))

        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["avatar"])
        assert response.context["form"]["organization"].value() == "Cooperativa Andina"
        citizen.profile.refresh_from_db()
        assert citizen.profile.organization == ""  # nothing half-saved

    def test_region_outside_peru_is_refused(self, client, citizen):
        client.force_login(citizen)

        response = client.post(reverse("accounts:profile_edit"), profile_post_data(country="CO"))

        assert "region" in response.context["form"].errors

    def test_bio_with_html_is_escaped_on_the_public_page(self, client, citizen):
        client.force_login(citizen)
        client.post(reverse("accounts:profile_edit"), profile_post_data(bio="<script>alert('x')</script>"))

        html = client.get(citizen.profile.get_absolute_url()).content.decode()

        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html

    def test_chosen_time_zone_is_used_for_the_pages(self, client, citizen):
        client.force_login(citizen)
        client.post(reverse("accounts:profile_edit"), profile_post_data(timezone="Europe/Madrid"))

        response = client.get(reverse("home"))

        assert "Europe/Madrid" in response.content.decode()

    def test_the_language_of_the_e_mails_can_be_changed(self, client, citizen):
        client.force_login(citizen)

        client.post(reverse("accounts:profile_edit"), profile_post_data(language="en"))

        citizen.refresh_from_db()
        assert citizen.language == "en"

    def test_contact_by_organizers_is_offered_off_and_can_be_given_and_withdrawn(self, client, citizen):
        client.force_login(citizen)
        page = client.get(reverse("accounts:profile_edit"), headers={"accept-language": "en"})
        assert page.context["form"]["contact_consent"].value() is False
        assert "Organizers of the calls I take part in may contact me by e-mail" in page.content.decode()

        client.post(reverse("accounts:profile_edit"), profile_post_data(contact_consent="on"))
        citizen.profile.refresh_from_db()
        assert (citizen.profile.contact_consent, citizen.profile.contact_address) == (True, citizen.email)

        client.post(reverse("accounts:profile_edit"), profile_post_data())
        citizen.profile.refresh_from_db()
        assert (citizen.profile.contact_consent, citizen.profile.contact_consent_at) == (False, None)

    def test_api_token_can_be_created_and_replaced(self, client, citizen):
        client.force_login(citizen)

        client.post(reverse("accounts:api_token"))
        first = client.get(reverse("accounts:profile_edit")).context["api_token"].key
        client.post(reverse("accounts:api_token"))
        second = client.get(reverse("accounts:profile_edit")).context["api_token"].key

        assert first != second


@pytest.mark.django_db
def test_directory_facets_follow_every_change_per_filter_combination(client, settings):
    """The facets are kept under the directory's version (tests/core/test_page_cache_directories.py), never for
    minutes like whole-table figures: a new profile counts at once."""
    settings.FIGURES_CACHE_SECONDS = 60
    make_innovator("a@example.org", region="PE-CUS")
    client.get(reverse("accounts:innovator_list"))
    make_innovator("b@example.org", region="PE-PUN")

    unfiltered = client.get(reverse("accounts:innovator_list")).context["facets"]
    other_filter = client.get(reverse("accounts:innovator_list"), {"region": "PE-PUN"}).context["facets"]

    assert sorted(r["value"] for r in unfiltered["regions"]) == ["PE-CUS", "PE-PUN"]
    assert [r["value"] for r in other_filter["regions"]] == ["PE-PUN"]
