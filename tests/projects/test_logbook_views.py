"""The logbook's pages: writing with photos, refusals that keep the text, one post per form, answers, editing,
deleting and hiding (audited), lists in a constant number of queries, and the organizers' mentor assignment."""

# The world fixture is imported, and the tests' parameters shadow it.
# ruff: noqa: F811

import re
import uuid

import pytest
from django.urls import reverse

from innovation_platform.core.audit import audit_entries
from projects.models import LogbookComment, LogbookImage, LogbookPost, Mentorship
from tests.conftest import PASSWORD, make_user
from tests.images import image_bytes, png_bomb, upload
from tests.projects.logbook_world import World, world  # noqa: F401

pytestmark = pytest.mark.django_db


def logbook_url(world: World) -> str:
    return reverse("logbook:list", args=[world.project.pk])


def post_data(**fields) -> dict:
    return {
        "title": "Día 1: armamos el sensor",
        "body": "Soldamos el **sensor** de turbidez.",
        "visibility": "public",
        "token": str(uuid.uuid4()),
        **fields,
    }


def signed_in(client, world: World, role: str):
    client.force_login(world.users[role])
    return client


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class TestWriting:
    def test_a_team_member_posts_with_a_photo_and_it_appears_in_the_logbook(self, client, world):
        signed_in(client, world, "member")
        data = post_data(image_1=upload(image_bytes(size=(800, 600))), alt_1="El sensor sobre la mesa")

        response = client.post(logbook_url(world), data, headers={"accept-language": "en"})

        assert response.status_code == 302
        post = LogbookPost.objects.get()
        assert (post.author, post.title, post.visibility) == (world.users["member"], data["title"], "public")
        (image,) = LogbookImage.objects.all()
        assert (image.post, image.project, image.alt_text) == (post, world.project, "El sensor sobre la mesa")
        assert image.thumbnail.name.endswith(".webp")
        page = client.get(logbook_url(world)).content.decode()
        assert "Día 1: armamos el sensor" in page
        assert "<strong>sensor</strong>" in page
        assert f'src="{image.thumbnail.url}" alt="El sensor sobre la mesa"' in page
        assert [entry.action for entry in audit_entries(world.project)] == ["logbook.post_published"]

    def test_the_same_form_sent_twice_records_one_post(self, client, world):
        signed_in(client, world, "lead")
        data = post_data()

        client.post(logbook_url(world), data)
        client.post(logbook_url(world), data)

        assert LogbookPost.objects.count() == 1

    @pytest.mark.parametrize(
        ("file", "error"),
        [
            (upload(png_bomb(30_000, 30_000)), "The image has far too many pixels"),
            (upload(b"%PDF-1.4 not an image", "informe.png"), "This file is not an image we can read"),
            (upload(image_bytes(size=(9000, 5000))), "The image is 9000×5000 pixels"),
        ],
        ids=["bomb", "not-an-image", "too-many-pixels"],
    )
    def test_a_refused_photo_is_explained_and_the_typed_text_is_kept(self, client, world, file, error, settings):
        settings.IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
        signed_in(client, world, "lead")

        response = client.post(
            logbook_url(world), post_data(image_1=file, alt_1="Foto"), headers={"accept-language": "en"}
        )

        assert response.status_code == 400
        html = response.content.decode()
        assert error in html
        assert 'value="Día 1: armamos el sensor"' in html
        assert "Soldamos el **sensor** de turbidez.</textarea>" in html
        assert LogbookPost.objects.count() == 0

    def test_a_photo_needs_its_description(self, client, world):
        signed_in(client, world, "lead")

        response = client.post(
            logbook_url(world), post_data(image_2=upload(image_bytes())), headers={"accept-language": "en"}
        )

        assert response.status_code == 400
        assert "Describe the image for people who cannot see it." in response.content.decode()
        assert " open>" in response.content.decode()  # the folded photos open on the one to correct

    def test_the_photo_input_offers_the_camera_and_gallery_on_phones(self, client, world):
        html = signed_in(client, world, "lead").get(logbook_url(world)).content.decode()

        assert 'type="file" name="image_1" accept="image/jpeg,image/png,image/webp"' in html
        assert 'enctype="multipart/form-data"' in html

    @pytest.mark.parametrize("role", ["other_mentor", "organizer", "citizen"])
    def test_people_outside_the_team_and_its_mentors_get_no_form_and_cannot_post(self, client, world, role):
        signed_in(client, world, role)

        assert "Write a post" not in client.get(logbook_url(world), headers={"accept-language": "en"}).content.decode()
        assert client.post(logbook_url(world), post_data()).status_code == 403
        assert LogbookPost.objects.count() == 0


