"""The organizers' list of a call's proposals: tabs, filters, search, sort and pages in the URL, bulk screening
and shortlisting, exports of what the list shows, and the organizer's view of one proposal."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from challenges.models import ChallengeRole
from innovation_platform.accounts.models import User
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.labs.models import LabMembership
from innovation_platform.live.models import Notification
from judging.models import Assignment, Criterion, Juror, Round, Score
from proposals.models import Attachment, Proposal, ProposalMember, Support
from proposals.selectors.console import moment_formatter
from proposals.services.similar import proposal_terms_index
from tests.conftest import make_challenge, make_lab, make_user
from tests.proposals.console_world import juror_of, other_organizer

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, so assertions read the source strings."""
    return Client(headers={"accept-language": "en"})


def add_proposal(challenge, title, *, number=None, status="submitted", lead=None, team=(), **fields):
    proposal = Proposal.objects.create(
        challenge=challenge,
        title=title,
        number=number,
        status=status,
        submitted_at=NOW if status != "draft" else None,
        **fields,
    )
    if lead is not None:
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    for member in team:
        ProposalMember.objects.create(proposal=proposal, user=member, role="member")
    proposal_terms_index(proposal=proposal)
    return proposal


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-call")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "reto-labic",
        code="LABIC",
        visibility="published",
        team_min=2,
        ineligibility_reasons=["Outside the eligible regions", "Incomplete documents"],
        phases={"proposals": (NOW - 9 * DAY, NOW - DAY)},
    )
    return challenge, organizer


@pytest.fixture
def proposals(call):
    challenge, _ = call
    rosa = make_user("rosa@example.org", full_name="Rosa Quispe", language="en")
    pedro = make_user("pedro@example.org", full_name="Pedro Ñahui", language="es")
    return {
        "quinua": add_proposal(
            challenge, "Quinua andina", number=1, lead=rosa, team=[pedro], region="PE-CUS", stage="idea"
        ),
        "biohuertos": add_proposal(
            challenge, "Red de biohuertos en San Jerónimo", number=2, lead=make_user("ana@example.org"), region="PE-CAJ"
        ),
        "ferias": add_proposal(
            challenge, "Ferias agroecológicas", number=3, lead=make_user("luis@example.org"), country="CO"
        ),
        "withdrawn": add_proposal(challenge, "Retirada", number=4, status="withdrawn"),
        "draft": add_proposal(challenge, "Borrador a medias", lead=make_user("eva@example.org"), status="draft"),
    }


