from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.permissions import can
from innovation_platform.labs.models import LabMembership
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from judging.models import Conflict, PairwiseItem, PairwiseJudge, PairwiseVote, SelectionDecision
from judging.services.pairwise import pairwise_start, pairwise_vote
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging import pairwise_world
from tests.judging.pairwise_world import make_projects, make_round
from tests.judging.results_world import make_juror

english = pairwise_world.english
expo = pairwise_world.expo


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(name, round_):
    return reverse(f"judging:{name}", kwargs={"pk": round_.pk})


def judge_of(juror):
    return PairwiseJudge.objects.get(juror=juror)


def shown(juror):
    judge = judge_of(juror)
    return {"current": judge.current_id, "previous": judge.previous_id or ""}


def texts(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def ana_client(client, expo):
    client.force_login(expo["ana"].user)
    return client


def test_the_juror_starts_votes_and_sees_the_next_project(ana_client, expo):
    round_ = expo["round"]
    page = ana_client.get(url("expo", round_))
    assert page.status_code == 200
    assert "Start" in page.content.decode()

    response = ana_client.post(url("expo_start", round_), follow=True)
    first = judge_of(expo["ana"]).current
    assert response.redirect_chain == [(url("expo", round_), 302)]
    assert first.title in response.content.decode()
    assert "Seen: next project" in response.content.decode()

    ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "current"})
    response = ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "previous"}, follow=True)

    vote = PairwiseVote.objects.get()
    assert vote.winner == first
    assert texts(response) == [f"Vote recorded: “{first.title}” was better."]
    body = response.content.decode()
    assert "This one is better" in body
    assert "The previous one was better" in body
    assert "Undo last vote" in body


def test_a_double_tap_on_the_page_counts_once(ana_client, expo):
    round_ = expo["round"]
    ana_client.post(url("expo_start", round_))
    ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "current"})
    data = {**shown(expo["ana"]), "better": "current"}

    first = ana_client.post(url("expo_vote", round_), data, follow=True)
    response = ana_client.post(url("expo_vote", round_), data, follow=True)

    assert len(texts(first)) == 1

    assert PairwiseVote.objects.count() == 1
    assert texts(response) == []


def test_an_unreadable_vote_is_refused_with_a_message(ana_client, expo):
    ana_client.post(url("expo_start", expo["round"]))
    response = ana_client.post(url("expo_vote", expo["round"]), {"current": "x", "better": "maybe"}, follow=True)
    assert texts(response) == ["That answer could not be read: choose one of the two buttons."]
    assert PairwiseVote.objects.count() == 0


def test_skip_and_undo_from_the_page(ana_client, expo):
    round_ = expo["round"]
    ana_client.post(url("expo_start", round_))
    ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "current"})
    skipped = judge_of(expo["ana"]).current_id
    ana_client.post(url("expo_skip", round_), {"current": skipped})
    assert judge_of(expo["ana"]).current_id not in (None, skipped)

    ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "current"})
    vote = PairwiseVote.objects.get()
    response = ana_client.post(url("expo_undo", round_), {"vote": vote.pk}, follow=True)

    vote.refresh_from_db()
    assert vote.undone_at is not None
    assert texts(response)[-1] == "Vote undone: you are back at the pair you voted on."
    assert judge_of(expo["ana"]).current_id == vote.before["current"]
    response = ana_client.post(url("expo_undo", round_), {"vote": vote.pk}, follow=True)
    assert texts(response) == ["You have no vote to undo."]


def test_a_closed_round_shows_why_and_refuses_votes(ana_client, expo):
    round_ = expo["round"]
    pairwise_start(round_=round_, juror=expo["ana"])
    round_.starts_at = timezone.now() - timedelta(days=3)
    round_.ends_at = timezone.now() - timedelta(days=1)
    round_.save()

    response = ana_client.post(url("expo_vote", round_), {**shown(expo["ana"]), "better": "current"}, follow=True)

    message = "The round is closed: votes are taken only between its start and its end."
    assert texts(response) == [message]
    assert "This one is better" not in response.content.decode()
    assert judge_of(expo["ana"]).previous_id is None


def test_the_expo_pages_of_a_rubric_round_do_not_exist(ana_client, expo):
    round_ = expo["round"]
    round_.method = "rubric"
    round_.save()
    assert ana_client.get(url("expo", round_)).status_code == 404


def test_the_board_ranks_the_projects_and_shows_the_jurors(client, expo):
    round_ = expo["round"]
    pairwise_start(round_=round_, juror=expo["ana"])
    judge = judge_of(expo["ana"])
    pairwise_vote(
        round_=round_, juror=expo["ana"], current_is_better=True, shown_current=judge.current_id, shown_previous=None
    )
    judge = judge_of(expo["ana"])
    winner = judge.current
    pairwise_vote(
        round_=round_,
        juror=expo["ana"],
        current_is_better=True,
        shown_current=judge.current_id,
        shown_previous=judge.previous_id,
    )
    client.force_login(expo["organizer"])

    seen = LiveEvent.objects.create(group=groups.round_console(round_.pk), type="expo.vote")
    LiveEvent.objects.create(group=groups.challenge(round_.challenge_id), type="phase.started")
    response = client.get(url("expo_board", round_))

    assert response.status_code == 200
    board = response.context["board"]
    assert board.rows[0].proposal_id == winner.pk
    assert board.rows[0].votes == 1
    assert board.votes == 1
    assert [(j.name, j.votes) for j in board.jurors] == [("Ana Jurado", 1), ("Beto Jurado", 0)]
    assert board.jurors[0].current.endswith(judge_of(expo["ana"]).current.title)
    html = response.content.decode()
    assert "Use as shortlist" in html
    # Votes coming in refresh the ranking and the jurors live, over the round console's socket, from the last
    # event the board reflects.
    assert f'data-live-url="/ws/judging/rounds/{round_.pk}/console/" data-live-last="{seen.pk}"' in html
    assert 'id="expo-ranking" data-live-refresh="expo.vote"' in html
    assert 'id="expo-jurors" data-live-refresh="expo.vote"' in html


