"""Pairwise expo judging: jurors walk from project to project and say whether the one in front of them is better
than the previous one; the Crowd-BT model in `judging.pairwise` turns the votes into a ranking and picks where each
juror goes next.

Every action is safe to repeat: the forms name the projects the juror was shown, so a double tap or a retried
request on a flaky connection finds the juror already moved on and changes nothing. Rows are locked judges first,
then projects, each in primary-key order, so concurrent votes never deadlock one another.
"""

from datetime import datetime

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from judging import events
from judging.models import (
    Juror,
    JurorStatus,
    PairwiseItem,
    PairwiseJudge,
    PairwiseVote,
    Round,
    RoundMethod,
    SelectionDecision,
)
from judging.pairwise import AnnotatorBelief, ItemBelief, Vote, choose_next, ranking, vote_apply, vote_undo
from judging.selection import Candidate
from judging.selectors.pairwise import item_beliefs, unavailable_to
from judging.selectors.rounds import proposals_in_scope
from judging.services.selection import decisions_replace, lock_unconfirmed


def _ensure_open(round_: Round, juror: Juror, now: datetime | None) -> None:
    now = now or timezone.now()
    if round_.method != RoundMethod.PAIRWISE:
        raise ApplicationError(_("This round is not judged by pairwise comparison."))
    if juror.round_id != round_.pk or juror.status != JurorStatus.ACTIVE:
        raise ApplicationError(_("You do not hold a seat in this round's jury."))
    if not round_.starts_at <= now < round_.ends_at:
        raise ApplicationError(_("The round is closed: votes are taken only between its start and its end."))


def _locked_judge(juror: Juror) -> PairwiseJudge:
    judge = PairwiseJudge.objects.select_for_update().filter(juror=juror).first()
    if judge is None:
        raise ApplicationError(_("Start the expo first: press “Start”."))
    return judge


def _send_on(round_: Round, judge: PairwiseJudge, compare_with: int | None, *, avoid: tuple[int, ...] = ()) -> None:
    """Move the juror to the most informative free project to compare with `compare_with` (None: the least known).

    The generator is seeded by the round, the juror and how far they walked, so a walk can be replayed.
    """
    items = item_beliefs(round_)
    if compare_with not in items:
        compare_with = None
    rng = np.random.default_rng([round_.seed, judge.juror_id, len(judge.seen)])
    judge.current_id = choose_next(
        AnnotatorBelief(judge.alpha, judge.beta),
        compare_with,
        items,
        busy=unavailable_to(round_, judge) | set(avoid),
        seen=set(judge.seen),
        rng=rng,
    )
    if judge.current_id is not None and judge.current_id not in judge.seen:
        judge.seen = [*judge.seen, judge.current_id]


@transaction.atomic
def pairwise_start(*, round_: Round, juror: Juror, now: datetime | None = None) -> PairwiseJudge:
    """Open the round's projects to the model (every proposal in scope gets a prior belief, once) and send the
    juror to a first project, or, when every project was busy, to one that is free now. Audited on the round."""
    _ensure_open(round_, juror, now)
    known = PairwiseItem.objects.filter(round=round_).values("proposal_id")
    missing = proposals_in_scope(round_).exclude(pk__in=known).values_list("pk", flat=True)
    PairwiseItem.objects.bulk_create(
        [PairwiseItem(round=round_, proposal_id=pk) for pk in missing], ignore_conflicts=True
    )
    PairwiseJudge.objects.get_or_create(juror=juror)
    judge = _locked_judge(juror)
    if judge.current_id is not None:
        return judge
    _send_on(round_, judge, judge.previous_id)
    judge.save()
    audit_log(round_, "round.pairwise_started", actor=juror.user, juror_id=juror.pk, current_id=judge.current_id)
    events.expo_vote(round_)  # the board shows where each juror is
    return judge


