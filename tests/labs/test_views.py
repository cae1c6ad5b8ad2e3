import pytest
from django.urls import reverse

from innovation_platform.labs.models import Lab, LabMembership, LabRole
from tests.conftest import make_lab, make_user
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def lab_post_data(**overrides):
    data = {
        "name": "Laboratorio Ciudadano de Tacna",
        "kind": "civil_society",
        "country": "PE",
        "region": "PE-TAC",
        "city": "Tacna",
        "website": "https://tacna.example.org",
        "description": "Retos **ciudadanos** en la frontera sur.",
    }
    return {**data, **overrides}


class TestDirectory:
    def test_shows_labs_with_counts_per_kind_and_region(self, client):
        make_lab("lab-a", name="Innova Cusco", kind="academia", region="PE-CUS")
        make_lab("lab-b", name="Agro Puno", kind="private", region="PE-PUN")

        response = client.get(reverse("labs:list"), {"kind": "academia"})

        assert [lab.name for lab in response.context["page"]] == ["Innova Cusco"]
        assert response.context["figures"]["total"] == 1
        assert "Agro Puno" not in response.content.decode()

    def test_filter_by_region_from_the_figures_table(self, client):
        make_lab("lab-a", name="Innova Cusco", region="PE-CUS")
        make_lab("lab-b", name="Agro Puno", region="PE-PUN")

        response = client.get(reverse("labs:list"), {"region": "PE-PUN"})

        assert [lab.name for lab in response.context["page"]] == ["Agro Puno"]

    def test_page_uses_a_constant_number_of_queries(self, client, django_assert_num_queries):
        make_lab("lab-0", region="PE-CUS")
        with django_assert_num_queries(3):
            client.get(reverse("labs:list"))
        make_lab("lab-1", region="PE-PUN", kind="academia")
        make_lab("lab-2", country="CO", region="")
        with django_assert_num_queries(3):
            response = client.get(reverse("labs:list"))
        assert len(response.context["page"]) == 3


class TestDetail:
    def test_renders_sanitised_markdown_and_the_team(self, client, lab, lab_admin):
        lab.description = "Hola **red**<script>alert(1)</script>"
        lab.save()

        html = client.get(lab.get_absolute_url()).content.decode()

        assert "<strong>red</strong>" in html
        assert "<script>alert(1)" not in html
        assert lab_admin.full_name in html
        assert lab_admin.email not in html

    def test_unknown_lab_is_not_found(self, client):
        assert client.get(reverse("labs:detail", args=["nope"])).status_code == 404


class TestRegisterAndEdit:
    def test_verified_citizen_registers_a_lab_and_becomes_its_admin(self, client, citizen):
        client.force_login(citizen)

        response = client.post(reverse("labs:new"), lab_post_data(logo=upload(image_bytes("PNG", size=(640, 320)))))

        lab = Lab.objects.get(name="Laboratorio Ciudadano de Tacna")
        assert response.url == lab.get_absolute_url()
        assert lab.memberships.get().user == citizen
        assert lab.logo_thumbnail.name.endswith(".webp")

    def test_unverified_user_cannot_register_a_lab(self, client):
        client.force_login(make_user("nuevo@example.org", verified=False))

        assert client.get(reverse("labs:new")).status_code == 403
        assert client.post(reverse("labs:new"), lab_post_data()).status_code == 403
        assert not Lab.objects.exists()

    def test_invalid_submission_keeps_what_was_typed(self, client, citizen):
        client.force_login(citizen)

        response = client.post(reverse("labs:new"), lab_post_data(country="AR", logo=upload(b"GIF89a junk")))

        form = response.context["form"]
        assert set(form.errors) == {"region", "logo"}
        assert form["description"].value() == "Retos **ciudadanos** en la frontera sur."
        assert not Lab.objects.exists()

    def test_empty_submission_shows_required_errors(self, client, citizen):
        client.force_login(citizen)

        response = client.post(reverse("labs:new"), {})

        assert {"name", "kind"} <= set(response.context["form"].errors)

    def test_only_admins_and_staff_edit(self, client, lab, citizen, staff, lab_admin):
        url = reverse("labs:edit", args=[lab.slug])
        client.force_login(citizen)
        assert client.post(url, lab_post_data()).status_code == 403

        client.force_login(lab_admin)
        assert client.post(url, lab_post_data(name="Nuevo nombre")).status_code == 302
        lab.refresh_from_db()
        assert lab.name == "Nuevo nombre"

        client.force_login(staff)
        assert client.get(url).status_code == 200


