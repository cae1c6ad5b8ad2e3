"""The organizers' API of a call's proposals: the console's list with its own filters (drafts too, eligibility),
the list as a file, and screening; refused to everyone but the call's organizers and staff, changing nothing."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from challenges.models import Challenge
from innovation_platform.core.audit import audit_entries
from innovation_platform.labs.models import LabMembership
from proposals.models import Attachment, Proposal
from tests.conftest import make_challenge, make_lab, make_user
from tests.proposals.console_world import juror_of, other_organizer
from tests.proposals.test_console_list import add_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-call")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab, "reto-labic", code="LABIC", visibility="published", team_min=2, proposals_public=False
    )
    return challenge, organizer


@pytest.fixture
def proposals(call):
    challenge, _organizer = call
    rosa = make_user("rosa@example.org", full_name="Rosa Quispe", language="en")
    pedro = make_user("pedro@example.org", full_name="Pedro Ñahui", language="es")
    return {
        "quinua": add_proposal(challenge, "=1+1", number=1, lead=rosa, team=[pedro], region="PE-CUS", stage="idea"),
        "biohuertos": add_proposal(
            challenge, "Red de biohuertos en San Jerónimo", number=2, lead=make_user("ana@example.org"), region="PE-CAJ"
        ),
        "ferias": add_proposal(
            challenge, "Ferias agroecológicas", number=3, lead=make_user("luis@example.org"), country="CO"
        ),
        "withdrawn": add_proposal(challenge, "Retirada", number=4, status="withdrawn"),
        "draft": add_proposal(challenge, "Borrador a medias", lead=make_user("eva@example.org"), status="draft"),
    }


def list_url(challenge) -> str:
    return reverse("v1:call-proposals", args=[challenge.slug])


def export_url(challenge, fmt: str = "csv") -> str:
    return reverse("v1:call-proposals-export", args=[challenge.slug, fmt])


def screen_url(challenge) -> str:
    return reverse("v1:call-proposals-screen", args=[challenge.slug])


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def eligibility(*proposals) -> list[tuple]:
    return [
        Proposal.objects.values_list("eligibility", "eligibility_reason", "screened_by").get(pk=proposal.pk)
        for proposal in proposals
    ]


class TestTheList:
    def test_a_row_holds_what_the_console_shows_and_the_eligibility_decision(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        data = api.get(list_url(challenge), {"q": "LABIC-0001"}).json()

        assert data["count"] == 1
        assert data["results"][0] == {
            "id": proposals["quinua"].pk,
            "reference": "LABIC-0001",
            "title": "=1+1",
            "status": "submitted",
            "status_display": "Submitted",
            "eligibility": "pending",
            "eligibility_display": "Not screened yet",
            "eligibility_reason": "",
            "screened_by": None,
            "screened_at": None,
            "lead": "Rosa Quispe",
            "team_size": 2,
            "country": "PE",
            "region": "PE-CUS",
            "stage": "idea",
            "tags": [],
            "supports": 0,
            "hidden": False,
            "submitted_at": data["results"][0]["submitted_at"],
            "updated_at": data["results"][0]["updated_at"],
            "columns": {"reviews": "0/0", "score": ""},
            "missing": None,
        }

    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"q": "san jeronimo"},
            {"q": "nahui"},
            {"country": "CO"},
            {"region": "PE-CAJ"},
            {"status": "withdrawn"},
            {"stage": "idea"},
            {"team_below_minimum": "on"},
            {"has_attachments": "yes"},
            {"reviews": "none", "status": "submitted"},
            {"sort": "-title", "status": "submitted"},
            {"sort": "team_size"},
            {"tab": "drafts"},
        ],
    )
    def test_it_filters_exactly_as_the_console_list(self, api, call, proposals, query):
        """One way to filter: the API answers the rows the console's page shows for the same query string."""
        challenge, organizer = call
        Attachment.objects.create(proposal=proposals["ferias"], file="x.pdf", name="x.pdf", size=10, content_type="pdf")
        api.force_authenticate(organizer)
        page = Client(headers={"accept-language": "en"})
        page.force_login(organizer)

        console = page.get(reverse("call_proposals:list", args=[challenge.slug]), query)

        assert titles(api.get(list_url(challenge), query)) == [p.title for p in console.context["page"].object_list]

    def test_the_drafts_tab_says_what_each_draft_misses(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        rows = api.get(list_url(challenge), {"tab": "drafts"}).json()["results"]

        assert [row["title"] for row in rows] == ["Borrador a medias"]
        assert rows[0]["missing"][:2] == ["summary", "problem"]

    def test_pages_of_twenty_or_of_the_size_asked(self, api, call):
        challenge, organizer = call
        for number in range(1, 26):
            add_proposal(challenge, f"Propuesta {number}", number=number)
        api.force_authenticate(organizer)

        first = api.get(list_url(challenge)).json()
        second = api.get(list_url(challenge), {"page": 2}).json()

        assert (first["count"], len(first["results"]), len(second["results"])) == (25, 20, 5)
        assert len(api.get(list_url(challenge), {"page_size": 100}).json()["results"]) == 25

    def test_nonsense_filters_are_refused_with_the_fields_named(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        response = api.get(list_url(challenge), {"status": "banana", "country": "ZZ"})

        assert response.status_code == 400
        assert sorted(response.json()) == ["country", "status"]

    def test_the_query_count_does_not_grow_with_the_rows(self, api, call, django_assert_num_queries):
        challenge, organizer = call
        api.force_authenticate(organizer)

        def add(start, end):
            for number in range(start, end):
                lead = make_user(f"l{number}@example.org")
                add_proposal(challenge, f"Propuesta {number}", number=number, lead=lead).tags.add("agua")

        add(1, 4)
        # The page's ids, then its rows (as the console page does), whatever their number.
        with django_assert_num_queries(8):
            assert len(api.get(list_url(challenge), {"page_size": 100}).json()["results"]) == 3
        add(4, 31)
        with django_assert_num_queries(8):
            assert len(api.get(list_url(challenge), {"page_size": 100}).json()["results"]) == 30


class TestTheFile:
    def test_the_csv_holds_what_the_filters_keep_with_formulas_neutralised(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        response = api.get(export_url(challenge), {"country": "PE", "status": "submitted"}, HTTP_ACCEPT="text/csv")

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert [row["Title"] for row in rows] == ["'=1+1", "Red de biohuertos en San Jerónimo"]

    def test_the_xlsx(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        response = api.get(export_url(challenge, "xlsx"), {"sort": "-title", "status": "submitted"})

        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [row[1] for row in sheet.iter_rows(values_only=True)] == [
            "Title",
            "Red de biohuertos en San Jerónimo",
            "Ferias agroecológicas",
            "'=1+1",
        ]

    def test_an_unknown_format_is_not_found(self, api, call):
        challenge, organizer = call
        api.force_authenticate(organizer)

        assert api.get(export_url(challenge, "pdf")).status_code == 404


class TestScreening:
    def test_many_proposals_are_declared_not_eligible_and_their_teams_told_once(
        self, api, call, proposals, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, organizer = call
        api.force_authenticate(organizer)
        chosen = [proposals["quinua"].pk, proposals["ferias"].pk]
        decision = {"proposals": chosen, "eligibility": "ineligible", "reason": "Outside the eligible regions"}

        with django_capture_on_commit_callbacks(execute=True):
            first = api.post(screen_url(challenge), decision, format="json")
            again = api.post(screen_url(challenge), decision, format="json")

        assert (first.status_code, first.json()) == (200, {"changed": 2})
        assert again.json() == {"changed": 0}
        assert eligibility(proposals["quinua"], proposals["ferias"], proposals["biohuertos"]) == [
            ("ineligible", "Outside the eligible regions", organizer.pk),
            ("ineligible", "Outside the eligible regions", organizer.pk),
            ("pending", "", None),
        ]
        assert sorted(message.to[0] for message in mailoutbox) == [
            "luis@example.org",
            "pedro@example.org",
            "rosa@example.org",
        ]
        assert [entry.action for entry in audit_entries(proposals["quinua"])] == ["proposal.screened"]

    def test_one_proposal_is_declared_eligible_and_the_list_says_who_and_when(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        response = api.post(
            screen_url(challenge), {"proposals": [proposals["biohuertos"].pk], "eligibility": "eligible"}, format="json"
        )
        row = api.get(list_url(challenge), {"eligibility": "eligible"}).json()["results"]

        assert response.json() == {"changed": 1}
        assert [(r["reference"], r["screened_by"]) for r in row] == [("LABIC-0002", "Olga Organiza")]
        assert row[0]["screened_at"] is not None

    def test_not_eligible_without_a_reason_is_refused_and_nothing_changes(
        self, api, call, proposals, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, organizer = call
        api.force_authenticate(organizer)

        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                screen_url(challenge),
                {"proposals": [proposals["quinua"].pk], "eligibility": "ineligible"},
                format="json",
            )

        assert response.status_code == 400
        assert response.json() == {"reason": ["Say why the proposals are not eligible: their teams will read it."]}
        assert eligibility(proposals["quinua"]) == [("pending", "", None)]
        assert mailoutbox == []

    def test_a_proposal_of_another_call_is_refused_and_nothing_changes(self, api, call, proposals):
        challenge, organizer = call
        other = add_proposal(
            Challenge.objects.create(lab=challenge.lab, slug="otro-reto", title="Otro", visibility="published"),
            "Ajena",
            number=1,
        )
        api.force_authenticate(organizer)

        response = api.post(
            screen_url(challenge),
            {"proposals": [proposals["quinua"].pk, other.pk], "eligibility": "eligible"},
            format="json",
        )

        assert response.status_code == 400
        assert response.json() == {"proposals": [f"These are not proposals of this call: {other.pk}."]}
        assert eligibility(proposals["quinua"], other) == [("pending", "", None), ("pending", "", None)]

    def test_an_id_beyond_any_row_is_refused_not_sent_to_the_database(self, api, call, proposals):
        challenge, organizer = call
        api.force_authenticate(organizer)

        response = api.post(screen_url(challenge), {"proposals": [2**70], "eligibility": "eligible"}, format="json")

        assert response.status_code == 400
        assert list(response.json()["proposals"]) == ["0"]  # the first id, named by its position


class TestWhoMay:
    @pytest.mark.parametrize("who", ["anonymous", "citizen", "team lead", "juror", "other lab organizer"])
    def test_only_the_calls_organizers_list_export_and_screen(
        self, api, call, proposals, who, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, _organizer = call
        people = {
            "citizen": lambda: make_user("c@example.org"),
            "team lead": lambda: proposals["quinua"].members.get(role="lead").user,
            "juror": lambda: juror_of(challenge),
            "other lab organizer": other_organizer,
        }
        if who != "anonymous":
            api.force_authenticate(people[who]())
        expected = 401 if who == "anonymous" else 403

        listing = api.get(list_url(challenge))
        export = api.get(export_url(challenge))
        with django_capture_on_commit_callbacks(execute=True):
            screening = api.post(
                screen_url(challenge),
                {"proposals": [proposals["quinua"].pk], "eligibility": "ineligible", "reason": "No"},
                format="json",
            )

        assert [listing.status_code, export.status_code, screening.status_code] == [expected] * 3
        assert "=1+1" not in listing.content.decode() + export.content.decode()
        assert eligibility(proposals["quinua"]) == [("pending", "", None)]
        assert mailoutbox == []

    def test_a_draft_call_is_unknown_to_anyone_but_its_organizers(self, api, call, proposals):
        challenge, organizer = call
        Challenge.objects.filter(pk=challenge.pk).update(visibility="draft")

        api.force_authenticate(other_organizer())
        assert api.get(list_url(challenge)).status_code == 404
        api.force_authenticate(organizer)
        assert api.get(list_url(challenge)).status_code == 200

    def test_staff_may(self, api, call, proposals, staff):
        challenge, _organizer = call
        api.force_authenticate(staff)

        assert len(titles(api.get(list_url(challenge)))) == 4


@pytest.mark.parametrize("what", ["team", "applications", "supports", "eligibility"])
def test_the_calls_other_exports_come_through_the_api_as_in_the_console(api, client, call, proposals, what):
    """Issue 10: "the same exports through the API for organizers", token in hand, byte for byte the console's."""
    challenge, organizer = call
    api.force_authenticate(organizer)
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    through_api = api.get(reverse("v1:call-export", args=[challenge.slug, what, "csv"]))
    in_console = client.get(reverse("call_proposals:export_other", args=[challenge.slug, what, "csv"]))

    assert through_api.status_code == 200
    assert b"".join(through_api.streaming_content) == b"".join(in_console.streaming_content)


@pytest.mark.parametrize(("who", "what", "status"), [("juror", "team", 403), ("organizer", "nonsense", 404)])
def test_the_other_exports_refuse_others_and_unknown_ones(api, call, proposals, who, what, status):
    challenge, organizer = call
    api.force_authenticate(organizer if who == "organizer" else juror_of(challenge))

    assert api.get(reverse("v1:call-export", args=[challenge.slug, what, "csv"])).status_code == status