@transaction.atomic
def pairwise_vote(
    *,
    round_: Round,
    juror: Juror,
    current_is_better: bool,
    shown_current: int,
    shown_previous: int | None,
    now: datetime | None = None,
) -> PairwiseVote | None:
    """Record "the project in front of me is better (or worse) than the previous one" and send the juror on.

    `shown_current` and `shown_previous` are the pair the juror saw: a repeated submission for a pair already voted
    on changes nothing. At the first project there is nothing to compare, so the juror just moves on. The vote
    keeps the beliefs it replaced (`before`) and where the juror stood, for an exact undo. Returns the vote, or
    None when nothing was recorded. Audited on the round.
    """
    _ensure_open(round_, juror, now)
    judge = _locked_judge(juror)
    current, previous = judge.current_id, judge.previous_id
    if current is None or (current, previous) != (shown_current, shown_previous):
        return None
    seen_before = len(judge.seen)
    vote = None
    if previous is not None:
        winner, loser = (current, previous) if current_is_better else (previous, current)
        locked = {
            item.proposal_id: item
            for item in PairwiseItem.objects.select_for_update()
            .filter(round=round_, proposal_id__in=[winner, loser])
            .order_by("pk")
        }
        items, annotators, applied = vote_apply(
            {pk: ItemBelief(item.mu, item.sigma_sq) for pk, item in locked.items()},
            {judge.pk: AnnotatorBelief(judge.alpha, judge.beta)},
            annotator_id=judge.pk,
            winner_id=winner,
            loser_id=loser,
        )
        _store_beliefs(locked, items)
        judge.alpha, judge.beta = annotators[judge.pk].alpha, annotators[judge.pk].beta
        vote = PairwiseVote.objects.create(
            round=round_,
            juror=juror,
            winner_id=winner,
            loser_id=loser,
            before={**_before(applied), "current": current, "previous": previous, "seen": seen_before},
        )
    judge.previous_id = current
    _send_on(round_, judge, current)
    judge.save()
    if vote is not None:
        audit_log(
            round_,
            "round.pairwise_voted",
            actor=juror.user,
            juror_id=juror.pk,
            vote_id=vote.pk,
            winner_id=winner,
            loser_id=loser,
        )
    else:
        audit_log(round_, "round.pairwise_moved_on", actor=juror.user, juror_id=juror.pk, current_id=judge.current_id)
    events.expo_vote(round_)
    return vote


@transaction.atomic
def pairwise_skip(*, round_: Round, juror: Juror, shown_current: int, now: datetime | None = None) -> PairwiseJudge:
    """Send the juror to another project without voting (the team is away, or the stand is crowded); the next
    vote still compares with the previous project. A repeated request changes nothing. Audited on the round."""
    _ensure_open(round_, juror, now)
    judge = _locked_judge(juror)
    if judge.current_id != shown_current:
        return judge
    skipped = judge.current_id
    _send_on(round_, judge, judge.previous_id, avoid=(skipped,))
    if judge.current_id is None:
        raise ApplicationError(_("Every other project is busy right now: stay here a moment and try again."))
    judge.save()
    audit_log(
        round_,
        "round.pairwise_skipped",
        actor=juror.user,
        juror_id=juror.pk,
        skipped_id=skipped,
        current_id=judge.current_id,
    )
    events.expo_vote(round_)
    return judge