class TestReading:
    def test_a_team_post_is_invisible_to_an_anonymous_visitor(self, client, world):
        world.post(title="Presupuesto interno", visibility="team")
        public = world.post(title="Prototipo listo")
        team = LogbookPost.objects.get(title="Presupuesto interno")

        page = client.get(logbook_url(world)).content.decode()

        assert "Prototipo listo" in page and "Presupuesto interno" not in page
        assert client.get(public.get_absolute_url()).status_code == 200
        assert client.get(team.get_absolute_url()).status_code == 404

    def test_the_mentor_reads_team_posts_marked_as_such(self, client, world):
        world.post(title="Presupuesto interno", visibility="team")

        page = signed_in(client, world, "mentor").get(logbook_url(world), headers={"accept-language": "en"})

        assert "Presupuesto interno" in page.content.decode()
        assert "Team and mentors only" in page.content.decode()

    def test_a_post_of_another_project_is_not_found_under_this_one(self, client, world):
        from tests.projects.logbook_world import make_world

        other = make_world("otro-reto").post()

        assert client.get(reverse("logbook:post", args=[world.project.pk, other.pk])).status_code == 404

    @pytest.mark.parametrize("role", ["anonymous", "mentor"])
    def test_the_logbook_page_reads_3_or_30_posts_in_the_same_number_of_queries(
        self,
        client,
        world,
        role,
        django_assert_num_queries,
    ):
        if role != "anonymous":
            signed_in(client, world, role)
            client.get(logbook_url(world))  # warm the session

        def add(count):
            for number in range(count):
                post = world.post(title=f"Día {number}")
                LogbookImage.objects.create(
                    post=post, project=world.project, image="x.png", thumbnail="x.webp", alt_text="Foto"
                )
                LogbookComment.objects.create(post=post, author=world.users["mentor"], body="¡Bien!")

        add(3)
        with django_assert_num_queries(expected := _count(client, logbook_url(world))):
            client.get(logbook_url(world))
        add(27)
        with django_assert_num_queries(expected):
            response = client.get(logbook_url(world))
        assert len(response.context["page"].object_list) == 10

    def test_the_mentoring_list_reads_3_or_30_projects_in_the_same_number_of_queries(
        self, client, django_assert_num_queries
    ):
        from tests.projects.logbook_world import make_world

        mentor = make_user("mentora@example.org")
        client.force_login(mentor)
        url = reverse("logbook:mentoring")
        client.get(url)

        def add(start, count):
            for number in range(start, start + count):
                world = make_world(f"reto-{number}")
                Mentorship.objects.create(project=world.project, mentor=mentor)
                world.post()

        add(0, 3)
        with django_assert_num_queries(expected := _count(client, url)):
            client.get(url)
        add(3, 27)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert len(response.context["page"].object_list) == 20
        assert response.context["page"].object_list[0].post_count == 1


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


