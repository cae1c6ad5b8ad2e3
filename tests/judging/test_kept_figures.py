"""The figures judging keeps between requests (judging.snapshots): the results page's ranking and the counts of the
progress page are never older than the last committed change, and the pages that list what grows with the call
(the ranking, the progress table, a juror's reviews) come a page at a time in a fixed number of queries.

Every test of an organizer's page runs twice: rendered in full, and with the parts those pages keep rendered
(judging/views/kept_parts.py: the ranking's rows, the progress table, the empty forms) kept under their versions,
so that the next view after each change shows it although the view before it kept the part."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.models import Phase
from challenges.services import challenge_update
from judging.models import Assignment, RankingRow, RoundSnapshot, SelectionDecision
from judging.selectors.results import round_ranking
from judging.services.assignment import assignment_add, assignment_recuse
from judging.services.results import results_publish
from judging.services.rounds import round_update
from judging.services.scoring import review_save
from judging.services.selection import selection_confirm, selection_decide, selection_propose
from judging.snapshots import counts_fresh, is_fresh, round_changed, round_snapshot
from proposals.models import Proposal
from proposals.services.moderation import content_hide
from proposals.services.screening import proposals_screen
from proposals.services.submission import proposal_withdraw
from tests.conftest import make_user
from tests.core.page_cache_world import LOCAL_CACHE
from tests.judging import results_world
from tests.judging.results_world import add_outside_capital_quota, make_juror

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(params=["rendered", "kept"])
def organizer(request, client, world, settings):
    """The organizer's browser: pages rendered in full, or with their parts kept between views (as in production)."""
    if request.param == "kept":
        settings.CACHES = LOCAL_CACHE
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        request.addfinalizer(cache.clear)
    client.force_login(world["organizer"])
    return client


def results(client, world, **params) -> str:
    return client.get(reverse("judging:results", args=[world["round"].pk]), params).content.decode()


def progress(client, world, **params) -> str:
    return client.get(reverse("judging:progress", args=[world["round"].pk]), params).content.decode()


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def ranked_titles(page: str) -> list[str]:
    """The proposals' titles in the order the ranking table lists them."""
    body = page[page.index('id="ranking-title"') :]
    titles = [f"Proposal {n}" for n in range(1, 5) if f"</span> Proposal {n}</th>" in body]
    return sorted(titles, key=lambda title: body.index(f"</span> {title}</th>"))


def julia_submits(world, scores=(5, 5)):
    """Julia's review of proposal 4, still to do in the world, submitted through the service."""
    julia = world["jurors"]["julia"]
    assignment = Assignment.objects.get(juror=julia, proposal=world["proposals"][3])
    criteria = world["criteria"]
    return review_save(
        assignment=assignment,
        actor=julia.user,
        scores={criterion.pk: value for criterion, value in zip(criteria, scores, strict=True)},
        comment="",
        feedback="",
        revision=assignment.revision,
        submit=True,
    )


# Freshness: the next request after each kind of change shows it


def test_a_submitted_review_moves_the_ranking_and_the_counts_on_the_next_request(organizer, world):
    before = results(organizer, world)
    assert "Julia: 1 review to do" in before
    assert ranked_titles(before)[-1] == "Proposal 4"
    assert RankingRow.objects.filter(round=world["round"]).count() == 4  # the ranking is kept

    julia_submits(world)

    after = results(organizer, world)
    assert "Julia: 1 review to do" not in after
    assert "Not finished scoring" not in after
    assert ranked_titles(after)[-1] != "Proposal 4"  # Julia's 100 lifts it off the bottom


def test_a_review_reopened_to_draft_leaves_the_ranking_at_once(organizer, world):
    results(organizer, world)
    jana = world["jurors"]["jana"]
    assignment = Assignment.objects.get(juror=jana, proposal=world["proposals"][0])
    review_save(assignment=assignment, actor=jana.user, scores={}, comment="", feedback="", revision=0, submit=False)

    page = results(organizer, world)
    assert "Jana: 1 review to do" in page
    assert "4 proposals ranked from 10 submitted reviews." in page


