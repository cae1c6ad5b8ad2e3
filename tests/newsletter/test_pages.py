"""The archive of past issues, and writing an issue in the editor: the form, its segment, the preview and the
count of readers."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from innovation_platform.core.errors import ApplicationError
from newsletter.models import Newsletter, NewsletterStatus
from newsletter.services import newsletter_save
from tests.newsletter import newsletter_world
from tests.newsletter.newsletter_world import client_for, make_newsletter, reader

world = newsletter_world.world

SENT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def sent(author, number, **fields):
    return make_newsletter(
        author,
        subject=f"Boletín {number}",
        status=NewsletterStatus.SENT,
        sent_at=SENT + timedelta(days=number),
        **fields,
    )


def test_the_archive_lists_only_public_sent_issues_latest_first(world):
    sent(world["staff"], 1)
    sent(world["staff"], 2, versions={"en": ("Newsletter 2", "In English.")})
    sent(world["staff"], 3, is_public=False)
    make_newsletter(world["staff"], subject="Borrador")

    spanish = Client().get(reverse("newsletter:archive"))
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("newsletter:archive"))

    assert [subject for _, subject in spanish.context["issues"]] == ["Boletín 2", "Boletín 1"]
    assert [subject for _, subject in english.context["issues"]] == ["Newsletter 2", "Boletín 1"]


@pytest.mark.parametrize("issues", [3, 30])
def test_the_archive_is_paginated_with_the_same_queries(world, issues, django_assert_num_queries):
    for number in range(issues):
        sent(world["staff"], number, lab=world["cusco"], versions={"en": ("News", "Text.")})

    with django_assert_num_queries(3):  # the count, the page, the versions in the reader's language
        response = Client().get(reverse("newsletter:archive"))

    assert len(response.context["issues"]) == min(issues, 20)
    assert response.context["page"].paginator.num_pages == (1 if issues <= 20 else 2)


def test_the_archive_answers_at_its_english_address_too(world):
    issue = sent(world["staff"], 1)

    assert Client().get("/newsletter/?page=2")["Location"] == "/boletin/?page=2"
    assert Client().get(f"/newsletter/{issue.pk}/")["Location"] == f"/boletin/{issue.pk}/"


def test_an_issue_page_reads_in_the_visitors_language(world):
    issue = sent(world["staff"], 1, versions={"en": ("Newsletter 1", "The call **Water for all** is open.")})

    spanish = Client().get(issue.get_absolute_url()).content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(issue.get_absolute_url()).content.decode()

    assert "<strong>Agua para todos</strong>" in spanish
    assert "<h1>Newsletter 1</h1>" in english and "<strong>Water for all</strong>" in english


def test_an_unpublished_issue_is_not_found(world):
    private = sent(world["staff"], 1, is_public=False)

    assert Client().get(private.get_absolute_url()).status_code == 404
    assert Client().get(reverse("newsletter:issue", args=[999999])).status_code == 404


def form_data(world, **fields) -> dict:
    return {
        "lab": world["cusco"].pk,
        "language": "es",
        "subject": "Convocatorias de enero",
        "body": "Postula a **Agua para todos**.",
        "is_public": "on",
        "subject_en": "January calls",
        "body_en": "Apply to **Water for all**.",
        "regions": ["PE-CUS"],
        "skills": "Python, Diseño ",
        "labs": [world["cusco"].pk],
        **fields,
    }


def test_a_lab_admin_writes_an_issue_with_its_segment_and_version(world):
    reader("reader-cusco", skills=["python"], labs=[world["cusco"]])
    reader("reader-lima", region="PE-LIM", skills=["python"], labs=[world["cusco"]])
    client = client_for(world["admin"])

    response = client.post(reverse("newsletter:new"), form_data(world))

    newsletter = Newsletter.objects.get()
    assert response["Location"] == reverse("newsletter:edit", args=[newsletter.pk])
    assert (newsletter.lab, newsletter.author, newsletter.status) == (world["cusco"], world["admin"], "draft")
    assert newsletter.segment == {"regions": ["PE-CUS"], "skills": ["diseno", "python"], "labs": [world["cusco"].pk]}
    assert list(newsletter.versions.values_list("language", "subject")) == [("en", "January calls")]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "It would go to 1 person now." in html
    assert "<strong>Agua para todos</strong>" in html and "<strong>Water for all</strong>" in html
    assert "Unsubscribe in one click" in html  # the preview shows the e-mail's footer


def test_the_count_before_sending_is_one_query(world, django_assert_num_queries):
    newsletter = make_newsletter(world["staff"], segment={"regions": ["PE-LIM"]})
    client = client_for(world["staff"])
    client.get(reverse("newsletter:send", args=[newsletter.pk]))  # warm the session

    with django_assert_num_queries(5):  # session, user, newsletter, verified address (rules), the COUNT
        response = client.get(reverse("newsletter:send", args=[newsletter.pk]))

    assert response.context["count"] == 0


def test_a_lab_admin_cannot_write_to_another_labs_members(world):
    client = client_for(world["admin"])

    response = client.post(
        reverse("newsletter:new"), form_data(world, labs=[world["lima"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert Newsletter.objects.count() == 0


def test_a_lab_admin_must_speak_for_their_lab_staff_may_speak_for_the_network(world):
    refused = client_for(world["admin"]).post(reverse("newsletter:new"), form_data(world, lab=""))
    accepted = client_for(world["staff"]).post(reverse("newsletter:new"), form_data(world, lab=""))

    assert (refused.status_code, accepted.status_code) == (400, 302)
    assert Newsletter.objects.get().lab is None


def test_half_a_version_is_refused_and_nothing_typed_is_lost(world):
    client = client_for(world["admin"])

    response = client.post(reverse("newsletter:new"), form_data(world, body_en=""), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "Write both the subject and the text of this version, or neither." in response.content.decode()
    assert "Convocatorias de enero" in response.content.decode()


def test_a_sent_issue_can_no_longer_be_changed(world):
    issue = sent(world["staff"], 1)
    client = client_for(world["staff"])

    page = client.get(reverse("newsletter:edit", args=[issue.pk]))
    post = client.post(reverse("newsletter:edit", args=[issue.pk]), form_data(world, subject="Cambiado"))
    again = client.get(reverse("newsletter:send", args=[issue.pk]))

    assert (page.status_code, page.context["form"]) == (200, None)
    assert post.status_code == 403
    assert again.status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Boletín 1"


def test_the_console_and_the_footer_lead_to_the_newsletter(world):
    console = client_for(world["admin"]).get(reverse("console:dashboard")).content.decode()
    citizen_console = client_for(world["citizen"]).get(reverse("console:dashboard")).content.decode()
    home = Client().get("/").content.decode()

    assert reverse("newsletter:editor") in console
    assert reverse("newsletter:editor") not in citizen_console
    assert f'href="{reverse("newsletter:archive")}"' in home


@pytest.mark.parametrize("issues", [3, 30])
def test_the_editor_lists_a_lab_admins_issues_with_the_same_queries(world, issues, django_assert_num_queries):
    for number in range(issues):
        sent(world["admin"], number, lab=world["cusco"])
    make_newsletter(world["other_admin"], lab=world["lima"], subject="De otro laboratorio")
    client = client_for(world["admin"])
    client.get(reverse("newsletter:editor"))  # warm the session

    # session, user, the rule (verified address, lab admin), the page's count and rows
    with django_assert_num_queries(6):
        response = client.get(reverse("newsletter:editor"))

    subjects = [newsletter.subject for newsletter in response.context["page"].object_list]
    assert len(subjects) == min(issues, 20) and "De otro laboratorio" not in subjects


def test_the_service_refuses_a_segment_of_another_labs_members(world):
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        newsletter_save(
            author=world["admin"],
            lab=world["cusco"],
            data={"subject": "S", "body": "B", "language": "es", "is_public": True},
            segment={"labs": [world["cusco"].pk, world["lima"].pk]},
            versions={},
        )

    assert refused.value.message == "You can only write to the members of the labs you administer."
    assert Newsletter.objects.count() == 0