class TestAnswers:
    def test_the_mentor_answers_and_the_team_replies(self, client, world):
        post = world.post()
        token = str(uuid.uuid4())
        signed_in(client, world, "mentor").post(
            post.get_absolute_url(), {"body": "¿Calibraron el sensor?", "token": token}
        )
        client.post(post.get_absolute_url(), {"body": "¿Calibraron el sensor?", "token": token})  # a double click
        signed_in(client, world, "collaborator").post(post.get_absolute_url(), {"body": "Sí, con agua destilada."})

        assert list(post.comments.values_list("author__full_name", "body")) == [
            ("Carmen Villanueva", "¿Calibraron el sensor?"),
            ("Luis Mamani", "Sí, con agua destilada."),
        ]
        page = client.get(post.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
        assert "2 answers" in page and "Sí, con agua destilada." in page

    @pytest.mark.parametrize("role", ["anonymous", "citizen", "other_mentor"])
    def test_others_cannot_answer(self, client, world, role):
        post = world.post()
        if role != "anonymous":
            signed_in(client, world, role)

        assert client.post(post.get_absolute_url(), {"body": "Hola"}).status_code == 403
        assert post.comments.count() == 0

    def test_an_empty_answer_is_refused(self, client, world):
        post = world.post()

        response = signed_in(client, world, "mentor").post(post.get_absolute_url(), {"body": "  "})

        assert response.status_code == 400
        assert post.comments.count() == 0


class TestEditingAndModeration:
    def test_the_author_edits_their_post_and_removes_a_photo(self, client, world):
        post = world.post()
        image = LogbookImage.objects.create(
            post=post, project=world.project, image="x.png", thumbnail="x.webp", alt_text="Foto"
        )
        signed_in(client, world, "lead")

        response = client.post(
            reverse("logbook:edit", args=[world.project.pk, post.pk]),
            post_data(title="Día 1 (corregido)", visibility="team", remove_images=[image.pk]),
        )

        assert response.status_code == 302
        post.refresh_from_db()
        assert (post.title, post.visibility, post.edited_at is not None) == ("Día 1 (corregido)", "team", True)
        assert post.images.count() == 0

    @pytest.mark.parametrize("role", ["member", "mentor", "organizer"])
    def test_nobody_edits_another_persons_post(self, client, world, role):
        post = world.post()

        response = signed_in(client, world, role).post(
            reverse("logbook:edit", args=[world.project.pk, post.pk]), post_data(title="Otro")
        )

        assert response.status_code == 403
        post.refresh_from_db()
        assert post.title == "Día 1: prototipo"

    def test_an_organizer_hides_then_deletes_a_post_and_both_are_audited(self, client, world):
        post = world.post(title="Fuera de lugar")
        signed_in(client, world, "organizer")

        client.post(reverse("logbook:hide", args=[world.project.pk, post.pk]), {"hidden": "1"})
        client.logout()
        assert client.get(post.get_absolute_url()).status_code == 404
        assert "Fuera de lugar" not in client.get(logbook_url(world)).content.decode()
        signed_in(client, world, "organizer")
        client.post(reverse("logbook:delete", args=[world.project.pk, post.pk]))

        assert LogbookPost.objects.count() == 0
        entries = [(entry.action, entry.actor, entry.data["title"]) for entry in audit_entries(world.project)]
        organizer = world.users["organizer"]
        assert sorted(entries) == [
            ("logbook.post_deleted", organizer, "Fuera de lugar"),
            ("logbook.post_hidden", organizer, "Fuera de lugar"),
        ]

    def test_another_labs_organizer_cannot_delete(self, client, world):
        post = world.post()

        response = signed_in(client, world, "other_organizer").post(
            reverse("logbook:delete", args=[world.project.pk, post.pk])
        )

        assert response.status_code == 403
        assert LogbookPost.objects.count() == 1


class TestMentors:
    def url(self, world, action):
        return reverse(f"lab_mentors:{action}", args=[world.challenge.slug, world.project.pk])

    def test_an_organizer_assigns_and_removes_a_mentor_of_the_challenge(self, client, world):
        other = world.users["other_mentor"]
        signed_in(client, world, "organizer")

        response = client.post(self.url(world, "add"), {"mentor": other.pk, "next": "/console/"})
        assert response.status_code == 302 and response.url == "/console/"
        assert set(world.project.mentorships.values_list("mentor__full_name", flat=True)) == {
            "Carmen Villanueva",
            "Pedro Salas",
        }
        client.post(self.url(world, "remove"), {"mentor": world.users["mentor"].pk})

        assert list(world.project.mentorships.values_list("mentor__full_name", flat=True)) == ["Pedro Salas"]
        assert sorted(entry.action for entry in audit_entries(world.project)) == [
            "project.mentor_assigned",
            "project.mentor_removed",
        ]

    def test_someone_without_the_challenges_mentor_role_is_refused(self, client, world):
        signed_in(client, world, "organizer")

        response = client.post(
            self.url(world, "add"),
            {"mentor": world.users["citizen"].pk},
            follow=True,
            headers={"accept-language": "en"},
        )

        assert "Choose one of the challenge&#x27;s mentors." in response.content.decode()
        assert world.project.mentorships.count() == 1

    def test_an_external_redirect_is_not_followed(self, client, world):
        signed_in(client, world, "organizer")

        response = client.post(
            self.url(world, "add"), {"mentor": world.users["other_mentor"].pk, "next": "https://evil.example/"}
        )

        assert response.url == logbook_url(world)

    @pytest.mark.parametrize("role", ["mentor", "lead", "other_organizer", "citizen"])
    def test_only_the_challenges_organizers_assign(self, client, world, role):
        response = signed_in(client, world, role).post(
            self.url(world, "add"), {"mentor": world.users["other_mentor"].pk}
        )

        assert response.status_code in (403, 404)
        assert world.project.mentorships.count() == 1


def test_a_mentor_finds_their_projects_in_the_header_from_their_next_login(client, world):
    assert client.login(email=world.users["mentor"].email, password=PASSWORD)
    html = client.get(reverse("logbook:mentoring"), headers={"accept-language": "en"}).content.decode()

    assert 'href="/projects/mentoring/" aria-current="page">My mentoring</a>' in html
    assert "Medidor comunitario" in html
    client.logout()
    assert client.login(email=world.users["other_mentor"].email, password=PASSWORD)
    assert "My mentoring" not in client.get("/", headers={"accept-language": "en"}).content.decode()
