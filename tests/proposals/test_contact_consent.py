"""Team members' e-mail addresses reach the call's organizers only for those who agreed to be contacted: on the
organizer's view of a proposal and in the team export; never in the other exports, never to anybody else."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from innovation_platform.accounts.models import Profile
from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.proposals.console_world import juror_of, other_organizer

pytestmark = pytest.mark.django_db

NOT_AGREED = "Has not agreed to be contacted: write through Messages."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-call")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(lab, "reto-labic", code="LABIC", visibility="published")
    rosa = make_user("rosa@example.org", full_name="Rosa Quispe")
    pedro = make_user("pedro@example.org", full_name="Pedro Ñahui")
    Profile.objects.filter(user=rosa).update(contact_consent=True, region="PE-CUS")
    proposal = Proposal.objects.create(challenge=challenge, title="Quinua andina", number=1, status="submitted")
    ProposalMember.objects.create(proposal=proposal, user=rosa, role="lead")
    ProposalMember.objects.create(proposal=proposal, user=pedro, role="member")
    # A member without a profile yet (created on first need) counts as not having agreed.
    nadia = make_user("nadia@example.org", full_name="Nadia Sinperfil")
    Profile.objects.filter(user=nadia).delete()
    ProposalMember.objects.create(proposal=proposal, user=nadia, role="member")
    return {"challenge": challenge, "organizer": organizer, "proposal": proposal}


def detail(call) -> str:
    return reverse("call_proposals:detail", args=[call["challenge"].slug, call["proposal"].pk])


def test_the_organizer_sees_the_address_of_those_who_agreed_only(client, call):
    client.force_login(call["organizer"])

    page = client.get(detail(call)).content.decode()

    assert '<a href="mailto:rosa@example.org">rosa@example.org</a>' in page
    assert "pedro@example.org" not in page and "nadia@example.org" not in page
    assert page.count(NOT_AGREED) == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("staff", 200),
        ("juror", 403),
        ("other_organizer", 403),
        ("lead", 403),
        ("citizen", 403),
    ],
)
def test_nobody_else_opens_the_organizers_view(client, call, who, status):
    people = {
        "organizer": lambda: call["organizer"],
        "staff": lambda: make_user("staff@example.org", is_staff=True),
        "juror": lambda: juror_of(call["challenge"]),
        "other_organizer": other_organizer,
        "lead": lambda: call["proposal"].members.get(role="lead").user,
        "citizen": lambda: make_user("ciudadana@example.org"),
    }
    client.force_login(people[who]())

    response = client.get(detail(call))

    assert response.status_code == status
    assert ("rosa@example.org" in response.content.decode()) is (status == 200)


def team_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_team_export_gives_an_address_only_with_consent(client, call):
    client.force_login(call["organizer"])
    url = reverse("call_proposals:export_other", args=[call["challenge"].slug, "team", "csv"])

    rows = team_rows(client.get(url))

    assert [
        (row["Reference"], row["Name"], row["Role"], row["Region"], row["E-mail (if they agreed to be contacted)"])
        for row in rows
    ] == [
        (call["proposal"].reference, "Rosa Quispe", "Lead", "Cusco", "rosa@example.org"),
        (call["proposal"].reference, "Pedro Ñahui", "Co-author", "", ""),
        (call["proposal"].reference, "Nadia Sinperfil", "Co-author", "", ""),
    ]


def test_the_team_export_as_a_workbook_and_refused_to_others(client, call):
    url = reverse("call_proposals:export_other", args=[call["challenge"].slug, "team", "xlsx"])
    client.force_login(other_organizer())
    assert client.get(url).status_code in {403, 404}
    client.force_login(call["organizer"])

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).active

    assert [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))][-1] == "rosa@example.org"


def test_the_other_exports_hold_no_address_at_all(client, call):
    client.force_login(call["organizer"])
    listed = client.get(reverse("call_proposals:export", args=[call["challenge"].slug, "csv"]))

    content = b"".join(listed.streaming_content).decode("utf-8-sig")

    assert "Rosa Quispe" in content and "@example.org" not in content
