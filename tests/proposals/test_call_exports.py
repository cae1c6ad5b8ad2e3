"""The call's exports beyond its list of proposals: team members, applications to its open roles, supports per
proposal and eligibility decisions, for its organizers and staff only, as CSV and XLSX, streamed with formulas
neutralised."""

import csv
import io
import tracemalloc
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember, RoleApplication, RoleSlot, Support
from proposals.services.screening import proposals_screen
from tests.conftest import make_challenge, make_lab, make_user
from tests.proposals.console_world import juror_of, other_organizer

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
WHAT = ["team", "applications", "supports", "eligibility"]


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
    challenge = make_challenge(lab, "reto-labic", code="LABIC", visibility="published", supports_enabled=True)
    return challenge, organizer


def add_proposal(challenge, title: str, number: int | None, *, status: str = "submitted", lead=None) -> Proposal:
    proposal = Proposal.objects.create(challenge=challenge, title=title, number=number, status=status)
    ProposalMember.objects.create(
        proposal=proposal, user=lead or make_user(f"lead{number}-{title[:3]}@example.org"), role="lead"
    )
    return proposal


def url(challenge, what: str, fmt: str = "csv") -> str:
    return reverse("call_proposals:export_other", args=[challenge.slug, what, fmt])


def csv_rows(response) -> list[dict]:
    assert response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def moment(value: datetime) -> str:
    """A date as the export writes it: in the current time zone, to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def applications(call):
    challenge, organizer = call
    lead = make_user("lia@example.org", full_name="Lía Líder")
    proposal = add_proposal(challenge, "=1+1", 1, status="selected", lead=lead)
    slot = RoleSlot.objects.create(proposal=proposal, title="Diseñadora", skills=["CAD"], slots=2)
    accepted = RoleApplication.objects.create(
        slot=slot,
        applicant=make_user("ana@example.org", full_name="Ana Aplica"),
        motivation="@Ana: prototipos en 3D",
        links=["https://ana.example.org", "https://git.example.org/ana"],
        rating=4,
        status="accepted",
        decided_at=NOW,
        decided_by=lead,
    )
    pending = RoleApplication.objects.create(
        slot=slot, applicant=make_user("beto@example.org", full_name="Beto Busca"), motivation="Sé soldar", preference=2
    )
    return accepted, pending


class TestApplications:
    def test_every_application_with_its_role_proposal_status_rating_dates_and_motivation(
        self, client, call, applications
    ):
        challenge, organizer = call
        accepted, pending = applications
        client.force_login(organizer)

        rows = csv_rows(client.get(url(challenge, "applications")))

        assert rows == [
            {
                "Reference": "LABIC-0001",
                "Proposal": "'=1+1",
                "Role": "Diseñadora",
                "Applicant": "Ana Aplica",
                "Status": "Accepted",
                "Preference": "1",
                "Rating": "4",
                "Applied": moment(accepted.created_at),
                "Decided": moment(NOW),
                "Decided by": "Lía Líder",
                "Motivation": "'@Ana: prototipos en 3D",
                "Links": "https://ana.example.org; https://git.example.org/ana",
            },
            {
                "Reference": "LABIC-0001",
                "Proposal": "'=1+1",
                "Role": "Diseñadora",
                "Applicant": "Beto Busca",
                "Status": "Received",
                "Preference": "2",
                "Rating": "",
                "Applied": moment(pending.created_at),
                "Decided": "",
                "Decided by": "",
                "Motivation": "Sé soldar",
                "Links": "",
            },
        ]

    def test_the_xlsx_keeps_numbers_and_holds_no_formula(self, client, call, applications):
        challenge, organizer = call
        client.force_login(organizer)

        response = client.get(url(challenge, "applications", "xlsx"))

        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert workbook.sheetnames == ["Collaborator applications"]
        rows = list(workbook.active.iter_rows(values_only=True))
        assert [row[:7] for row in rows[1:]] == [
            ("LABIC-0001", "'=1+1", "Diseñadora", "Ana Aplica", "Accepted", 1, 4),
            ("LABIC-0001", "'=1+1", "Diseñadora", "Beto Busca", "Received", 2, None),
        ]

    def test_the_collaborator_call_page_links_it(self, client, call, applications):
        challenge, organizer = call
        client.force_login(organizer)

        html = client.get(reverse("proposals:challenge_applications", args=[challenge.slug])).content.decode()

        assert f'href="{url(challenge, "applications")}"' in html
        assert f'href="{url(challenge, "applications", "xlsx")}"' in html


class TestSupports:
    def test_counts_and_dates_per_proposal_most_supported_first_and_never_who(self, client, call):
        challenge, organizer = call
        first = add_proposal(challenge, "=1+1", 1)
        second = add_proposal(challenge, "Ferias", 2)
        add_proposal(challenge, "Sin apoyos", 3)
        add_proposal(challenge, "Borrador", None, status="draft")
        days = [datetime(2026, 5, day, 15, 0, tzinfo=UTC) for day in (4, 5, 6)]
        for index, when in enumerate(days):
            supporter = make_user(f"s{index}@example.org", full_name=f"Supporter {index}")
            support = Support.objects.create(proposal=second, challenge=challenge, user=supporter)
            Support.objects.filter(pk=support.pk).update(created_at=when)
        support = Support.objects.create(proposal=first, challenge=challenge, user=make_user("s9@example.org"))
        Support.objects.filter(pk=support.pk).update(created_at=days[0])
        client.force_login(organizer)

        response = client.get(url(challenge, "supports"))
        body = b"".join(response.streaming_content).decode("utf-8-sig")

        rows = list(csv.DictReader(io.StringIO(body)))
        assert [tuple(row.values()) for row in rows] == [
            ("LABIC-0002", "Ferias", "Submitted", "0", "3", moment(days[0]), moment(days[2])),
            ("LABIC-0001", "'=1+1", "Submitted", "0", "1", moment(days[0]), moment(days[0])),
            ("LABIC-0003", "Sin apoyos", "Submitted", "0", "0", "", ""),
        ]
        assert list(rows[0]) == [
            "Reference",
            "Title",
            "Status",
            "Hidden",
            "Supports",
            "First support",
            "Last support",
        ]
        assert "Supporter" not in body and "@example.org" not in body


class TestEligibility:
    def test_every_decision_with_its_reason_who_and_when(self, client, call):
        challenge, organizer = call
        first = add_proposal(challenge, "=1+1", 1)
        second = add_proposal(challenge, "Ferias", 2)
        add_proposal(challenge, "Sin revisar", 3)
        add_proposal(challenge, "Borrador", None, status="draft")
        proposals_screen(
            challenge=challenge,
            proposals=Proposal.objects.filter(pk=first.pk),
            actor=organizer,
            eligibility="ineligible",
            reason="-Outside the eligible regions",
            now=NOW,
        )
        proposals_screen(
            challenge=challenge,
            proposals=Proposal.objects.filter(pk=second.pk),
            actor=organizer,
            eligibility="eligible",
            now=NOW,
        )
        client.force_login(organizer)

        rows = csv_rows(client.get(url(challenge, "eligibility")))

        assert [tuple(row.values()) for row in rows] == [
            (
                "LABIC-0001",
                "'=1+1",
                "Submitted",
                "Not eligible",
                "'-Outside the eligible regions",
                "Olga Organiza",
                moment(NOW),
            ),
            ("LABIC-0002", "Ferias", "Submitted", "Eligible", "", "Olga Organiza", moment(NOW)),
            ("LABIC-0003", "Sin revisar", "Submitted", "Not screened yet", "", "", ""),
        ]
        assert list(rows[0]) == ["Reference", "Title", "Status", "Eligibility", "Reason", "Screened by", "Screened"]

    def test_memory_stays_flat_from_2000_to_10000_rows(self, client, call):
        """Rows are read 500 at a time and streamed: five times the rows take about the same memory."""
        challenge, organizer = call
        client.force_login(organizer)

        def peak(count: int) -> int:
            Proposal.objects.filter(challenge=challenge).delete()
            Proposal.objects.bulk_create(
                Proposal(challenge=challenge, title=f"Propuesta {n}", number=n, status="submitted")
                for n in range(1, count + 1)
            )
            response = client.get(url(challenge, "eligibility"))
            tracemalloc.start()
            lines = sum(1 for _line in response.streaming_content)
            size = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert lines == count + 1
            return size

        small, large = peak(2000), peak(10000)

        assert large < 1.5 * small


class TestWhoMayExport:
    @pytest.mark.parametrize("who", ["anonymous", "citizen", "team lead", "juror", "other lab organizer"])
    @pytest.mark.parametrize("what", WHAT)
    def test_only_the_calls_organizers_and_staff(self, client, call, applications, who, what):
        challenge, _organizer = call
        people = {
            "citizen": lambda: make_user("c@example.org"),
            "team lead": lambda: Proposal.objects.get(number=1).members.get(role="lead").user,
            "juror": lambda: juror_of(challenge),
            "other lab organizer": other_organizer,
        }
        if who != "anonymous":
            client.force_login(people[who]())

        response = client.get(url(challenge, what))

        if who == "anonymous":
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.status_code == 403
            assert not response.streaming
            assert "=1+1" not in response.content.decode()

    @pytest.mark.parametrize("what", WHAT)
    def test_staff_may(self, client, call, applications, staff, what):
        challenge, _organizer = call
        client.force_login(staff)

        assert csv_rows(client.get(url(challenge, what)))[0]["Reference"] == "LABIC-0001"

    def test_an_unknown_export_or_format_is_not_found(self, client, call):
        challenge, organizer = call
        client.force_login(organizer)

        assert client.get(url(challenge, "passwords")).status_code == 404
        assert client.get(url(challenge, "supports", "pdf")).status_code == 404


class TestQueries:
    @pytest.mark.parametrize(
        # The team and eligibility exports read the call's proposals through the list's selector, which first
        # brings the judging figures its columns read up to date (one query more).
        ("what", "queries"),
        [("team", 7), ("applications", 6), ("supports", 6), ("eligibility", 7)],
    )
    def test_the_count_does_not_grow_with_the_rows(self, client, call, django_assert_num_queries, what, queries):
        challenge, organizer = call
        client.force_login(organizer)

        def fill(start: int, end: int) -> None:
            for number in range(start, end):
                proposal = add_proposal(challenge, f"Propuesta {number}", number, status="selected")
                slot = RoleSlot.objects.create(proposal=proposal, title=f"Rol {number}")
                person = make_user(f"p{number}@example.org")
                RoleApplication.objects.create(slot=slot, applicant=person, motivation="Hola", decided_by=organizer)
                Support.objects.create(proposal=proposal, challenge=challenge, user=person)
                proposals_screen(
                    challenge=challenge,
                    proposals=Proposal.objects.filter(pk=proposal.pk),
                    actor=organizer,
                    eligibility="eligible",
                )

        def export() -> int:
            return len(csv_rows(client.get(url(challenge, what))))

        fill(1, 4)
        with django_assert_num_queries(queries):
            assert export() == 3
        fill(4, 31)
        with django_assert_num_queries(queries):
            assert export() == 30


class TestLinks:
    def test_the_proposals_list_links_the_other_exports(self, client, call):
        challenge, organizer = call
        client.force_login(organizer)

        html = client.get(reverse("call_proposals:list", args=[challenge.slug])).content.decode()

        for what in WHAT:
            assert f'href="{url(challenge, what)}"' in html
            assert f'href="{url(challenge, what, "xlsx")}"' in html
