from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from judging.models import (
    Conflict,
    PairwiseItem,
    PairwiseJudge,
    PairwiseVote,
    SelectionDecision,
)
from judging.pairwise import AnnotatorBelief, ItemBelief, update
from judging.services.pairwise import (
    pairwise_shortlist,
    pairwise_skip,
    pairwise_start,
    pairwise_undo,
    pairwise_vote,
)
from tests.conftest import make_challenge
from tests.judging import pairwise_world
from tests.judging.pairwise_world import make_projects, make_round

english = pairwise_world.english
expo = pairwise_world.expo

LATER = timedelta(days=2)


def beliefs(round_):
    return {item.proposal_id: (item.mu, item.sigma_sq) for item in PairwiseItem.objects.filter(round=round_)}


def judge_of(juror):
    return PairwiseJudge.objects.get(juror=juror)


def step(world, juror, *, better=True):
    """Vote on the pair the juror stands at now, as the page would send it."""
    judge = judge_of(juror)
    return pairwise_vote(
        round_=world["round"],
        juror=juror,
        current_is_better=better,
        shown_current=judge.current_id,
        shown_previous=judge.previous_id,
    )


def walk(world, juror, votes):
    """Start, move past the first project, then cast `votes` votes."""
    pairwise_start(round_=world["round"], juror=juror)
    step(world, juror)
    return [step(world, juror, better=bool(i % 2)) for i in range(votes)]


def test_start_creates_a_prior_for_every_submitted_project_and_sends_the_juror_to_one(expo):
    judge = pairwise_start(round_=expo["round"], juror=expo["ana"])

    projects = {p.pk for p in expo["projects"]}
    assert beliefs(expo["round"]) == dict.fromkeys(projects, (0.0, 1.0))
    assert judge.current_id in projects
    assert judge.previous_id is None
    assert judge.seen == [judge.current_id]
    assert [e.action for e in audit_entries(expo["round"])] == ["round.pairwise_started"]


def test_starting_again_keeps_the_juror_where_they_are(expo):
    first = pairwise_start(round_=expo["round"], juror=expo["ana"]).current_id

    again = pairwise_start(round_=expo["round"], juror=expo["ana"])

    assert again.current_id == first
    assert PairwiseItem.objects.filter(round=expo["round"]).count() == 4


def test_a_shortlist_round_takes_only_the_previous_rounds_confirmed_selection(expo):
    chosen = expo["projects"][1]
    SelectionDecision.objects.create(
        round=expo["round"], proposal=chosen, decision="selected", confirmed_at=timezone.now()
    )
    SelectionDecision.objects.create(round=expo["round"], proposal=expo["projects"][2], decision="selected")
    final = make_round(expo["challenge"], name="Final", scope="shortlist", previous=expo["round"])
    juror = expo["ana"]
    juror.round = final
    juror.save()

    judge = pairwise_start(round_=final, juror=juror)

    assert beliefs(final) == {chosen.pk: (0.0, 1.0)}
    assert judge.current_id == chosen.pk


def test_the_first_answer_moves_on_without_a_vote(expo):
    first = pairwise_start(round_=expo["round"], juror=expo["ana"]).current_id

    assert step(expo, expo["ana"]) is None

    judge = judge_of(expo["ana"])
    assert judge.previous_id == first
    assert judge.current_id not in (None, first)
    assert PairwiseVote.objects.count() == 0
    assert set(beliefs(expo["round"]).values()) == {(0.0, 1.0)}


def test_a_vote_updates_the_beliefs_with_the_model_and_keeps_what_it_replaced(expo):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    step(expo, expo["ana"])
    judge = judge_of(expo["ana"])
    current, previous = judge.current_id, judge.previous_id

    vote = step(expo, expo["ana"], better=False)

    assert (vote.winner_id, vote.loser_id) == (previous, current)
    winner, loser, annotator = update(ItemBelief(), ItemBelief(), AnnotatorBelief())
    assert beliefs(expo["round"])[previous] == (winner.mu, winner.sigma_sq)
    assert beliefs(expo["round"])[current] == (loser.mu, loser.sigma_sq)
    judge = judge_of(expo["ana"])
    assert (judge.alpha, judge.beta) == (annotator.alpha, annotator.beta)
    assert vote.before == {
        "winner": {"mu": 0.0, "sigma_sq": 1.0},
        "loser": {"mu": 0.0, "sigma_sq": 1.0},
        "juror": {"alpha": 10.0, "beta": 1.0},
        "current": current,
        "previous": previous,
        "seen": 2,
    }
    assert judge.previous_id == current
    assert judge.current_id not in (None, current)
    assert audit_entries(expo["round"]).filter(action="round.pairwise_voted").count() == 1