class TestMembersAndVerification:
    def test_admin_adds_changes_and_removes_members(self, client, lab, lab_admin, citizen):
        client.force_login(lab_admin)
        members_url = reverse("labs:members", args=[lab.slug])

        client.post(members_url, {"email": citizen.email, "role": "organizer"})
        membership = LabMembership.objects.get(lab=lab, user=citizen)
        assert membership.role == LabRole.ORGANIZER

        change_url = reverse("labs:member_change", args=[lab.slug, membership.pk])
        client.post(change_url, {"role": "member"})
        membership.refresh_from_db()
        assert membership.role == LabRole.MEMBER

        client.post(change_url, {"role": "member", "remove": "1"})
        assert not LabMembership.objects.filter(pk=membership.pk).exists()

    def test_unknown_email_gets_a_form_error(self, client, lab, lab_admin):
        client.force_login(lab_admin)

        response = client.post(reverse("labs:members", args=[lab.slug]), {"email": "x@example.org", "role": "member"})

        assert "x@example.org" in response.context["form"].errors["email"][0]

    def test_removing_the_last_admin_shows_an_error_message(self, client, lab, lab_admin):
        client.force_login(lab_admin)
        membership = LabMembership.objects.get(lab=lab, user=lab_admin)

        response = client.post(
            reverse("labs:member_change", args=[lab.slug, membership.pk]), {"role": "admin", "remove": "1"}, follow=True
        )

        assert LabMembership.objects.filter(pk=membership.pk).exists()
        assert any(m.level_tag == "error" for m in response.context["messages"])

    def test_non_admins_cannot_manage_members(self, client, lab, citizen, lab_admin):
        client.force_login(citizen)
        membership = LabMembership.objects.get(lab=lab, user=lab_admin)

        assert client.get(reverse("labs:members", args=[lab.slug])).status_code == 403
        response = client.post(reverse("labs:member_change", args=[lab.slug, membership.pk]), {"remove": "1"})
        assert response.status_code == 403
        assert LabMembership.objects.filter(pk=membership.pk).exists()

    def test_only_staff_verify(self, client, lab, lab_admin, staff):
        url = reverse("labs:verify", args=[lab.slug])
        client.force_login(lab_admin)
        assert client.post(url, {"verified": "1"}).status_code == 403

        client.force_login(staff)
        client.post(url, {"verified": "1"})
        lab.refresh_from_db()
        assert lab.is_verified is True
        assert lab.verified_by == staff

    def test_member_list_uses_a_constant_number_of_queries(self, client, lab, lab_admin, django_assert_num_queries):
        client.force_login(lab_admin)
        url = reverse("labs:members", args=[lab.slug])
        client.get(url)  # warm the session
        with django_assert_num_queries(6):
            client.get(url)
        for i in range(2):
            LabMembership.objects.create(lab=lab, user=make_user(f"m{i}@example.org"))
        with django_assert_num_queries(6):
            response = client.get(url)
        assert len(response.context["page"]) == 3


def test_a_new_lab_shows_in_the_list_and_its_figures_at_once(client, settings):
    """The network's figures are kept under the directory's version, not for minutes like whole-table figures: the
    list, its total and the figures all count a new lab."""
    settings.FIGURES_CACHE_SECONDS = 300
    client.get(reverse("labs:list"))  # figures for an empty network
    make_lab("lab-nuevo", name="Laboratorio Nuevo")

    response = client.get(reverse("labs:list"))

    assert [lab.name for lab in response.context["page"]] == ["Laboratorio Nuevo"]
    assert response.context["page"].paginator.count == 1
    assert response.context["figures"]["total"] == 1