def test_a_recusal_shows_on_the_progress_page_and_the_results_at_once(organizer, world):
    assert "Julia: 1 review to do" in results(organizer, world)
    julia = world["jurors"]["julia"]
    assignment = Assignment.objects.get(juror=julia, proposal=world["proposals"][3])

    assignment_recuse(assignment=assignment, juror_user=julia.user, reason="I know the team.")

    assert "Julia: 1 review to do" not in results(organizer, world)
    jury = progress(organizer, world).split('id="jurors-title"')[1].split("</table>")[0]
    assert "<td>1</td>" in jury  # Julia's recusal


def test_a_proposal_screened_out_leaves_the_kept_ranking(organizer, world):
    assert "Proposal 3" in results(organizer, world)

    proposals_screen(
        challenge=world["challenge"],
        proposals=Proposal.objects.filter(pk=world["proposals"][2].pk),
        actor=world["organizer"],
        eligibility="ineligible",
        reason="Out of scope",
    )

    page = results(organizer, world)
    assert "Proposal 3" not in page
    assert "3 proposals ranked" in page


def test_a_new_tie_breaker_reorders_the_kept_ranking(organizer, world):
    round_ = world["round"]
    Phase.objects.create(
        challenge=world["challenge"], kind="evaluation", starts_at=round_.starts_at, ends_at=round_.ends_at
    )
    results(organizer, world)
    version = RoundSnapshot.objects.get(round=world["round"]).version

    round_update(round_=world["round"], actor=world["organizer"], tie_break=world["criteria"][0])

    assert RoundSnapshot.objects.get(round=world["round"]).version == version + 1
    assert "Impact" in results(organizer, world).split('id="method-title"')[1].split("</section>")[0]


def test_a_decision_changed_by_hand_shows_on_the_next_request(organizer, world):
    selection_propose(round_=world["round"], actor=world["organizer"], count=2, waitlist=1)
    results(organizer, world)
    decision = SelectionDecision.objects.get(round=world["round"], proposal=world["proposals"][3])
    assert decision.decision == "not_selected"

    selection_decide(decision=decision, actor=world["organizer"], choice="waitlisted", reason="Strong team")

    row_id = f'id="proposal-{world["proposals"][3].pk}"'
    row = results(organizer, world).split(row_id)[1].split("</tr>")[0]
    assert "Waitlist" in row


def selection_part(page: str) -> str:
    return page.split('id="selection-title"')[1]


def test_a_selection_proposed_then_confirmed_shows_on_the_next_request(organizer, world):
    before = results(organizer, world)
    assert "pending" not in before.split('id="ranking-title"')[1]
    assert "Propose a selection" in selection_part(before) and "Quotas" not in selection_part(before)

    selection_propose(round_=world["round"], actor=world["organizer"], count=2, waitlist=1)

    proposed = results(organizer, world)
    assert proposed.split('id="ranking-title"')[1].split("</table>")[0].count("pending</span>") == 4
    assert "Propose again" in selection_part(proposed) and "Quotas" in selection_part(proposed)
    assert "Confirm the selection and tell the teams" in selection_part(proposed)
    selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)

    confirmed = results(organizer, world)
    ranking = confirmed.split('id="ranking-title"')[1].split("</table>")[0]
    assert "pending" not in ranking and ranking.count("Selected") == 2
    assert "The selection is confirmed and the teams were told." in selection_part(confirmed)
    assert "Confirm the selection and tell the teams" not in selection_part(confirmed)


def test_a_quota_that_changes_the_selection_shows_when_it_is_proposed_again(organizer, world):
    selection_propose(round_=world["round"], actor=world["organizer"], count=2, waitlist=1)
    assert "is selected in place of a better-ranked proposal" not in results(organizer, world)

    add_outside_capital_quota(world)
    selection_propose(round_=world["round"], actor=world["organizer"], count=2, waitlist=1)

    part = selection_part(results(organizer, world))
    assert "“Proposal 3” is selected in place of a better-ranked proposal" in part


def test_publishing_the_results_changes_the_publication_form_on_the_next_request(organizer, world):
    assert "Publish the results" in results(organizer, world)

    results_publish(round_=world["round"], actor=world["organizer"], team_feedback="written")

    page = results(organizer, world)
    assert "Publish the results" not in page and "Save what the teams receive" in page


def test_a_new_call_code_renames_the_references_on_both_pages(organizer, world):
    assert "JUR26-0001" in results(organizer, world) and "JUR26-0001" in progress(organizer, world)

    challenge_update(challenge=world["challenge"], actor=world["organizer"], data={"code": "LLU27"}, tags=[])

    for page in (results(organizer, world), progress(organizer, world)):
        assert "LLU27-0001" in page and "JUR26-0001" not in page


