"""Any team member answers an open checkpoint; a correction before it closes updates the answer and is audited; after
it closes the answer is refused with what was typed kept; a new status becomes the project's outcome."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from projects.models import FollowUpRequest, Outcome, OutcomeChange
from projects.services.followup import follow_up_answer
from tests.conftest import PASSWORD
from tests.projects import followup_world
from tests.projects.followup_world import DAY, NOW, make_projects

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
clock = followup_world.clock
english = followup_world.english
world = followup_world.world

ADOPTED = {
    "status": "adopted",
    "people_reached": "1200",
    "funding": "15000.50",
    "adopted_by": "Municipalidad Provincial de Arequipa",
    "service_url": "https://aguaclara.example.org",
    "question_answer": "Conseguir los datos del río.",
    "comment": "Gracias por el seguimiento.",
}


def url(world):
    return reverse("follow_up:answer", kwargs={"pk": world["project"].pk, "checkpoint": world["checkpoint"].pk})


def signed_in(client, email):
    client.login(email=email, password=PASSWORD)
    return client


def test_a_member_answers_and_the_project_is_adopted(client, world):
    response = signed_in(client, "collab@example.org").post(url(world), ADOPTED, headers={"accept-language": "en"})

    assert response.status_code == 302
    request = FollowUpRequest.objects.get()
    assert (request.status, request.people_reached, request.funding, request.answered_by) == (
        "adopted",
        1200,
        Decimal("15000.50"),
        world["collaborator"],
    )
    project = world["project"]
    project.refresh_from_db()
    assert (project.outcome, project.outcome_on, project.adopted_by, project.adopted_url) == (
        Outcome.ADOPTED,
        date(2026, 6, 15),
        "Municipalidad Provincial de Arequipa",
        "https://aguaclara.example.org",
    )
    change = OutcomeChange.objects.get()
    assert (change.outcome, change.reason, change.author, change.adopted_by) == (
        "adopted",
        "follow-up 3 months",
        world["collaborator"],
        "Municipalidad Provincial de Arequipa",
    )


def test_the_same_status_leaves_the_outcome_alone(world):
    follow_up_answer(checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="built")

    assert not OutcomeChange.objects.exists()


def test_a_correction_before_the_close_updates_and_is_audited(world, clock):
    arguments = {"checkpoint": world["checkpoint"], "project": world["project"]}
    follow_up_answer(**arguments, actor=world["lead"], status="piloting", people_reached=50)
    clock.move_to(NOW + 5 * DAY)
    follow_up_answer(**arguments, actor=world["member"], status="piloting", people_reached=80)
    follow_up_answer(**arguments, actor=world["member"], status="piloting", people_reached=80)  # sent twice

    request = FollowUpRequest.objects.get()
    assert (request.people_reached, request.answered_by, request.answered_at) == (80, world["member"], NOW + 5 * DAY)
    entries = list(
        AuditLogEntry.objects.filter(object_id=request.pk, action__startswith="follow_up.")
        .order_by("pk")
        .values_list("action", "data")
    )
    assert [action for action, _data in entries] == ["follow_up.answered", "follow_up.answer_changed"]
    assert (entries[1][1]["old"], entries[1][1]["new"]) == ({"people_reached": 50}, {"people_reached": 80})
    assert OutcomeChange.objects.count() == 1


def test_indicators_the_checkpoint_does_not_ask_are_not_stored(world):
    checkpoint = world["checkpoint"]
    checkpoint.indicators, checkpoint.question = ["people_reached"], ""
    checkpoint.save()

    request = follow_up_answer(
        checkpoint=checkpoint,
        project=world["project"],
        actor=world["lead"],
        status="built",
        people_reached=3,
        funding=Decimal(10),
        question_answer="x",
    )

    assert (request.people_reached, request.funding, request.question_answer) == (3, None, "")


def test_after_the_close_the_answer_is_refused_and_what_was_typed_is_kept(client, world, clock):
    clock.move_to(NOW + 29 * DAY)  # 14 July: closed on the 13th

    response = signed_in(client, "lead@example.org").post(url(world), ADOPTED, headers={"accept-language": "en"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This checkpoint closed on July 13, 2026: answers can no longer change." in page
    assert 'value="Municipalidad Provincial de Arequipa"' in page
    assert "Conseguir los datos del río." in page
    assert not FollowUpRequest.objects.exists()


def test_before_it_opens_the_answer_is_refused(world, clock):
    clock.move_to(NOW - 3 * DAY)

    with pytest.raises(ApplicationError, match="opens on"):
        follow_up_answer(checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="built")


def test_someone_outside_the_team_cannot_answer(world):
    with pytest.raises(ApplicationError, match="Only the project's team"):
        follow_up_answer(
            checkpoint=world["checkpoint"], project=world["project"], actor=world["mentor"], status="built"
        )
    assert not FollowUpRequest.objects.exists()


def test_a_status_from_before_the_lab_is_refused(client, world):
    response = signed_in(client, "lead@example.org").post(url(world), ADOPTED | {"status": "in_lab"})

    assert response.status_code == 400
    assert not FollowUpRequest.objects.exists()


def test_bad_numbers_get_field_errors_not_a_crash(client, world):
    response = signed_in(client, "lead@example.org").post(
        url(world), ADOPTED | {"people_reached": "-4", "funding": "mucho", "service_url": "not a url"}
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"people_reached", "funding", "service_url"}


def test_another_projects_checkpoint_is_not_found(client, world):
    other_challenge_checkpoint = world["checkpoint"]
    (other,) = make_projects(world["challenge"], 1)
    other.challenge = world["lab"].challenges.create(slug="otra", title="Otra", theme="agua", kind="hackathon")
    other.save()
    address = reverse("follow_up:answer", kwargs={"pk": other.pk, "checkpoint": other_challenge_checkpoint.pk})

    assert signed_in(client, "lead2@example.org").get(address).status_code == 404


def test_the_page_shows_the_stored_answer_to_correct(client, world):
    follow_up_answer(
        checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="scaled", comment="Hola"
    )

    response = signed_in(client, "member@example.org").get(url(world), headers={"accept-language": "en"})

    assert response.status_code == 200
    assert response.context["form"].initial["status"] == "scaled"
    assert "Answered by Lía Líder" in response.content.decode()