def test_a_double_tap_counts_once(expo):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    step(expo, expo["ana"])
    judge = judge_of(expo["ana"])
    shown = {"shown_current": judge.current_id, "shown_previous": judge.previous_id}
    pairwise_vote(round_=expo["round"], juror=expo["ana"], current_is_better=True, **shown)
    after_first = beliefs(expo["round"])
    position = (judge_of(expo["ana"]).current_id, judge_of(expo["ana"]).previous_id)

    assert pairwise_vote(round_=expo["round"], juror=expo["ana"], current_is_better=True, **shown) is None

    assert PairwiseVote.objects.count() == 1
    assert beliefs(expo["round"]) == after_first
    assert (judge_of(expo["ana"]).current_id, judge_of(expo["ana"]).previous_id) == position


def test_a_juror_is_never_sent_where_another_juror_stands(expo):
    small = make_challenge(expo["lab"], "reto-pequeno", code="SML26", visibility="published")
    round_ = make_round(small, name="Two stands")
    first, second = make_projects(small, 2, start=10)
    ana, beto = expo["ana"], expo["beto"]
    for juror in (ana, beto):
        juror.round = round_
        juror.save()

    at_ana = pairwise_start(round_=round_, juror=ana).current_id
    at_beto = pairwise_start(round_=round_, juror=beto).current_id
    assert {at_ana, at_beto} == {first.pk, second.pk}

    # Beto's only other project is where Ana stands: he waits.
    pairwise_vote(round_=round_, juror=beto, current_is_better=True, shown_current=at_beto, shown_previous=None)
    assert judge_of(beto).current_id is None
    assert judge_of(beto).previous_id == at_beto


def test_a_juror_is_never_sent_to_a_conflicted_project(expo):
    free = expo["projects"][3]
    for project in expo["projects"][:3]:
        Conflict.objects.create(juror=expo["ana"], proposal=project, kind="declared")

    judge = pairwise_start(round_=expo["round"], juror=expo["ana"])
    assert judge.current_id == free.pk
    step(expo, expo["ana"])
    assert judge_of(expo["ana"]).current_id is None


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_closed_round_refuses_every_action(expo, moment):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    step(expo, expo["ana"])
    vote = step(expo, expo["ana"])
    judge = judge_of(expo["ana"])
    round_ = expo["round"]
    now = round_.starts_at - LATER if moment == "before" else round_.ends_at
    juror = expo["ana"]

    actions = [
        lambda: pairwise_start(round_=round_, juror=juror, now=now),
        lambda: pairwise_vote(
            round_=round_,
            juror=juror,
            current_is_better=True,
            shown_current=judge.current_id,
            shown_previous=judge.previous_id,
            now=now,
        ),
        lambda: pairwise_skip(round_=round_, juror=juror, shown_current=judge.current_id, now=now),
        lambda: pairwise_undo(round_=round_, juror=juror, vote_id=vote.pk, now=now),
    ]
    for action in actions:
        with pytest.raises(ApplicationError, match="The round is closed"):
            action()
    assert PairwiseVote.objects.filter(undone_at__isnull=True).count() == 1


def test_a_rubric_round_refuses_the_expo(expo):
    round_ = expo["round"]
    round_.method = "rubric"
    round_.save()
    with pytest.raises(ApplicationError, match="not judged by pairwise"):
        pairwise_start(round_=round_, juror=expo["ana"])


def test_a_juror_of_another_round_or_an_inactive_seat_is_refused(expo):
    other = make_round(expo["challenge"], name="Other")
    with pytest.raises(ApplicationError, match="seat"):
        pairwise_start(round_=other, juror=expo["ana"])
    beto = expo["beto"]
    beto.status = "revoked"
    beto.save()
    with pytest.raises(ApplicationError, match="seat"):
        pairwise_start(round_=expo["round"], juror=beto)


def test_voting_before_starting_is_refused(expo):
    with pytest.raises(ApplicationError, match="Start the expo first"):
        pairwise_vote(
            round_=expo["round"], juror=expo["ana"], current_is_better=True, shown_current=1, shown_previous=None
        )


def test_skip_moves_on_without_voting_and_keeps_the_previous_project(expo):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    step(expo, expo["ana"])
    judge = judge_of(expo["ana"])
    skipped, previous = judge.current_id, judge.previous_id

    moved = pairwise_skip(round_=expo["round"], juror=expo["ana"], shown_current=skipped)

    assert moved.current_id not in (None, skipped, previous)
    assert moved.previous_id == previous
    assert PairwiseVote.objects.count() == 0
    assert audit_entries(expo["round"]).filter(action="round.pairwise_skipped").count() == 1
    # A repeated skip of the same project changes nothing.
    again = pairwise_skip(round_=expo["round"], juror=expo["ana"], shown_current=skipped)
    assert again.current_id == moved.current_id


def test_skip_is_refused_when_every_other_project_is_busy(expo):
    for project in expo["projects"][1:]:
        Conflict.objects.create(juror=expo["ana"], proposal=project, kind="declared")
    judge = pairwise_start(round_=expo["round"], juror=expo["ana"])

    with pytest.raises(ApplicationError, match="busy"):
        pairwise_skip(round_=expo["round"], juror=expo["ana"], shown_current=judge.current_id)
    assert judge_of(expo["ana"]).current_id == judge.current_id


