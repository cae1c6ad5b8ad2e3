"""Download my data: a ZIP with everything the platform holds about the person, built in the background, for
them alone, until it expires."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from innovation_platform.accounts.models import DataExport
from innovation_platform.accounts.services import DATA_EXPORT_DAYS
from innovation_platform.live.models import Notification
from projects.models import CheckIn, LogbookPost, Project
from tests.conftest import make_user
from tests.judging.results_world import world  # noqa: F401
from tests.projects.datarights_world import EMAIL, NAME, person  # noqa: F401


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def request_copy(client, user, django_capture_on_commit_callbacks) -> DataExport:
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 302
    return DataExport.objects.get(user=user)


def archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def copy(client, person, django_capture_on_commit_callbacks):  # noqa: F811
    export = request_copy(client, person["person"], django_capture_on_commit_callbacks)
    response = client.get(reverse("accounts:data_export_download", args=[export.token]))
    files = archive(response)
    return {**person, "export": export, "files": files, "data": json.loads(files.read("data.json"))["parts"]}


class TestTheArchive:
    def test_holds_a_json_file_and_a_readable_page(self, copy):
        assert sorted(copy["files"].namelist()) == ["data.json", "index.html"]
        page = copy["files"].read("index.html").decode()
        assert NAME in page
        assert "Sé de riego por goteo." in page

    def test_the_account_and_profile(self, copy):
        account = copy["data"]["account"]
        assert (account["email"], account["full_name"]) == (EMAIL, NAME)
        assert account["addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
        assert copy["data"]["profile"]["public"] is False

    def test_the_consents_with_their_time(self, copy):
        consents = copy["data"]["consents"]
        assert consents["contact_by_organizers"]["given"] is True
        assert consents["contact_by_organizers"]["given_at"]
        assert consents["newsletter"] == {"given": False, "given_at": None, "withdrawn_at": None}
        assert sorted(item["policy"] for item in consents["policies_accepted"]) == ["privacy", "terms"]

    def test_the_proposals_authored_or_co_authored_with_answers_and_versions(self, copy):
        by_title = {proposal["title"]: proposal for proposal in copy["data"]["proposals"]}
        assert sorted(by_title) == ["Borrador compartido", "Borrador de Rosa", "Proposal 1"]
        first = by_title["Proposal 1"]
        assert first["reference"] == "JUR26-0001"
        assert first["answers"] == [{"question": "¿Por qué?", "value": "Porque el agua falta en Puno.", "file": None}]
        assert [version["snapshot"] for version in first["versions_you_saved"]] == [{"title": "Proposal 1, first"}]

    def test_teams_invitations_requests_and_applications(self, copy):
        teams = copy["data"]["teams"]
        assert sorted((m["proposal"], m["role"]) for m in teams["memberships"]) == [
            ("Borrador compartido", "member"),
            ("Borrador de Rosa", "lead"),
            ("Proposal 1", "member"),
        ]
        assert [(i["proposal"], i["status"]) for i in teams["invitations_received"]] == [("Proposal 4", "pending")]
        assert [(r["proposal"], r["message"]) for r in teams["join_requests"]] == [
            ("Proposal 3", "Sé de riego por goteo.")
        ]
        assert [(a["proposal"], a["role"]) for a in teams["applications_to_roles"]] == [("Proposal 4", "Agrónoma")]

    def test_supports_calls_notifications_and_messages(self, copy):
        assert [support["proposal"] for support in copy["data"]["supports"]] == ["Proposal 2"]
        assert [follow["call"] for follow in copy["data"]["calls"]["followed"]] == ["Reto Jurado"]
        titles = [notification["title"] for notification in copy["data"]["notifications"]]
        assert "Te uniste al equipo" in titles
        assert [message["subject"] for message in copy["data"]["messages"]] == ["Bienvenida al laboratorio"]

    def test_nobody_elses_data(self, copy):
        text = json.dumps(copy["data"])
        assert "jana@example.org" not in text
        assert "lead1@example.org" not in text


def test_a_jurors_copy_holds_their_scores_and_comments(client, world, django_capture_on_commit_callbacks):  # noqa: F811
    jana = world["jurors"]["jana"].user
    review = jana.jury_seats.get().assignments.get(proposal=world["proposals"][0])
    review.comment = "Muy sólida."
    review.save()
    export = request_copy(client, jana, django_capture_on_commit_callbacks)
    data = json.loads(
        archive(client.get(reverse("accounts:data_export_download", args=[export.token]))).read("data.json")
    )
    reviews = {item["proposal"]: item for item in data["parts"]["jury"]["reviews"]}
    assert reviews["Proposal 1"]["scores"] == {"Impact": "5.00", "Feasibility": "5.00"}
    assert reviews["Proposal 1"]["comment_for_the_organizers"] == "Muy sólida."
    assert [seat["status"] for seat in data["parts"]["jury"]["seats"]] == ["active"]


def test_the_person_is_told_when_it_is_ready(copy):
    rosa = copy["person"]
    assert Notification.objects.filter(user=rosa, kind="account").count() == 1
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert reverse("accounts:data_export") in mail.outbox[0].body


@pytest.mark.parametrize("who", ["anonymous", "someone else", "staff"])
def test_only_the_person_may_download_it(client, copy, who):
    if who != "anonymous":
        client.force_login(make_user(f"{who.replace(' ', '')}@example.org", is_staff=who == "staff"))
    else:
        client.logout()
    response = client.get(reverse("accounts:data_export_download", args=[copy["export"].token]))
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


def test_the_link_expires_and_the_copy_is_then_deleted(client, copy):
    export = copy["export"]
    url = reverse("accounts:data_export_download", args=[export.token])
    stored = export.file.path
    with time_machine.travel(export.ready_at + timedelta(days=DATA_EXPORT_DAYS) - timedelta(minutes=1), tick=False):
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)  # read to the end: the test client then closes it, keeping the database
    with time_machine.travel(export.ready_at + timedelta(days=DATA_EXPORT_DAYS, seconds=1), tick=False):
        assert client.get(url).status_code == 404
        assert (
            "Download my copy"
            not in client.get(reverse("accounts:data_export"), headers={"accept-language": "en"}).content.decode()
        )
        call_command("data_exports_purge", stdout=io.StringIO())
    assert not DataExport.objects.exists()
    assert not Path(stored).exists()


def test_a_new_request_replaces_the_previous_copy(client, copy, django_capture_on_commit_callbacks):
    first = copy["export"]
    second = request_copy(client, copy["person"], django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    assert client.get(reverse("accounts:data_export_download", args=[first.token])).status_code == 404


def test_the_page_offers_the_copy_once_ready(client, copy, english_client):
    english_client.force_login(copy["person"])
    page = english_client.get(reverse("accounts:data_export")).content.decode()
    assert reverse("accounts:data_export_download", args=[copy["export"].token]) in page
    assert timezone.now() < copy["export"].expires_at


def test_the_lab_contributes_its_part(client, person, django_capture_on_commit_callbacks):  # noqa: F811
    """Each app adds its part through the registry in accounts: the lab's check-ins and logbook posts."""
    rosa, proposal = person["person"], person["proposals"][0]
    project = Project.objects.create(proposal=proposal, challenge=proposal.challenge, title=proposal.title)
    LogbookPost.objects.create(project=project, author=rosa, title="Día 1", body="Probamos el prototipo.")
    CheckIn.objects.create(challenge=proposal.challenge, user=rosa, day=timezone.localdate())
    export = request_copy(client, rosa, django_capture_on_commit_callbacks)
    files = archive(client.get(reverse("accounts:data_export_download", args=[export.token])))
    lab = json.loads(files.read("data.json"))["parts"]["lab"]
    assert [(post["title"], post["text"]) for post in lab["logbook_posts"]] == [("Día 1", "Probamos el prototipo.")]
    assert [check_in["day"] for check_in in lab["check_ins"]] == [timezone.localdate().isoformat()]