def test_shortlist_from_the_board_goes_to_the_results_page(client, expo):
    round_ = expo["round"]
    pairwise_start(round_=round_, juror=expo["ana"])
    for _ in range(2):
        judge = judge_of(expo["ana"])
        pairwise_vote(
            round_=round_,
            juror=expo["ana"],
            current_is_better=True,
            shown_current=judge.current_id,
            shown_previous=judge.previous_id,
        )
    client.force_login(expo["organizer"])

    response = client.post(url("expo_shortlist", round_), {"count": 2})

    assert response.status_code == 302
    assert response["Location"] == url("results", round_)
    assert SelectionDecision.objects.filter(round=round_, decision="selected").count() == 2


def test_a_refused_shortlist_keeps_the_input(client, expo):
    client.force_login(expo["organizer"])

    response = client.post(url("expo_shortlist", expo["round"]), {"count": 3})

    assert response.status_code == 400
    body = response.content.decode()
    assert "No vote has been cast yet: there is nothing to rank." in body
    assert 'value="3"' in body
    assert SelectionDecision.objects.count() == 0


@pytest.mark.parametrize("projects", [1, 3])
def test_the_board_queries_do_not_grow_with_the_projects(client, expo, projects, django_assert_max_num_queries):
    small = make_challenge(expo["lab"], "reto-contado", code="CNT26", visibility="published")
    round_ = make_round(small, name="Counted")
    make_projects(small, projects, start=20)
    for name in ("one", "two"):
        juror = make_juror(round_, make_user(f"{name}@example.org"))
        pairwise_start(round_=round_, juror=juror)
    client.force_login(expo["organizer"])

    with django_assert_max_num_queries(11):
        response = client.get(url("expo_board", round_))
    assert len(response.context["board"].rows) == projects


ROLES = [
    "juror",
    "other_round_juror",
    "conflicted_juror",
    "organizer",
    "other_lab_organizer",
    "team_member",
    "citizen",
    "anonymous",
    "staff",
]


@pytest.fixture
def people(expo, citizen, staff):
    other_lab = make_lab("lab-otro")
    other_organizer = make_user("other-org@example.org")
    LabMembership.objects.create(lab=other_lab, user=other_organizer, role="organizer")
    other_juror = make_user("other-juror@example.org")
    make_juror(make_round(make_challenge(other_lab, "otro-reto")), other_juror)
    conflicted = make_user("conflicted@example.org")
    seat = make_juror(expo["round"], conflicted)
    Conflict.objects.create(juror=seat, proposal=expo["projects"][0], kind="declared", reason="My cousin")
    return {
        "juror": expo["ana"].user,
        "other_round_juror": other_juror,
        "conflicted_juror": conflicted,
        "organizer": expo["organizer"],
        "other_lab_organizer": other_organizer,
        "team_member": expo["lead"],
        "citizen": citizen,
        "anonymous": AnonymousUser(),
        "staff": staff,
    }


RULES = {  # rule → roles allowed
    "judging.vote_pairwise": {"juror", "conflicted_juror"},
    "judging.view_progress": {"organizer", "staff"},
    "judging.manage_round": {"organizer", "staff"},
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(people, expo, rule, role):
    assert can(people[role], rule, expo["round"]) == (role in RULES[rule])


PAGES = {  # page → (status when allowed, status when refused)
    "expo": "judging.vote_pairwise",
    "expo_board": "judging.view_progress",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_expo_pages(client, people, expo, page, role):
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(url(page, expo["round"]))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == (200 if role in RULES[PAGES[page]] else 403)


def expo_state(round_) -> dict:
    """Everything an expo action may change, to compare before and after."""
    return {
        "judges": list(
            PairwiseJudge.objects.order_by("pk").values_list("juror_id", "current_id", "previous_id", "seen", "alpha")
        ),
        "items": list(PairwiseItem.objects.order_by("pk").values_list("proposal_id", "mu", "sigma_sq")),
        "votes": list(PairwiseVote.objects.order_by("pk").values_list("pk", "winner_id", "loser_id", "undone_at")),
        "decisions": list(SelectionDecision.objects.order_by("pk").values_list("proposal_id", "decision")),
        "audit": list(audit_entries(round_).order_by("pk").values_list("action", flat=True)),
    }


@pytest.mark.parametrize("action", ["expo_start", "expo_vote", "expo_skip", "expo_undo", "expo_shortlist"])
@pytest.mark.parametrize("role", ["other_round_juror", "team_member", "citizen", "other_lab_organizer"])
def test_outsiders_cannot_act(client, people, expo, action, role):
    """Refused, and nothing changes, where the juror's or organizer's same request would act (see expo_state)."""
    round_ = expo["round"]
    ana = expo["ana"]
    pairwise_start(round_=round_, juror=ana)
    for _ in range(2):  # at the first project the juror moves on, then votes
        judge = judge_of(ana)
        pairwise_vote(
            round_=round_,
            juror=ana,
            current_is_better=True,
            shown_current=judge.current_id,
            shown_previous=judge.previous_id,
        )
    judge = judge_of(ana)
    before = expo_state(round_)
    client.force_login(people[role])

    response = client.post(
        url(action, round_),
        {
            "current": judge.current_id,
            "previous": judge.previous_id,
            "better": "current",
            "count": 1,
            "vote": PairwiseVote.objects.get().pk,
        },
    )

    assert response.status_code == 403
    assert expo_state(round_) == before
