"""The project's page, the team's editor and outcome form, the network's gallery and the organizers' lab page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.models import Checkpoint, Mentorship, Outcome, Project
from projects.services.projects import project_outcome_set, project_update
from proposals.models import Proposal
from proposals.services.waitlist import proposal_drop_out
from tests.conftest import make_challenge, make_lab, make_user
from tests.core.test_documents import pdf_bytes, zip_bytes
from tests.projects import projects_world
from tests.projects.projects_world import client_for, make_project

pytestmark = pytest.mark.django_db
world = projects_world.world
english = projects_world.english


def page(world, name="detail"):
    return reverse(f"projects:{name}", kwargs={"pk": world["project"].pk})


# --- The project's page -------------------------------------------------------------------------------------------


def test_the_page_shows_the_team_the_outcome_with_its_adoption_and_the_frozen_proposal(world):
    project, people = world["project"], world["people"]
    project_update(
        project=project,
        actor=people["lead"],
        expected_version=1,
        data={"built_what": "A **chlorine** meter.", "video_url": "https://video.example.org/final"},
    )
    project_outcome_set(
        project=project,
        actor=people["organizer"],
        outcome=Outcome.ADOPTED,
        on=world["now"].date() - timedelta(days=2),
        reason="The municipality buys twenty.",
        adopted_by="Municipalidad de Cayma",
        adopted_url="https://example.org/acuerdo",
    )

    response = client_for(people["citizen"]).get(page(world))

    text = response.content.decode()
    assert [member["name"] for member in response.context["team"]] == ["Lía Líder", "Carlos Coautor", "Cora Colabora"]
    assert "<strong>chlorine</strong>" in text
    assert '<a href="https://example.org/acuerdo" rel="nofollow noopener">Municipalidad de Cayma</a>' in text
    assert "The municipality buys twenty." in text
    assert 'href="https://video.example.org/final"' in text
    assert f'href="{project.proposal.get_absolute_url()}"' in text
    assert "AGUA26-0001" in text
    assert reverse("projects:edit", kwargs={"pk": project.pk}) not in text  # a citizen may not edit


def test_the_page_states_the_licence_and_shows_the_team_its_open_follow_ups(world):
    """The outcome's licence chosen with the proposal; and the checkpoints the team may answer today, which were
    reachable only from the e-mail that asked it."""
    Proposal.objects.filter(pk=world["project"].proposal_id).update(licence="cc-by")
    today = timezone.localdate(timezone=world["challenge"].tzinfo)
    checkpoint = Checkpoint.objects.create(
        challenge=world["challenge"], title="3 months", due_on=today - timedelta(days=1), closes_on=today
    )
    answer = reverse("follow_up:answer", args=[world["project"].pk, checkpoint.pk])

    lead_page = client_for(world["people"]["lead"]).get(page(world)).content.decode()
    public_page = client_for(world["people"]["citizen"]).get(page(world)).content.decode()

    assert "CC BY" in lead_page and "CC BY" in public_page
    assert answer in lead_page and answer not in public_page


def test_documentation_is_rendered_safely(world):
    project_update(
        project=world["project"],
        actor=world["people"]["lead"],
        expected_version=1,
        data={
            "built_how": '<script>alert("x")</script><img src=x onerror=alert(1)> [link](javascript:alert(1))',
            "title": "<b>Bold</b> title",
        },
    )

    text = client_for(world["people"]["citizen"]).get(page(world)).content.decode()

    assert "<script>alert" not in text and "onerror" not in text and "javascript:" not in text
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in text


def test_the_dropped_out_project_says_so_to_its_team(world):
    proposal_drop_out(
        proposal=world["project"].proposal, actor=world["people"]["organizer"], reason="Moved.", promote_next=False
    )

    response = client_for(world["people"]["lead"]).get(page(world))
    assert "This team dropped out of the call" in response.content.decode()
    assert response.context["can_set_outcome"] is False


def test_the_page_has_a_fixed_number_of_queries(world, django_assert_num_queries):
    """Session and user; the project with its proposal, challenge and lab; members; history; the rule checks; the
    logbook's latest posts with their photos and answers, and the mentors (their includes)."""
    client = client_for(world["people"]["organizer"])
    client.get(page(world))
    with django_assert_num_queries(12):
        client.get(page(world))
    for number in range(4):
        project_outcome_set(
            project=world["project"],
            actor=world["people"]["lead"],
            outcome=Outcome.BUILT,
            on=world["now"].date() - timedelta(days=number),
            reason=f"Step {number}",
        )
    with django_assert_num_queries(12):
        client.get(page(world))


# --- The editor ---------------------------------------------------------------------------------------------------