@transaction.atomic
def pairwise_undo(*, round_: Round, juror: Juror, vote_id: int, now: datetime | None = None) -> PairwiseVote | None:
    """Take back the juror's last vote exactly: every belief becomes what it would be had the vote never been cast
    (`judging.pairwise.vote_undo`, which replays the votes other jurors cast since), and the juror goes back to the
    pair they voted on. `vote_id` names the vote the juror meant, so a repeated request undoes nothing more.
    Returns the undone vote, or None. Audited on the round.
    """
    now = now or timezone.now()
    _ensure_open(round_, juror, now)
    _locked_judge(juror)
    judges: dict[int, PairwiseJudge] = {}
    items: dict[int, PairwiseItem] = {}
    while True:
        last = PairwiseVote.objects.filter(round=round_, juror=juror, undone_at__isnull=True).order_by("-pk").first()
        if last is None:
            raise ApplicationError(_("You have no vote to undo."))
        if last.pk != vote_id:
            return None
        tail = list(PairwiseVote.objects.filter(round=round_, undone_at__isnull=True, pk__gte=last.pk).order_by("pk"))
        wanted_judges = {vote.juror_id for vote in tail} - {judge.juror_id for judge in judges.values()}
        wanted_items = {pk for vote in tail for pk in (vote.winner_id, vote.loser_id)} - set(items)
        if not wanted_judges and not wanted_items:
            break
        # Lock what the tail touches, then read it again: a vote cast meanwhile may touch more.
        for judge in PairwiseJudge.objects.select_for_update().filter(juror_id__in=wanted_judges).order_by("pk"):
            judges[judge.pk] = judge
        for item in (
            PairwiseItem.objects.select_for_update().filter(round=round_, proposal_id__in=wanted_items).order_by("pk")
        ):
            items[item.proposal_id] = item
    judge_of = {judge.juror_id: judge.pk for judge in judges.values()}
    beliefs, annotators, replayed = vote_undo(
        {pk: ItemBelief(item.mu, item.sigma_sq) for pk, item in items.items()},
        {pk: AnnotatorBelief(judge.alpha, judge.beta) for pk, judge in judges.items()},
        [_as_vote(vote, judge_of[vote.juror_id]) for vote in tail],
        0,
    )
    _store_beliefs(items, beliefs)
    for pk, judge in judges.items():
        judge.alpha, judge.beta = annotators[pk].alpha, annotators[pk].beta
    for vote, again in zip(tail[1:], replayed, strict=True):
        vote.before = {**vote.before, **_before(again)}
    PairwiseVote.objects.bulk_update(tail[1:], ["before"])
    last.undone_at = now
    last.save(update_fields=["undone_at"])
    judge = judges[judge_of[juror.pk]]
    judge.current_id, judge.previous_id = last.before["current"], last.before["previous"]
    judge.seen = judge.seen[: last.before["seen"]]
    PairwiseJudge.objects.bulk_update(judges.values(), ["alpha", "beta"])
    judge.save()
    audit_log(
        round_,
        "round.pairwise_vote_undone",
        actor=juror.user,
        juror_id=juror.pk,
        vote_id=last.pk,
        winner_id=last.winner_id,
        loser_id=last.loser_id,
        replayed=len(replayed),
    )
    events.expo_vote(round_)
    return last


def _before(vote: Vote) -> dict:
    return {
        "winner": {"mu": vote.winner_before.mu, "sigma_sq": vote.winner_before.sigma_sq},
        "loser": {"mu": vote.loser_before.mu, "sigma_sq": vote.loser_before.sigma_sq},
        "juror": {"alpha": vote.annotator_before.alpha, "beta": vote.annotator_before.beta},
    }


def _as_vote(vote: PairwiseVote, annotator_id: int) -> Vote:
    before = vote.before
    return Vote(
        annotator_id=annotator_id,
        winner_id=vote.winner_id,
        loser_id=vote.loser_id,
        annotator_before=AnnotatorBelief(before["juror"]["alpha"], before["juror"]["beta"]),
        winner_before=ItemBelief(before["winner"]["mu"], before["winner"]["sigma_sq"]),
        loser_before=ItemBelief(before["loser"]["mu"], before["loser"]["sigma_sq"]),
    )


def _store_beliefs(items: dict[int, PairwiseItem], beliefs: dict[int, ItemBelief]) -> None:
    for pk, item in items.items():
        item.mu, item.sigma_sq = beliefs[pk].mu, beliefs[pk].sigma_sq
    PairwiseItem.objects.bulk_update(items.values(), ["mu", "sigma_sq"])


@transaction.atomic
def pairwise_shortlist(*, round_: Round, actor, count: int) -> list[SelectionDecision]:
    """Replace the round's pending decisions with the expo ranking: the top `count` by mean quality selected (under
    the challenge's quotas, see `judging.selection.select`), the rest not selected. The organizers confirm them on
    the results page. Refused once the selection is confirmed, or before any vote. Audited on the round."""
    lock_unconfirmed(round_)
    if count < 1:
        raise ApplicationError(_("Select at least one project."), field="count")
    if not PairwiseVote.objects.filter(round=round_, undone_at__isnull=True).exists():
        raise ApplicationError(_("No vote has been cast yet: there is nothing to rank."))
    where = {
        pk: (str(country), region)
        for pk, country, region in proposals_in_scope(round_).values_list("pk", "country", "region")
    }
    ranked = [pk for pk, _mu, _sigma_sq in ranking(item_beliefs(round_)) if pk in where]
    result, created = decisions_replace(
        round_=round_,
        actor=actor,
        ranking=[Candidate(pk, *where[pk]) for pk in ranked],
        ranks={pk: position for position, pk in enumerate(ranked, start=1)},
        count=count,
        waitlist=0,
    )
    audit_log(
        round_,
        "round.pairwise_shortlisted",
        actor=actor,
        count=count,
        selected=list(result.selected),
        unfilled=result.unfilled,
    )
    return created
