"""The organizers' list keeps a page of the sent tab and its totals between requests (`CallListIds`,
`call_proposal_tab_counts`), and is never stale: after the commit of each kind of change an organizer's filters,
search, sort or counts depend on, the next request lists the change. The API's list pages the same way.

Each test reads a page twice (the second read must neither count nor walk the list again), makes the change through
the service that makes it in the application, with its commit callbacks run as a real commit would, and reads the
page again. The rows themselves are always read afresh; what is kept is which proposals a page lists, in which
order, and how many. Runs on SQLite and, in CI, PostgreSQL. The judging columns and filter:
tests/judging/test_call_list_score.py.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from challenges.services import challenge_update
from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.services import account_delete, profile_update
from innovation_platform.core.documents import clean_document
from proposals.files import attachment_add
from proposals.models import Proposal
from proposals.services.moderation import content_hide
from proposals.services.screening import proposals_screen, proposals_shortlist
from proposals.services.submission import proposal_save, proposal_start, proposal_submit, proposal_withdraw
from proposals.services.supports import proposal_support
from proposals.services.teams import team_accept_invitation, team_invite, team_leave
from proposals.views import console
from tests.conftest import make_user
from tests.core import page_cache_world
from tests.core.page_cache_world import COMPLETE, complete_draft

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
world = page_cache_world.world

LIST = "/console/reto-lluvia/proposals/"
SHOWN, OTHER = "Bofedales vivos", "Cosecha de lluvia en Ayaviri"
# How the queries that count the list and walk it for a page's ids begin (the rows' query reads them by id).
WALKS = ("SELECT COUNT(", 'SELECT "proposals_proposal"."id" AS "pk"')


@pytest.fixture
def call(world, django_capture_on_commit_callbacks):
    """The world's call with a second proposal, submitted by Ciro, so that filters and sorts have two to order. The
    setup's commit callbacks run here: no version bump left pending from it is made by a test's change."""
    ciro = make_user("ciro@example.org", full_name="Ciro Condori")
    with django_capture_on_commit_callbacks(execute=True):
        other = proposal_submit(proposal=complete_draft(world["challenge"], ciro, OTHER), actor=ciro)
    return {**world, "ciro": ciro, "other": other}


@pytest.fixture
def organizer(client, call):
    client.force_login(call["organizer"])
    return client


def listed(client, query: str = "") -> tuple[list[str], int, dict]:
    """The titles a page of the list shows, in order, the total it pages through and the tabs' counts."""
    response = client.get(LIST + query)
    assert response.status_code == 200
    page = response.context["page"]
    return [row.title for row in page], page.paginator.count, response.context["counts"]


def kept_read(client, query: str = "") -> tuple[list[str], int, dict]:
    """The page, read twice: the second read neither counts nor walks the matches again (the totals and the
    page's ids were kept)."""
    first = listed(client, query)
    with CaptureQueriesContext(connection) as second_read:
        second = listed(client, query)
    assert second == first
    walks = [sql for sql in (query["sql"] for query in second_read) if sql.startswith(WALKS)]
    assert not walks, f"the second read walked the list again: {walks}"
    return second


def test_a_proposal_submitted_is_found_by_the_next_search_and_counted(
    organizer, call, django_capture_on_commit_callbacks
):
    lucia = make_user("lucia@example.org", full_name="Lucía Quispe")
    draft = complete_draft(call["challenge"], lucia, "Quinua en terrazas")
    assert kept_read(organizer, "?q=quinua") == ([], 0, {"sent": 2, "drafts": 1})

    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=draft, actor=lucia)

    assert listed(organizer, "?q=quinua") == (["Quinua en terrazas"], 1, {"sent": 3, "drafts": 0})


def test_a_draft_started_and_one_deleted_change_the_drafts_tab(organizer, call, django_capture_on_commit_callbacks):
    assert kept_read(organizer)[2] == {"sent": 2, "drafts": 0}
    lucia = make_user("lucia@example.org", full_name="Lucía Quispe")

    with django_capture_on_commit_callbacks(execute=True):
        proposal_start(challenge=call["challenge"], actor=lucia, title="Quinua en terrazas")
    # The drafts tab is read afresh (ordered by each draft's last save); its count is kept.
    assert kept_read(organizer)[2] == {"sent": 2, "drafts": 1}
    assert listed(organizer, "?tab=drafts") == (["Quinua en terrazas"], 1, {"sent": 2, "drafts": 1})

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=lucia)  # her draft goes with her account
    assert listed(organizer)[2] == {"sent": 2, "drafts": 0}