def proposal_row(page: str, title: str) -> str:
    """A proposal's row in the progress page's table of proposals."""
    return page.split('id="proposals-title"')[1].split(f"{title}</th>")[1].split("</tr>")[0]


def test_an_assignment_added_by_hand_shows_on_the_progress_page(organizer, world):
    before = progress(organizer, world)
    assert "<td>3</td>" in proposal_row(before, "Proposal 4")  # assigned to Jana, Jorge and Julia
    newcomer = make_juror(world["round"], make_user("nuevo@example.org", full_name="Nuevo Jurado"))

    assignment_add(round_=world["round"], juror=newcomer, proposal=world["proposals"][3], actor=world["organizer"])

    page = progress(organizer, world)
    jury = page.split('id="jurors-title"')[1].split("</table>")[0]
    assert "Nuevo Jurado" in jury and "<td>0 of 1</td>" in jury
    assert "<td>4</td>" in proposal_row(page, "Proposal 4")


def test_a_new_juror_is_offered_by_the_forms_to_adjust_by_hand(organizer, world):
    assert "Nuevo Jurado" not in progress(organizer, world)

    newcomer = make_juror(world["round"], make_user("nuevo@example.org", full_name="Nuevo Jurado"))

    adjust = progress(organizer, world).split('id="adjust-title"')[1]
    for menu in ("add-juror", "remove-juror"):
        assert f'<option value="{newcomer.pk}">Nuevo Jurado</option>' in adjust.split(f'name="{menu}"')[1]


def test_the_organizers_pages_keep_their_parts_and_show_them_alike(client, world, settings):
    """With the parts kept, a second view renders neither the ranking's rows nor the progress table nor the forms,
    and the organizer sees the same page (their own CSRF token in the kept forms)."""
    settings.CACHES = LOCAL_CACHE
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.force_login(world["organizer"])
    selection_propose(round_=world["round"], actor=world["organizer"], count=2, waitlist=1)
    round_ = world["round"]
    try:
        # Rendered in full, the second view costs 10 and 11 queries (test_the_pages_query_counts_do_not_grow...).
        for name, read in (("judging:results", 8), ("judging:progress", 8)):
            url = reverse(name, args=[round_.pk])
            first = client.get(url)
            kept = {key for key in cache._cache if ":part:" in key}
            with CaptureQueriesContext(connection) as second_view:
                second = client.get(url)
            assert kept and kept == {key for key in cache._cache if ":part:" in key}
            assert without_token(second.content) == without_token(first.content)
            assert len(second_view) == read  # the rows, the tallies or the forms' jurors were not read again
            assert b'name="csrfmiddlewaretoken"' in second.content
    finally:
        cache.clear()


@pytest.mark.parametrize("change", ["withdraw", "hide"])
def test_a_proposal_that_leaves_the_call_leaves_the_progress_table(organizer, world, change):
    proposal = world["proposals"][3]
    assert "Proposal 4" in progress(organizer, world)

    if change == "withdraw":
        proposal_withdraw(proposal=proposal, actor=world["leads"][3], reason="We cannot go on.")
    else:
        content_hide(content=proposal, actor=world["organizer"], reason="Copied from another call.")

    page = progress(organizer, world)
    assert "Proposal 4" not in page.split('id="proposals-title"')[1]


def test_a_figure_older_than_the_round_is_computed_again(world):
    round_ = world["round"]
    counts_fresh(round_)
    round_ranking(round_)
    Assignment.objects.filter(round=round_, status="assigned").update(status="submitted")  # outside the services

    assert counts_fresh(round_).of(world["jurors"]["julia"].pk).to_do == 1  # kept: nothing said it changed
    round_changed(round_.pk)
    assert counts_fresh(round_).of(world["jurors"]["julia"].pk).to_do == 0
    assert round_ranking(round_).missing_reviews == 0


# Pages: the ranking, the progress table and a juror's reviews