def form_data(world, **changes):
    project = world["project"]
    data = {
        "version": project.version,
        "title": project.title,
        "summary": "",
        "built_what": "",
        "built_how": "",
        "materials": "",
        "replication": "",
        "repository_url": "",
        "media_url": "",
        "video_url": "",
    }
    return data | changes


def test_the_team_saves_its_project_with_slides_and_downloads_them(world):
    client = client_for(world["people"]["collaborator"])
    slides = SimpleUploadedFile("Final deck.pdf", pdf_bytes(), content_type="application/pdf")

    response = client.post(
        page(world, "edit"), form_data(world, title="Nuevo", slides_upload=slides, media_url="fotos.example.org")
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.title, project.version, project.media_url) == ("Nuevo", 2, "https://fotos.example.org")
    download = client_for(world["people"]["citizen"]).get(page(world, "slides"))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="nuevo-slides.pdf"'
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_a_file_that_is_not_a_document_is_refused_and_the_typed_text_kept(world):
    client = client_for(world["people"]["lead"])
    fake = SimpleUploadedFile("deck.pdf", zip_bytes({"notes.txt": "hola"}), content_type="application/pdf")

    response = client.post(page(world, "edit"), form_data(world, built_what="Typed text", slides_upload=fake))

    assert response.status_code == 200
    assert response.context["form"].errors["slides_upload"]
    assert "Typed text" in response.content.decode()
    assert Project.objects.get().version == 1


def test_a_stale_version_gets_409_with_nothing_overwritten_and_the_typed_text_kept(world):
    lead, member = client_for(world["people"]["lead"]), client_for(world["people"]["member"])
    opened = form_data(world)
    assert lead.post(page(world, "edit"), opened | {"title": "Lead's title"}).status_code == 302

    response = member.post(page(world, "edit"), opened | {"title": "Member's title", "built_how": "Member's notes"})

    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone saved this project while you were editing it" in text
    assert "Member&#x27;s notes" in text
    project = Project.objects.get()
    assert (project.title, project.built_how, project.version) == ("Lead's title", "", 2)


# --- The outcome form ---------------------------------------------------------------------------------------------


def test_the_outcome_form_refuses_an_adoption_without_its_body_and_keeps_the_input(world):
    client = client_for(world["people"]["organizer"])
    data = {"outcome": "adopted", "on": world["now"].date().isoformat(), "reason": "Bought", "adopted_url": ""}

    response = client.post(page(world, "outcome"), data)

    assert response.status_code == 400
    assert response.context["form"].errors["adopted_by"] == ["Name the public body that adopted the project."]
    assert "Bought</textarea>" in response.content.decode()
    assert Project.objects.get().outcome == Outcome.IN_LAB


def test_the_outcome_form_refuses_a_date_in_the_future(world):
    client = client_for(world["people"]["lead"])
    tomorrow = (world["now"] + timedelta(days=2)).date().isoformat()

    response = client.post(page(world, "outcome"), {"outcome": "built", "on": tomorrow, "reason": "Done"})

    assert response.status_code == 400
    assert response.context["form"].errors["on"]


def test_the_outcome_form_records_and_goes_back_to_the_page(world):
    client = client_for(world["people"]["organizer"])
    response = client.post(
        page(world, "outcome"), {"outcome": "piloting", "on": world["now"].date().isoformat(), "reason": "Pilot"}
    )

    assert response.status_code == 302 and response["Location"] == page(world)
    assert Project.objects.get().outcome == Outcome.PILOTING


# --- The gallery --------------------------------------------------------------------------------------------------


@pytest.fixture
def network(world):
    """A second public call of another lab and region, a call with private proposals and a draft call."""
    other_lab = make_lab("lab-puno", region="PE-PUN")
    public = make_challenge(other_lab, "reto-puno", code="PUNO", visibility="published")
    private = make_challenge(other_lab, "reto-privado", visibility="published", proposals_public=False)
    draft = make_challenge(other_lab, "reto-borrador")
    lead = world["people"]["citizen"]
    puno = make_project(public, "Puno piloto", lead, number=1, region="PE-PUN")
    Project.objects.filter(pk=puno.pk).update(outcome=Outcome.PILOTING)
    make_project(private, "Privado", lead, number=1)
    make_project(draft, "Borrador", lead, number=1)
    return {"public": public}


def titles(response):
    return [project.title for project in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Puno piloto", "Medidor de cloro"]),
        ("?challenge=reto-agua", ["Medidor de cloro"]),
        ("?lab=lab-puno", ["Puno piloto"]),
        ("?outcome=piloting", ["Puno piloto"]),
        ("?region=PE-ARE", ["Medidor de cloro"]),
        ("?challenge=reto-privado", []),  # its projects are not public: none of them, not every other one
    ],
)
def test_the_gallery_lists_public_projects_newest_first_and_filters(client, network, query, expected):
    assert titles(client.get(reverse("projects:gallery") + query)) == expected