def list_url(challenge, **query) -> str:
    url = reverse("call_proposals:list", args=[challenge.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["page"].object_list]


class TestTheList:
    def test_the_sent_tab_lists_every_proposal_sent_and_the_drafts_tab_the_drafts(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)

        sent = client.get(list_url(challenge))
        drafts = client.get(list_url(challenge, tab="drafts"))

        assert titles(sent) == [
            "Quinua andina",
            "Red de biohuertos en San Jerónimo",
            "Ferias agroecológicas",
            "Retirada",
        ]
        assert sent.context["counts"] == {"sent": 4, "drafts": 1}
        assert titles(drafts) == ["Borrador a medias"]
        assert drafts.context["page"].object_list[0].missing[:2] == ["summary", "problem"]

    def test_each_page_reads_its_rows_afresh(self, client, call, proposals):
        """The rows' query is built once per process, never its rows: the next page shows every change."""
        challenge, organizer = call
        client.force_login(organizer)
        ferias = proposals["ferias"]

        def row(response):
            return next(row for row in response.context["page"].object_list if row.pk == ferias.pk)

        before = row(client.get(list_url(challenge)))
        ProposalMember.objects.create(proposal=ferias, user=make_user("co@example.org"), role="member")
        Support.objects.create(proposal=ferias, challenge=challenge, user=make_user("s@example.org"))
        Proposal.objects.filter(pk=ferias.pk).update(eligibility="eligible", title="Ferias de la sierra")
        after = row(client.get(list_url(challenge)))

        assert (before.team_size, before.support_count, before.eligibility) == (1, 0, "pending")
        assert (after.team_size, after.support_count, after.eligibility, after.title) == (
            2,
            1,
            "eligible",
            "Ferias de la sierra",
        )
        assert (after.below_minimum, after.labels["eligibility"]) == (False, "Eligible")

    def test_the_kept_links_to_the_calls_other_exports_follow_the_call_and_the_language(self, client, call):
        challenge, organizer = call
        other = make_challenge(challenge.lab, "reto-otro", visibility="published")
        client.force_login(organizer)

        def exports(challenge, language):
            html = client.get(list_url(challenge), headers={"accept-language": language}).content.decode()
            return next(p for p in re.findall(r'<p class="muted">.*?</p>', html, re.S) if "CSV</a>" in p)

        for _ in range(2):  # drawn, then read from what was kept
            assert "Team members (<a href" in exports(challenge, "en")
            assert "Integrantes de los equipos (<a href" in exports(challenge, "es")
            assert reverse("call_proposals:export_other", args=[other.slug, "team", "csv"]) in exports(other, "en")
            assert "reto-otro" not in exports(challenge, "en")

    def test_the_total_is_the_tabs_count_unfiltered_and_the_filters_count_otherwise(self, client, call, proposals):
        """A whole tab's total is its tab's count (no second COUNT); a filter or a search counts what it keeps."""
        challenge, organizer = call
        client.force_login(organizer)

        totals = {
            name: client.get(list_url(challenge, **query)).context["page"].paginator.count
            for name, query in {
                "sent": {},
                "drafts": {"tab": "drafts"},
                "country": {"country": "CO"},
                "search": {"q": "quinua"},
                "below the minimum": {"team_below_minimum": "on"},
                "unknown filter value": {"stage": "nope"},
            }.items()
        }

        assert totals == {
            "sent": 4,
            "drafts": 1,
            "country": 1,
            "search": 1,
            "below the minimum": 3,
            "unknown filter value": 4,
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"q": "san jeronimo"}, ["Red de biohuertos en San Jerónimo"]),
            ({"q": "nahui"}, ["Quinua andina"]),
            ({"q": "LABIC-0003"}, ["Ferias agroecológicas"]),
            ({"country": "CO"}, ["Ferias agroecológicas"]),
            ({"region": "PE-CAJ"}, ["Red de biohuertos en San Jerónimo"]),
            ({"status": "withdrawn"}, ["Retirada"]),
            ({"stage": "idea"}, ["Quinua andina"]),
            ({"team_below_minimum": "on"}, ["Red de biohuertos en San Jerónimo", "Ferias agroecológicas", "Retirada"]),
            (
                {"reviews": "none", "status": "submitted"},
                ["Quinua andina", "Red de biohuertos en San Jerónimo", "Ferias agroecológicas"],
            ),
            (
                {"sort": "-title", "status": "submitted"},
                ["Red de biohuertos en San Jerónimo", "Quinua andina", "Ferias agroecológicas"],
            ),
            (
                {"sort": "team_size", "status": "submitted"},
                ["Red de biohuertos en San Jerónimo", "Ferias agroecológicas", "Quinua andina"],
            ),
        ],
    )
    def test_filters_search_and_sort_live_in_the_url(self, client, call, proposals, query, expected):
        challenge, organizer = call
        client.force_login(organizer)

        assert titles(client.get(list_url(challenge, **query))) == expected

    def test_documents_filter(self, client, call, proposals):
        challenge, organizer = call
        Attachment.objects.create(proposal=proposals["ferias"], file="x.pdf", name="x.pdf", size=10, content_type="pdf")
        client.force_login(organizer)

        assert titles(client.get(list_url(challenge, has_attachments="yes"))) == ["Ferias agroecológicas"]
        assert "Ferias agroecológicas" not in titles(client.get(list_url(challenge, has_attachments="no")))

    def test_nonsense_filters_are_said_and_dropped(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)

        response = client.get(list_url(challenge, status="banana", country="ZZ", sort="password", page="x"))

        assert response.status_code == 200
        assert sorted(response.context["form"].errors) == ["country", "status"]
        assert len(titles(response)) == 4
        assert "Some filters were not understood" in response.content.decode()

    def test_a_row_shows_each_column(self, client, call, proposals):
        challenge, organizer = call
        quinua = proposals["quinua"]
        quinua.tags.add("semillas", "agua")
        Proposal.objects.filter(pk=quinua.pk).update(
            submitted_at=datetime(2026, 3, 5, 4, 30, tzinfo=UTC),  # 4 March, 23:30 in Lima
            eligibility="ineligible",
            screened_at=NOW - DAY,
            appealed_at=NOW,
            hidden_at=NOW,
        )
        round_ = Round.objects.create(challenge=challenge, name="Preselección", starts_at=NOW, ends_at=NOW + DAY)
        user = make_user("jurado@example.org")
        juror = Juror.objects.create(
            round=round_, email=user.email, user=user, status="active", token="t", expires_at=NOW + DAY
        )
        Assignment.objects.create(round=round_, juror=juror, proposal=quinua, status="submitted")
        client.force_login(organizer)

        page = client.get(list_url(challenge)).content.decode()

        row = page[page.index(f'value="{quinua.pk}"') :].split("</tr>")[0]  # from the checkbox's cell on
        cells = [cell.split(">", 1)[1].strip().removesuffix("</td>").strip() for cell in row.split("<td")[1:]]
        assert cells[0] == "LABIC-0001"
        assert f'id="title-{quinua.pk}">Quinua andina</a> <span class="badge badge-muted">Hidden</span>' in cells[1]
        assert cells[2:5] == ["Rosa Quispe", "2", "PE · Cusco"]
        assert cells[5] == '<span class="tag">agua</span> <span class="tag">semillas</span>'
        assert cells[6:8] == ["Idea", "Submitted"]
        assert cells[8] == (
            '<span class="badge badge-danger">Not eligible</span> <span class="badge badge-warning">appealed</span>'
        )
        assert cells[9:] == ["<time>4 Mar 2026, 23:30</time>", "0", "1/1", ""]  # no score without scores
        ferias = page[page.index(f'value="{proposals["ferias"].pk}"') :].split("</tr>")[0]
        assert "<td>CO</td>" in ferias
        assert '1 <span class="badge badge-warning">below the minimum</span>' in ferias

    def test_the_kept_filters_show_the_query_and_a_country_that_just_arrived(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)
        first = client.get(list_url(challenge, country="CO")).content.decode()
        assert '<option value="CO" selected>Colombia</option>' in first
        assert 'value="EC"' not in first

        add_proposal(challenge, "Quito verde", number=9, country="EC", lead=make_user("q@example.org"))
        again = client.get(list_url(challenge, country="CO")).content.decode()
        other = client.get(list_url(challenge, country="EC")).content.decode()

        assert '<option value="EC">Ecuador</option>' in again  # the menu changed, so the filters were drawn again
        assert '<option value="EC" selected>Ecuador</option>' in other

    def test_pages_of_fifty(self, client, call):
        challenge, organizer = call
        for number in range(1, 53):
            add_proposal(challenge, f"Propuesta {number}", number=number)
        client.force_login(organizer)

        second = client.get(list_url(challenge, page=2))

        assert titles(second) == ["Propuesta 51", "Propuesta 52"]

    def test_the_query_count_does_not_grow_with_the_rows(self, client, call, django_assert_num_queries):
        challenge, organizer = call
        client.force_login(organizer)
        for number in range(1, 4):
            add_proposal(challenge, f"Propuesta {number}", number=number, lead=make_user(f"l{number}@example.org"))
        client.get(list_url(challenge))  # the session and the caches warm up

        with django_assert_num_queries(11) as three:
            client.get(list_url(challenge))
        for number in range(4, 31):
            add_proposal(challenge, f"Propuesta {number}", number=number, lead=make_user(f"l{number}@example.org"))
        with django_assert_num_queries(len(three.captured_queries)):
            client.get(list_url(challenge))