def test_undo_right_after_a_vote_restores_the_beliefs_and_the_pair(expo):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    step(expo, expo["ana"])
    first = step(expo, expo["ana"])
    before_second = beliefs(expo["round"])
    judge = judge_of(expo["ana"])
    position = (judge.current_id, judge.previous_id, judge.seen, judge.alpha, judge.beta)
    second = step(expo, expo["ana"], better=False)

    assert pairwise_undo(round_=expo["round"], juror=expo["ana"], vote_id=second.pk) == second

    assert beliefs(expo["round"]) == before_second
    judge = judge_of(expo["ana"])
    assert (judge.current_id, judge.previous_id, judge.seen, judge.alpha, judge.beta) == position
    second.refresh_from_db()
    assert second.undone_at is not None
    assert first.undone_at is None
    assert audit_entries(expo["round"]).filter(action="round.pairwise_vote_undone").count() == 1


def test_a_repeated_undo_takes_back_only_one_vote(expo):
    first, second = walk(expo, expo["ana"], 2)
    pairwise_undo(round_=expo["round"], juror=expo["ana"], vote_id=second.pk)
    state = beliefs(expo["round"])

    assert pairwise_undo(round_=expo["round"], juror=expo["ana"], vote_id=second.pk) is None

    assert beliefs(expo["round"]) == state
    assert list(PairwiseVote.objects.filter(undone_at__isnull=True)) == [first]


def test_undo_without_a_vote_is_refused(expo):
    pairwise_start(round_=expo["round"], juror=expo["ana"])
    with pytest.raises(ApplicationError, match="no vote to undo"):
        pairwise_undo(round_=expo["round"], juror=expo["ana"], vote_id=1)


def test_undo_keeps_the_votes_other_jurors_cast_since_exactly(expo):
    """The state after undoing equals, bit for bit, the state of a round where the vote was never cast."""
    round_ = expo["round"]
    ana, beto = expo["ana"], expo["beto"]
    pairwise_start(round_=round_, juror=ana)
    step(expo, ana)
    undone = step(expo, ana)
    pairwise_start(round_=round_, juror=beto)
    step(expo, beto)
    kept = [step(expo, beto, better=False), step(expo, beto)]
    assert {undone.winner_id, undone.loser_id} & {p for v in kept for p in (v.winner_id, v.loser_id)}

    pairwise_undo(round_=round_, juror=ana, vote_id=undone.pk)

    items = {p.pk: ItemBelief() for p in expo["projects"]}
    annotator = AnnotatorBelief()
    for vote in kept:
        winner, loser, annotator = update(items[vote.winner_id], items[vote.loser_id], annotator)
        items[vote.winner_id], items[vote.loser_id] = winner, loser
    assert beliefs(round_) == {pk: (b.mu, b.sigma_sq) for pk, b in items.items()}
    assert (judge_of(beto).alpha, judge_of(beto).beta) == (annotator.alpha, annotator.beta)
    assert (judge_of(ana).alpha, judge_of(ana).beta) == (10.0, 1.0)
    # The kept votes now remember the beliefs they replaced in the log without the undone vote.
    replayed = PairwiseVote.objects.get(pk=kept[0].pk)
    assert replayed.before["winner"] == {"mu": 0.0, "sigma_sq": 1.0}
    assert replayed.before["current"] == kept[0].before["current"]


def test_shortlist_selects_the_top_of_the_expo_ranking(expo):
    walk(expo, expo["ana"], 3)
    ranked = sorted(
        PairwiseItem.objects.filter(round=expo["round"]), key=lambda item: (-item.mu, item.sigma_sq, item.proposal_id)
    )

    decisions = pairwise_shortlist(round_=expo["round"], actor=expo["organizer"], count=2)

    assert [(d.proposal_id, d.decision, d.rank) for d in decisions] == [
        (ranked[0].proposal_id, "selected", 1),
        (ranked[1].proposal_id, "selected", 2),
        (ranked[2].proposal_id, "not_selected", 3),
        (ranked[3].proposal_id, "not_selected", 4),
    ]
    assert all(d.confirmed_at is None for d in decisions)
    assert audit_entries(expo["round"]).filter(action="round.pairwise_shortlisted").count() == 1


def test_shortlist_is_refused_without_votes_with_a_bad_count_or_once_confirmed(expo):
    round_, organizer = expo["round"], expo["organizer"]
    pairwise_start(round_=round_, juror=expo["ana"])
    with pytest.raises(ApplicationError, match="No vote"):
        pairwise_shortlist(round_=round_, actor=organizer, count=2)
    walk(expo, expo["beto"], 1)
    with pytest.raises(ApplicationError, match="at least one"):
        pairwise_shortlist(round_=round_, actor=organizer, count=0)
    pairwise_shortlist(round_=round_, actor=organizer, count=2)
    SelectionDecision.objects.filter(round=round_).update(confirmed_at=timezone.now())
    with pytest.raises(ApplicationError, match="already confirmed"):
        pairwise_shortlist(round_=round_, actor=organizer, count=2)