def test_screening_many_at_once_takes_them_out_of_the_pending_filter(
    organizer, call, django_capture_on_commit_callbacks
):
    assert kept_read(organizer, "?eligibility=pending")[:2] == ([SHOWN, OTHER], 2)

    with django_capture_on_commit_callbacks(execute=True):
        proposals_screen(
            challenge=call["challenge"],
            proposals=Proposal.objects.filter(pk=call["other"].pk),
            actor=call["organizer"],
            eligibility="eligible",
        )

    assert listed(organizer, "?eligibility=pending")[:2] == ([SHOWN], 1)
    assert listed(organizer, "?eligibility=eligible")[:2] == ([OTHER], 1)


def test_shortlisting_many_at_once_moves_them_to_the_shortlisted_filter(
    organizer, call, django_capture_on_commit_callbacks
):
    assert kept_read(organizer, "?status=shortlisted")[:2] == ([], 0)

    with django_capture_on_commit_callbacks(execute=True):
        proposals_shortlist(challenge=call["challenge"], proposals=Proposal.objects.all(), actor=call["organizer"])

    assert listed(organizer, "?status=shortlisted")[:2] == ([SHOWN, OTHER], 2)


def test_a_proposal_hidden_or_withdrawn_moves_to_its_filter(organizer, call, django_capture_on_commit_callbacks):
    assert kept_read(organizer, "?status=hidden")[:2] == ([], 0)
    assert kept_read(organizer, "?status=withdrawn")[:2] == ([], 0)

    with django_capture_on_commit_callbacks(execute=True):
        content_hide(content=call["shown"], actor=call["organizer"], reason="Datos personales")
        proposal_withdraw(proposal=call["other"], actor=call["ciro"], reason="Nos retiramos.")

    assert listed(organizer, "?status=hidden")[:2] == ([SHOWN], 1)
    assert listed(organizer, "?status=withdrawn")[:2] == ([OTHER], 1)


def test_an_edit_is_found_by_its_new_words_and_category_and_sorted_by_its_new_title(
    organizer, call, django_capture_on_commit_callbacks
):
    assert kept_read(organizer, "?q=wari")[:2] == ([], 0)
    assert kept_read(organizer, "?category=riego")[:2] == ([], 0)
    assert kept_read(organizer, "?sort=title")[0] == [SHOWN, OTHER]
    other = call["other"]

    with django_capture_on_commit_callbacks(execute=True):
        proposal_save(
            proposal=other,
            actor=call["ciro"],
            expected_version=other.version,
            data={**COMPLETE, "title": "Amunas wari"},
            tags=["riego"],
            answers={call["challenge"].questions.get().pk: 40},
        )

    assert listed(organizer, "?q=wari")[:2] == (["Amunas wari"], 1)
    assert listed(organizer, "?category=riego")[:2] == (["Amunas wari"], 1)
    assert listed(organizer, "?sort=title")[0] == ["Amunas wari", SHOWN]