def test_the_ranking_comes_a_page_at_a_time_with_the_summary_on_top(organizer, world, monkeypatch):
    monkeypatch.setattr("judging.views.results.PER_PAGE", 3)
    first = results(organizer, world)
    second = results(organizer, world, page=2)

    assert "4 proposals ranked from 11 submitted reviews." in first and "4 proposals ranked" in second
    assert len(ranked_titles(first)) == 3 and len(ranked_titles(second)) == 1
    assert set(ranked_titles(first)) | set(ranked_titles(second)) == {f"Proposal {n}" for n in range(1, 5)}
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert reverse("judging:record_csv", args=[world["round"].pk]) in first  # the whole ranking


def test_the_progress_table_comes_a_page_at_a_time_least_reviewed_first(organizer, world, monkeypatch):
    monkeypatch.setattr("judging.views.progress.PER_PAGE", 1)
    first = progress(organizer, world).split('id="proposals-title"')[1]
    last = progress(organizer, world, page=4).split('id="proposals-title"')[1]

    assert "Proposal 4" in first  # two reviews done, the fewest
    assert "Page 1 of 4" in first and "Page 4 of 4" in last


def test_a_jurors_reviews_come_a_page_at_a_time_to_do_first(client, world, monkeypatch):
    monkeypatch.setattr("judging.views.juror.PER_PAGE", 2)
    julia = world["jurors"]["julia"]
    client.force_login(julia.user)
    url = reverse("judging:mine")
    todo = Assignment.objects.get(juror=julia, proposal=world["proposals"][3])

    first = client.get(url).content.decode()
    second = client.get(url, {"seat": julia.pk, "page": 2}).content.decode()

    assert "3 of 4 done" in first and "1 to do" in first
    assert reverse("judging:review", args=[todo.pk]) in first
    assert first.count("To do</span>") == 1 and first.count('class="badge">Done') == 1
    assert second.count('class="badge">Done') == 2 and "Page 2 of 2" in second
    assert f"seat={julia.pk}" in first  # the next page names the seat
    assert client.get(url, {"seat": "x", "page": "y"}).status_code == 200


def queries(client, url, round_) -> tuple[int, int]:
    """Queries of the first view after a change (it computes what the page keeps again) and of the next one."""
    round_changed(round_.pk)
    counts = []
    for _view in range(2):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context))
    return tuple(counts)


def test_the_pages_query_counts_do_not_grow_with_the_call(client, world):
    round_ = world["round"]
    pages = [reverse("judging:results", args=[round_.pk]), reverse("judging:progress", args=[round_.pk])]
    organizer = client
    organizer.force_login(world["organizer"])
    organizer.get(pages[0])  # a first request of the session
    small = [queries(organizer, url, round_) for url in pages]
    client.force_login(world["jurors"]["jana"].user)
    small.append(queries(client, reverse("judging:mine"), round_))

    more = [
        Proposal.objects.create(challenge=world["challenge"], title=f"More {n}", number=10 + n, status="submitted")
        for n in range(30)
    ]
    for juror in world["jurors"].values():
        Assignment.objects.bulk_create(
            [Assignment(round=round_, juror=juror, proposal=proposal, status="assigned") for proposal in more]
        )
    round_changed(round_.pk)

    client.force_login(world["organizer"])
    large = [queries(client, url, round_) for url in pages]
    client.force_login(world["jurors"]["jana"].user)
    large.append(queries(client, reverse("judging:mine"), round_))
    assert large == small
    # Results and progress compute what they keep (under the snapshot's lock, read again first), then read it.
    assert small == [(33, 10), (23, 11), (5, 5)]


def test_a_stale_figure_found_by_two_readers_is_computed_once(world, monkeypatch):
    """Readers that found the ranking stale together take turns under the snapshot's lock; the second one reads
    what the first kept instead of aggregating the round again."""
    from judging.selectors import results as results_selectors

    round_ = world["round"]
    calls = []
    aggregate = results_selectors.round_aggregate
    monkeypatch.setattr(results_selectors, "round_aggregate", lambda r: calls.append(r.pk) or aggregate(r))
    round_changed(round_.pk)
    stale = round_snapshot(round_)  # what both readers saw before either computed

    first = results_selectors.refresh_once(round_, "ranking", lambda s: results_selectors._ranking_refresh(round_, s))
    second = results_selectors.refresh_once(round_, "ranking", lambda s: results_selectors._ranking_refresh(round_, s))

    assert not is_fresh(stale, stale.ranking_version, stale.ranking)
    assert calls == [round_.pk] and first == second