class TestPermissions:
    @pytest.mark.parametrize("who", ["anonymous", "citizen", "team lead", "other lab organizer", "juror"])
    def test_only_the_calls_organizers_and_staff_see_it(self, client, call, proposals, who):
        challenge, _ = call
        people = {
            "citizen": lambda: make_user("c@example.org"),
            "team lead": lambda: proposals["quinua"].members.get(role="lead").user,
            "other lab organizer": lambda: other_organizer(),
            "juror": lambda: juror_of(challenge),
        }
        if who != "anonymous":
            client.force_login(people[who]())

        urls = [
            list_url(challenge),
            reverse("call_proposals:export", args=[challenge.slug, "csv"]),
            reverse("call_proposals:detail", args=[challenge.slug, proposals["quinua"].pk]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            if who == "anonymous":
                assert response.url.startswith(reverse("account_login"))
        bulk = client.post(
            reverse("call_proposals:bulk", args=[challenge.slug]),
            {"action": "shortlist", "proposal": [proposals["quinua"].pk]},
        )
        assert bulk.status_code in (302, 403, 404)
        assert Proposal.objects.get(pk=proposals["quinua"].pk).status == "submitted"

    def test_staff_see_it(self, client, call, proposals, staff):
        challenge, _ = call
        client.force_login(staff)
        assert client.get(list_url(challenge)).status_code == 200


class TestBulkActions:
    def bulk(self, client, challenge, **data):
        return client.post(reverse("call_proposals:bulk", args=[challenge.slug]), data, follow=True)

    def test_marking_two_ineligible_tells_their_teams_in_their_language(
        self, client, call, proposals, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, organizer = call
        client.force_login(organizer)

        with django_capture_on_commit_callbacks(execute=True):
            response = self.bulk(
                client,
                challenge,
                action="screen",
                proposal=[proposals["quinua"].pk, proposals["biohuertos"].pk],
                eligibility="ineligible",
                preset="Outside the eligible regions",
                reason="Cusco is not in the call.",
                query="status=submitted",
            )

        assert response.redirect_chain[-1][0].endswith("?status=submitted")
        quinua = Proposal.objects.get(pk=proposals["quinua"].pk)
        assert (quinua.eligibility, quinua.eligibility_reason, quinua.screened_by) == (
            "ineligible",
            "Outside the eligible regions\n\nCusco is not in the call.",
            organizer,
        )
        assert Proposal.objects.get(pk=proposals["ferias"].pk).eligibility == "pending"
        by_address = {mail.to[0]: mail for mail in mailoutbox}
        assert sorted(by_address) == ["ana@example.org", "pedro@example.org", "rosa@example.org"]
        assert by_address["rosa@example.org"].subject == "Your proposal “Quinua andina” is not eligible"
        assert by_address["pedro@example.org"].subject == "Tu propuesta «Quinua andina» no es elegible"
        assert "Cusco is not in the call." in by_address["pedro@example.org"].body
        assert Notification.objects.filter(kind="screening").count() == 3
        assert AuditLogEntry.objects.filter(action="proposal.screened").count() == 2

    def test_repeating_the_decision_tells_nobody_twice(
        self, client, call, proposals, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, organizer = call
        client.force_login(organizer)
        data = {"action": "screen", "proposal": [proposals["ferias"].pk], "eligibility": "ineligible", "reason": "No"}

        with django_capture_on_commit_callbacks(execute=True):
            self.bulk(client, challenge, **data)
            self.bulk(client, challenge, **data)

        assert len(mailoutbox) == 1
        assert AuditLogEntry.objects.filter(action="proposal.screened").count() == 1

    def test_ineligible_without_a_reason_is_refused_and_nothing_changes(self, client, call, proposals, mailoutbox):
        challenge, organizer = call
        client.force_login(organizer)

        response = self.bulk(
            client, challenge, action="screen", proposal=[proposals["ferias"].pk], eligibility="ineligible"
        )

        assert [m.message for m in response.context["messages"]] == [
            "Say why the proposals are not eligible: their teams will read it."
        ]
        assert Proposal.objects.get(pk=proposals["ferias"].pk).eligibility == "pending"
        assert mailoutbox == []

    def test_the_whole_filtered_set_can_be_marked_eligible(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)

        self.bulk(client, challenge, action="screen", scope="all", query="country=PE", eligibility="eligible")

        assert dict(Proposal.objects.values_list("title", "eligibility")) == {
            "Quinua andina": "eligible",
            "Red de biohuertos en San Jerónimo": "eligible",
            "Ferias agroecológicas": "pending",
            "Retirada": "pending",  # withdrawn: not in the call
            "Borrador a medias": "pending",
        }

    def test_shortlisting_skips_the_ineligible(self, client, call, proposals):
        challenge, organizer = call
        Proposal.objects.filter(pk=proposals["ferias"].pk).update(eligibility="ineligible")
        client.force_login(organizer)

        self.bulk(client, challenge, action="shortlist", scope="all", query="")

        assert sorted(Proposal.objects.filter(status="shortlisted").values_list("title", flat=True)) == [
            "Quinua andina",
            "Red de biohuertos en San Jerónimo",
        ]

    def test_an_action_on_nothing_says_so(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)

        response = self.bulk(client, challenge, action="shortlist")

        assert [m.message for m in response.context["messages"]] == [
            "No proposal was chosen: tick some rows, or choose all those the filters keep."
        ]
        assert not Proposal.objects.filter(status="shortlisted").exists()

    def test_proposals_of_another_call_are_never_touched(self, client, call, proposals):
        challenge, organizer = call
        other = add_proposal(make_challenge(challenge.lab, "otro"), "Ajena", number=1)
        client.force_login(organizer)

        self.bulk(client, challenge, action="shortlist", proposal=[other.pk])

        assert Proposal.objects.get(pk=other.pk).status == "submitted"


class TestExports:
    def test_the_csv_exports_what_the_filters_keep(self, client, call, proposals):
        challenge, organizer = call
        Proposal.objects.filter(pk=proposals["quinua"].pk).update(summary='=HYPERLINK("http://x")')
        client.force_login(organizer)

        response = client.get(
            reverse("call_proposals:export", args=[challenge.slug, "csv"]) + "?country=PE&status=submitted"
        )

        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert [row["Title"] for row in rows] == ["Quinua andina", "Red de biohuertos en San Jerónimo"]
        assert rows[0]["Summary"] == '\'=HYPERLINK("http://x")'
        assert rows[0]["Team"] == "Rosa Quispe (Lead); Pedro Ñahui (Co-author)"
        assert rows[0]["Reviews done"] == "0/0"

    def test_the_xlsx_export_and_a_bulk_export_of_ticked_rows(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)

        response = client.post(
            reverse("call_proposals:bulk", args=[challenge.slug]),
            {"action": "export_xlsx", "proposal": [proposals["ferias"].pk]},
        )

        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Title", "Ferias agroecológicas"]

    def test_an_unknown_format_is_not_found(self, client, call):
        challenge, organizer = call
        client.force_login(organizer)
        assert client.get(reverse("call_proposals:export", args=[challenge.slug, "pdf"])).status_code == 404


class TestOrganizerView:
    def test_it_shows_jurors_comments_feedback_and_scores(self, client, call, proposals):
        challenge, organizer = call
        user = make_user("jurado@example.org", full_name="Julia Jurado")
        round_ = Round.objects.create(challenge=challenge, name="Preselección", starts_at=NOW, ends_at=NOW + DAY)
        criterion = Criterion.objects.create(round=round_, name="Impacto")
        juror = Juror.objects.create(
            round=round_, email=user.email, user=user, status="active", token="t", expires_at=NOW + DAY
        )
        assignment = Assignment.objects.create(
            round=round_,
            juror=juror,
            proposal=proposals["quinua"],
            status="submitted",
            comment="Strong team, weak budget.",
            feedback="Detail the budget.",
        )
        Score.objects.create(assignment=assignment, criterion=criterion, value=Decimal("4.5"))
        client.force_login(organizer)

        html = client.get(
            reverse("call_proposals:detail", args=[challenge.slug, proposals["quinua"].pk])
        ).content.decode()

        for text in (
            "Julia Jurado",
            "Strong team, weak budget.",
            "Detail the budget.",
            "Impacto: <strong>4.50</strong>",
        ):
            assert text in html
        listed = client.get(list_url(challenge, q="quinua"))
        assert listed.context["page"].object_list[0].cells == ["1/1", "87.50"]  # 4.5 on the 1–5 scale

    def test_screening_one_proposal_from_its_page(self, client, call, proposals):
        challenge, organizer = call
        client.force_login(organizer)
        url = reverse("call_proposals:detail", args=[challenge.slug, proposals["ferias"].pk])

        refused = client.post(url, {"eligibility": "ineligible"})
        saved = client.post(url, {"eligibility": "ineligible", "preset": "Incomplete documents"})

        assert refused.status_code == 400
        assert saved.status_code == 302
        assert Proposal.objects.get(pk=proposals["ferias"].pk).eligibility_reason == "Incomplete documents"

    def test_a_proposal_of_another_call_is_not_found(self, client, call):
        challenge, organizer = call
        other = add_proposal(make_challenge(challenge.lab, "otro"), "Ajena", number=1)
        client.force_login(organizer)
        assert client.get(reverse("call_proposals:detail", args=[challenge.slug, other.pk])).status_code == 404


class TestTheTeamReadsTheDecision:
    def test_the_team_reads_the_reason_on_its_page_and_nobody_else_does(self, client, call, proposals):
        challenge, organizer = call
        Proposal.objects.filter(pk=proposals["quinua"].pk).update(
            eligibility="ineligible", eligibility_reason="Cusco is not in the call."
        )
        url = proposals["quinua"].get_absolute_url()
        visitor = Client(headers={"accept-language": "en"})
        client.force_login(proposals["quinua"].members.get(role="lead").user)

        for_team = client.get(url).content.decode()
        for_visitor = visitor.get(url).content.decode()

        assert "does not meet the rules of the call" in for_team and "Cusco is not in the call." in for_team
        assert "Cusco is not in the call." not in for_visitor


class TestAppeal:
    """A team found not eligible may answer once, within the call's appeal window; the organizers decide again."""

    @pytest.fixture
    def screened_out(self, call, proposals, client, django_capture_on_commit_callbacks):
        challenge, organizer = call
        challenge.appeal_days = 5
        challenge.save()
        client.force_login(organizer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("call_proposals:bulk", args=[challenge.slug]),
                {
                    "action": "screen",
                    "proposal": [proposals["quinua"].pk],
                    "eligibility": "ineligible",
                    "reason": "Lima",
                },
            )
        client.logout()
        return Proposal.objects.get(pk=proposals["quinua"].pk)

    def appeal(self, client, proposal, text="Cusco is in the call: see rule 2."):
        return client.post(reverse("proposals:appeal", args=[proposal.pk]), {"text": text}, follow=True)

    def test_the_lead_answers_once_and_the_organizers_decide_again(
        self, client, call, screened_out, mailoutbox, django_capture_on_commit_callbacks
    ):
        challenge, organizer = call
        lead = screened_out.members.get(role="lead").user
        assert "once, on the proposal's page, until" in next(m for m in mailoutbox if lead.email in m.to).body
        client.force_login(lead)
        assert "Send the answer to the organizers" in client.get(screened_out.get_absolute_url()).content.decode()

        self.appeal(client, screened_out)
        again = self.appeal(client, screened_out, "Second try")

        proposal = Proposal.objects.get(pk=screened_out.pk)
        assert (proposal.appeal, proposal.eligibility) == ("Cusco is in the call: see rule 2.", "ineligible")
        assert [m.message for m in again.context["messages"]] == [
            "Your team has already answered: the organizers will decide."
        ]
        client.force_login(organizer)
        listed = client.get(list_url(challenge, eligibility="appealed"))
        assert titles(listed) == ["Quinua andina"]
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("call_proposals:detail", args=[challenge.slug, proposal.pk]),
                {"eligibility": "ineligible", "reason": "Lima"},
            )
        assert len(mailoutbox) == 2  # the same decision, final now: the team is told again
        assert not [m for m in mailoutbox if "once, on the proposal's page" in m.body]  # and offered no new appeal
        assert titles(client.get(list_url(challenge, eligibility="appealed"))) == []
        assert AuditLogEntry.objects.filter(action="proposal.appealed").count() == 1

    def test_the_organizers_are_told_each_in_their_language(
        self, client, call, screened_out, mailoutbox, django_capture_on_commit_callbacks
    ):
        """By e-mail and notification, with a link to their view of the proposal; nobody else of the platform."""
        challenge, organizer = call
        User.objects.filter(pk=organizer.pk).update(language="en")
        colleague = make_user("colega@example.org", language="es")
        ChallengeRole.objects.create(challenge=challenge, user=colleague, role="organizer")
        mentor = make_user("mentora@example.org")  # organizes the lab, but only mentors this call
        LabMembership.objects.create(lab=challenge.lab, user=mentor, role="organizer")
        ChallengeRole.objects.create(challenge=challenge, user=mentor, role="mentor")
        other_organizer(), juror_of(challenge)
        mailoutbox.clear()
        client.force_login(screened_out.members.get(role="lead").user)

        with django_capture_on_commit_callbacks(execute=True):
            self.appeal(client, screened_out)

        url = reverse("call_proposals:detail", args=[challenge.slug, screened_out.pk])
        copies = {email.to[0]: email for email in mailoutbox}
        assert sorted(copies) == ["colega@example.org", "org@example.org"]
        english = copies["org@example.org"]
        assert english.subject == f"Appeal on “Quinua andina” ({screened_out.reference})"
        assert "Cusco is in the call: see rule 2." in english.body
        assert f"{settings.SITE_URL}{url}\n" in english.body
        with translation.override("es"):
            spanish = render_to_string(
                "proposals/email/appealed_message.txt",
                {
                    "proposal": Proposal.objects.get(pk=screened_out.pk),
                    "challenge": challenge,
                    "url": url,
                    "site_url": settings.SITE_URL,
                },
            )
            spanish_title = gettext("The team of “%(title)s” appealed its ineligibility for %(challenge)s") % {
                "title": "Quinua andina",
                "challenge": challenge.title,
            }
        assert copies["colega@example.org"].body == spanish
        told = Notification.objects.filter(kind="screening", url=url).values_list("user__email", "title", "body")
        assert sorted(told) == [
            ("colega@example.org", spanish_title, "Cusco is in the call: see rule 2."),
            (
                "org@example.org",
                f"The team of “Quinua andina” appealed its ineligibility for {challenge.title}",
                "Cusco is in the call: see rule 2.",
            ),
        ]

    def test_no_appeal_after_the_window_nor_from_a_co_author(self, client, call, screened_out):
        co_author = screened_out.members.get(role="member").user
        client.force_login(co_author)
        assert self.appeal(client, screened_out).status_code == 403
        client.force_login(screened_out.members.get(role="lead").user)

        with time_machine.travel(timezone.now() + 6 * DAY, tick=False):
            late = self.appeal(client, screened_out)

        assert [m.message for m in late.context["messages"]] == ["The time to appeal has passed."]
        assert Proposal.objects.get(pk=screened_out.pk).appealed_at is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_lists_moments_read_as_djangos_date_format(language):
    lima = ZoneInfo("America/Lima")
    with translation.override(language):
        moment = moment_formatter(lima)  # once per page, in the page's language
        for month in range(1, 13):
            value = datetime(2026, month, 1, 3, 5, tzinfo=UTC)  # the evening before, in Lima
            assert moment(value) == date_format(timezone.localtime(value, lima), "j M Y, H:i")
    assert moment(None) == ""


def test_a_column_an_app_contributes_sorts_whatever_its_name(call, proposals, client, monkeypatch):
    """Sorting once recognised only judging's columns (by "reviews" in their name); any contributed one sorts."""
    from django.db.models import F

    from proposals.selectors import console

    contribution = console.Contribution(
        columns=(console.Column("length", "Length", "title_length", value=lambda row: row.title_length),),
        annotate=lambda rows: rows.annotate(title_length=F("number")),
    )
    monkeypatch.setattr(console, "_contributions", [*console._contributions, contribution])
    challenge, organizer = call
    client.force_login(organizer)

    response = client.get(list_url(challenge, sort="-length"))

    assert response.status_code == 200
    numbers = [row.number for row in response.context["page"].object_list]
    assert numbers == sorted(numbers, reverse=True)