def test_a_member_joining_and_leaving_reorders_the_team_sort_and_the_minimum_filter(
    organizer, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_update(challenge=call["challenge"], actor=call["organizer"], data={"team_min": 2}, tags=["agua"])
    assert kept_read(organizer, "?sort=-team_size")[0] == [SHOWN, OTHER]
    assert kept_read(organizer, "?team_below_minimum=on")[:2] == ([SHOWN, OTHER], 2)
    friend = make_user("amiga@example.org", full_name="Amiga Apaza")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = team_invite(proposal=call["other"], actor=call["ciro"], invitee=friend)
        team_accept_invitation(token=invitation.token, user=friend)

    assert listed(organizer, "?sort=-team_size")[0] == [OTHER, SHOWN]
    assert listed(organizer, "?team_below_minimum=on")[:2] == ([SHOWN], 1)

    with django_capture_on_commit_callbacks(execute=True):
        team_leave(proposal=call["other"], user=friend)

    assert listed(organizer, "?team_below_minimum=on")[:2] == ([SHOWN, OTHER], 2)


def test_the_call_s_team_minimum_changes_the_minimum_filter(organizer, call, django_capture_on_commit_callbacks):
    assert kept_read(organizer, "?team_below_minimum=on")[:2] == ([], 0)

    with django_capture_on_commit_callbacks(execute=True):
        challenge_update(challenge=call["challenge"], actor=call["organizer"], data={"team_min": 2}, tags=["agua"])

    assert listed(organizer, "?team_below_minimum=on")[:2] == ([SHOWN, OTHER], 2)


def test_a_lead_renamed_moves_in_the_sort_by_lead(organizer, call, django_capture_on_commit_callbacks):
    # Ciro Condori leads the other proposal, Rosa Mamani the shown one.
    assert kept_read(organizer, "?sort=lead")[0] == [OTHER, SHOWN]

    with django_capture_on_commit_callbacks(execute=True):
        profile_update(
            profile=Profile.objects.get(user=call["ciro"]),
            user_data={"full_name": "Zenón Condori"},
            profile_data={},
            skills=[],
            interests=[],
        )

    assert listed(organizer, "?sort=lead")[0] == [SHOWN, OTHER]


def test_an_attachment_moves_a_proposal_into_the_filter_of_those_with_files(
    organizer, call, django_capture_on_commit_callbacks
):
    assert kept_read(organizer, "?has_attachments=yes")[:2] == ([], 0)
    document = clean_document(SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n% Plan de riego\n%%EOF\n"))

    with django_capture_on_commit_callbacks(execute=True):
        attachment_add(proposal=call["other"], actor=call["ciro"], document=document)

    assert listed(organizer, "?has_attachments=yes")[:2] == ([OTHER], 1)
    assert listed(organizer, "?has_attachments=no")[:2] == ([SHOWN], 1)


def test_a_support_moves_a_proposal_up_the_sort_by_supports(organizer, call, django_capture_on_commit_callbacks):
    call["challenge"].supports_enabled = True
    call["challenge"].save()
    assert kept_read(organizer, "?sort=-supports")[0] == [SHOWN, OTHER]

    with django_capture_on_commit_callbacks(execute=True):
        proposal_support(proposal=Proposal.objects.get(pk=call["other"].pk), user=make_user("vecina@example.org"))

    assert listed(organizer, "?sort=-supports")[0] == [OTHER, SHOWN]


def test_every_page_of_a_search_is_kept_apart(organizer, call, monkeypatch):
    """Pages of the same filters are kept under their own number: the second page is not the first one again."""
    for number in range(3, 8):
        citizen = make_user(f"vecino{number}@example.org")
        proposal_submit(proposal=complete_draft(call["challenge"], citizen, f"Cosecha {number}"), actor=citizen)
    monkeypatch.setattr(console, "PAGE_SIZE", 2)

    pages = [kept_read(organizer, f"?q=cosecha&page={number}")[0] for number in (1, 2, 3)]

    assert [title for page in pages for title in page] == [OTHER, *(f"Cosecha {n}" for n in range(3, 8))]


def test_the_api_list_keeps_its_pages_alike_and_the_next_request_after_a_submission_finds_it(
    call, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(call["organizer"])
    url = "/api/v1/console/reto-lluvia/proposals/?q=quinua"

    def found() -> tuple[int, list[str]]:
        answer = api.get(url).json()
        return answer["count"], [row["title"] for row in answer["results"]]

    lucia = make_user("lucia@example.org", full_name="Lucía Quispe")
    draft = complete_draft(call["challenge"], lucia, "Quinua en terrazas")
    assert found() == (0, [])
    with CaptureQueriesContext(connection) as second_read:
        assert found() == (0, [])
    assert not [query for query in second_read if query["sql"].startswith(WALKS)]

    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=draft, actor=lucia)

    assert found() == (1, ["Quinua en terrazas"])
    assert api.get(url + "&page=2").status_code == 404  # a page past the last one, as before: not found