def test_cached_menus_never_hide_a_new_challenges_projects(client, world, settings):
    """The menus come from figures cached for minutes; the filter does not: a challenge whose first projects
    opened since the menus were cached filters the gallery (its challenge page links there)."""
    settings.FIGURES_CACHE_SECONDS = 300
    client.get(reverse("projects:gallery"))  # caches the menus
    new = make_challenge(world["challenge"].lab, "reto-nuevo", code="NUEVO", visibility="published")
    make_project(new, "Nuevo", world["people"]["citizen"], number=1)

    assert titles(client.get(reverse("projects:gallery"), {"challenge": "reto-nuevo"})) == ["Nuevo"]


def test_the_gallery_pages_after_a_position_without_counting(client, world, django_assert_max_num_queries):
    challenge, lead = world["challenge"], world["people"]["citizen"]
    for number in range(2, 31):
        make_project(challenge, f"P{number:02d}", lead, number=number)
    first = client.get(reverse("projects:gallery"))
    assert len(first.context["page"].object_list) == 24
    cursor = first.context["page"].next_cursor

    second = client.get(reverse("projects:gallery"), {"after": cursor})

    seen = titles(first) + titles(second)
    assert len(seen) == len(set(seen)) == 30
    assert second.context["page"].next_cursor == ""
    assert titles(client.get(reverse("projects:gallery"), {"after": "nonsense"})) == titles(first)


def test_the_gallery_has_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    """3 and 30 projects, each with a cover: the filters' choices and one page query."""
    challenge, lead = world["challenge"], world["people"]["citizen"]
    for number in range(2, 4):
        make_project(challenge, f"P{number}", lead, number=number, cover_thumbnail="x.jpg")
    with django_assert_num_queries(2):
        assert len(client.get(reverse("projects:gallery")).context["page"].object_list) == 3
    for number in range(4, 31):
        make_project(challenge, f"P{number}", lead, number=number, cover_thumbnail="x.jpg")
    with django_assert_num_queries(2):
        assert len(client.get(reverse("projects:gallery")).context["page"].object_list) == 24


# --- The organizers' lab page -------------------------------------------------------------------------------------


def test_the_lab_page_lists_projects_with_team_size_and_mentors_in_fixed_queries(world, django_assert_num_queries):
    client = client_for(world["people"]["organizer"])
    url = reverse("call_lab:list", kwargs={"slug": world["challenge"].slug})
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    (row,) = response.context["page"].object_list
    assert (row.team_size, row.mentor_count) == (3, 1)
    for number in range(2, 5):
        project = make_project(world["challenge"], f"P{number}", make_user(f"l{number}@example.org"), number=number)
        Mentorship.objects.create(project=project, mentor=world["people"]["call_mentor"])
    with django_assert_num_queries(10):
        response = client.get(url)
    assert [(row.title, row.team_size, row.mentor_count) for row in response.context["page"].object_list][1:] == [
        ("P2", 1, 1),
        ("P3", 1, 1),
        ("P4", 1, 1),
    ]
    assert reverse("projects:outcome", kwargs={"pk": world["project"].pk}) in response.content.decode()


def test_the_console_links_to_the_lab_page(world):
    response = client_for(world["people"]["organizer"]).get(reverse("console:edit", kwargs={"slug": "reto-agua"}))
    assert reverse("call_lab:list", kwargs={"slug": "reto-agua"}) in response.content.decode()


# --- The challenge's figures --------------------------------------------------------------------------------------


def test_the_challenge_pages_show_selected_and_built_once_known(client, world):
    challenge = world["challenge"]
    make_project(challenge, "Otro", world["people"]["citizen"], number=2)
    pages = [
        reverse("challenges:detail", kwargs={"slug": challenge.slug}),
        reverse("challenges:live", kwargs={"slug": challenge.slug}),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "2 seleccionados" in text and "construido" not in text.split("2 seleccionados")[1][:40]

    project_outcome_set(
        project=world["project"],
        actor=world["people"]["lead"],
        outcome=Outcome.BUILT,
        on=world["now"].date(),
        reason="Done",
    )

    for url in pages:
        assert "2 seleccionados</strong> · <strong>1 construido" in client.get(url).content.decode()


def test_a_call_without_projects_keeps_the_figures_hidden(client, world):
    Project.objects.all().delete()
    text = client.get(reverse("challenges:detail", kwargs={"slug": "reto-agua"})).content.decode()
    figures = text[text.index('<section id="challenge-lab-figures"') :].split(">", 1)[0]
    assert figures.endswith(" hidden")
