from collections import Counter

import pytest

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from judging.models import Assignment, AssignmentStatus, Conflict, ConflictKind, Score
from judging.services.assignment import (
    assignment_add,
    assignment_recuse,
    assignment_remove,
    assignments_release,
    round_assign,
)
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_user
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign, make_juror

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


def pairs(round_):
    return sorted(Assignment.objects.filter(round=round_).values_list("juror_id", "proposal_id", "status"))


def test_round_assign_gives_k_balanced_reviews_and_audits_the_counts(world):
    report = round_assign(round_=world["round"], actor=world["organizer"])

    assert report.created == 6
    assert report.problems == []
    per_proposal = Counter(p for _j, p, _s in pairs(world["round"]))
    per_juror = Counter(j for j, _p, _s in pairs(world["round"]))
    assert set(per_proposal.values()) == {2}
    assert set(per_juror.values()) == {2}
    [entry] = audit_entries(world["round"]).filter(action="round.assigned")
    assert entry.actor == world["organizer"]
    assert entry.data == {
        "created": 6,
        "removed": 0,
        "proposals": 3,
        "jurors": 3,
        "problems": 0,
        "calibration": [],
        "seed": 5,
    }


def test_round_assign_is_deterministic_and_keeps_existing_assignments(world):
    kept = assign(world, world["jurors"][0], world["proposals"][0])
    round_assign(round_=world["round"], actor=world["organizer"])
    first = pairs(world["round"])
    again = round_assign(round_=world["round"], actor=world["organizer"])

    assert again.created == 0
    assert pairs(world["round"]) == first
    assert Assignment.objects.filter(pk=kept.pk).exists()


def test_round_assign_never_gives_a_team_member_their_own_proposal(world):
    jana = world["jurors"][0]
    ProposalMember.objects.create(proposal=world["proposals"][0], user=jana.user, role="member")

    round_assign(round_=world["round"], actor=world["organizer"])

    assert not Assignment.objects.filter(juror=jana, proposal=world["proposals"][0]).exists()


def test_round_assign_reports_too_few_jurors_without_conflicts(world):
    for juror in world["jurors"][:2]:
        Conflict.objects.create(juror=juror, proposal=world["proposals"][1], kind=ConflictKind.DECLARED, reason="x")

    report = round_assign(round_=world["round"], actor=world["organizer"])

    assert report.problems == [
        "1 proposal has fewer than 2 jurors without a conflict of interest: JUR26-0002. "
        "Invite jurors without these conflicts, or lower the reviews per proposal."
    ]


def test_round_assign_removes_an_unscored_review_that_became_a_conflict(world):
    jana = world["jurors"][0]
    stale = assign(world, jana, world["proposals"][0])
    Conflict.objects.create(juror=jana, proposal=world["proposals"][0], kind=ConflictKind.DECLARED, reason="cousin")

    report = round_assign(round_=world["round"], actor=world["organizer"])

    assert not Assignment.objects.filter(pk=stale.pk).exists()
    assert report.removed == 1
    assert report.problems == [
        "Jana was assigned JUR26-0001, which is now a conflict of interest: the review was removed."
    ]


def test_round_assign_reports_full_jurors(world):
    for juror in world["jurors"]:
        juror.max_load = 1
        juror.save()

    report = round_assign(round_=world["round"], actor=world["organizer"])

    assert report.created == 3
    assert report.problems == [  # one line with the cause and the ways out, not one per proposal short of reviews
        "The jurors have room for 3 more reviews, but the proposals need 6 more (2 each). "
        "Invite 3 more jurors with a maximum load of 1, or lower the reviews per proposal to 1."
    ]


def test_assignment_add_audits_and_refuses_conflicts_duplicates_and_overload(world):
    jana, jorge = world["jurors"][:2]
    first, second, third = world["proposals"]
    added = assignment_add(round_=world["round"], juror=jana, proposal=first, actor=world["organizer"])
    assert added.status == AssignmentStatus.ASSIGNED
    [entry] = audit_entries(world["round"]).filter(action="round.assignment_added")
    assert entry.data == {"juror": jana.pk, "proposal": first.pk, "over_load": False}

    with pytest.raises(ApplicationError, match="already has this proposal"):
        assignment_add(round_=world["round"], juror=jana, proposal=first, actor=world["organizer"])
    ProposalMember.objects.create(proposal=second, user=jorge.user, role="member")
    with pytest.raises(ApplicationError, match="conflict of interest"):
        assignment_add(round_=world["round"], juror=jorge, proposal=second, actor=world["organizer"])
    jana.max_load = 1
    jana.save()
    with pytest.raises(ApplicationError, match="their maximum") as refused:
        assignment_add(round_=world["round"], juror=jana, proposal=third, actor=world["organizer"])
    assert refused.value.field == "over_load"
    assignment_add(round_=world["round"], juror=jana, proposal=third, actor=world["organizer"], over_load=True)
    assert Assignment.objects.filter(juror=jana).count() == 2


def conflict_rows(round_) -> list[tuple]:
    return list(
        Conflict.objects.filter(juror__round=round_)
        .order_by("pk")
        .values_list("pk", "juror_id", "proposal_id", "kind", "created_at")
    )


def test_assignment_add_tests_its_pair_against_the_data_without_rewriting_the_rounds_conflicts(world):
    round_ = world["round"]
    jana, jorge, julia = world["jurors"]
    first, second, third = world["proposals"]
    # Stored by an earlier refresh; julia has since left the team, so it no longer holds.
    Conflict.objects.create(juror=julia, proposal=third, kind=ConflictKind.TEAM)
    Conflict.objects.create(juror=jana, proposal=second, kind=ConflictKind.DECLARED, reason="My cousin")
    # Holds, though no refresh has stored it yet.
    ProposalMember.objects.create(proposal=first, user=jorge.user, role="member")
    before = conflict_rows(round_)

    assignment_add(round_=round_, juror=jana, proposal=first, actor=world["organizer"])
    assignment_add(round_=round_, juror=julia, proposal=third, actor=world["organizer"])
    for juror, proposal in ((jorge, first), (jana, second)):
        with pytest.raises(ApplicationError, match="conflict of interest"):
            assignment_add(round_=round_, juror=juror, proposal=proposal, actor=world["organizer"])

    assert pairs(round_) == sorted([(jana.pk, first.pk, "assigned"), (julia.pk, third.pk, "assigned")])
    assert conflict_rows(round_) == before
    assert not audit_entries(round_).filter(action="round.conflicts_refreshed").exists()


def test_assignment_add_refuses_inactive_jurors_and_proposals_out_of_scope(world):
    revoked = make_juror(world["round"], make_user("rev@example.org"), status="revoked")
    with pytest.raises(ApplicationError, match="not an active juror"):
        assignment_add(round_=world["round"], juror=revoked, proposal=world["proposals"][0], actor=world["organizer"])
    draft = world["proposals"][0]
    draft.status = "draft"
    draft.save()
    with pytest.raises(ApplicationError, match="not judged in this round"):
        assignment_add(round_=world["round"], juror=world["jurors"][0], proposal=draft, actor=world["organizer"])


def test_assignment_remove_only_without_scores(world):
    free = assign(world, world["jurors"][0], world["proposals"][0])
    scored = assign(world, world["jurors"][1], world["proposals"][0])
    Score.objects.create(assignment=scored, criterion=world["criteria"][0], value=3)

    assignment_remove(assignment=free, actor=world["organizer"])
    with pytest.raises(ApplicationError, match="already has scores"):
        assignment_remove(assignment=scored, actor=world["organizer"])

    assert list(Assignment.objects.values_list("pk", flat=True)) == [scored.pk]
    [entry] = audit_entries(world["round"]).filter(action="round.assignment_removed")
    assert entry.data["proposal"] == world["proposals"][0].pk


def test_assignments_release_frees_only_unscored_reviews(world):
    jana = world["jurors"][0]
    free = assign(world, jana, world["proposals"][0])
    scored = assign(world, jana, world["proposals"][1])
    Score.objects.create(assignment=scored, criterion=world["criteria"][0], value=3)
    done = assign(world, jana, world["proposals"][2], status="submitted")

    assert assignments_release(juror=jana, actor=world["organizer"]) == 1

    assert set(Assignment.objects.values_list("pk", flat=True)) == {scored.pk, done.pk}
    assert not Assignment.objects.filter(pk=free.pk).exists()
    [entry] = audit_entries(world["round"]).filter(action="round.assignments_released")
    assert entry.data == {"juror": jana.pk, "released": 1}


def test_recusal_declares_the_conflict_and_reassigns_to_keep_k(world):
    round_assign(round_=world["round"], actor=world["organizer"])
    assignment = Assignment.objects.filter(proposal=world["proposals"][0]).first()
    juror_user = assignment.juror.user

    report = assignment_recuse(assignment=assignment, juror_user=juror_user, reason="My cousin leads it.")

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RECUSED
    assert assignment.recusal_reason == "My cousin leads it."
    conflict = Conflict.objects.get(juror=assignment.juror, proposal=world["proposals"][0])
    assert (conflict.kind, conflict.reason) == (ConflictKind.DECLARED, "My cousin leads it.")
    assert report.created == 1
    assert report.problems == []
    active = Assignment.objects.filter(proposal=world["proposals"][0]).exclude(status=AssignmentStatus.RECUSED)
    assert active.count() == 2
    assert assignment.juror_id not in set(active.values_list("juror_id", flat=True))
    assert audit_entries(assignment).get(action="review.recused").data == {"reason": "My cousin leads it."}


def test_recusal_places_the_proposal_without_rewriting_the_other_conflicts(world):
    jana, jorge, julia = world["jurors"]
    first, second, _third = world["proposals"]
    assignment = assign(world, jana, first)
    assign(world, jorge, first)
    stale = Conflict.objects.create(juror=julia, proposal=second, kind=ConflictKind.TEAM)  # no longer holds

    report = assignment_recuse(assignment=assignment, juror_user=jana.user, reason="My cousin leads it.")

    assert report.created == 1
    assert sorted(Conflict.objects.values_list("pk", "juror_id", "proposal_id", "kind")) == sorted(
        [
            (stale.pk, julia.pk, second.pk, ConflictKind.TEAM),
            (Conflict.objects.get(juror=jana).pk, jana.pk, first.pk, ConflictKind.DECLARED),
        ]
    )
    assert not audit_entries(world["round"]).filter(action="round.conflicts_refreshed").exists()


def test_recusal_reports_when_nobody_can_take_the_proposal(world):
    jana, jorge, julia = world["jurors"]
    first = world["proposals"][0]
    assignment = assign(world, jana, first)
    assign(world, jorge, first)
    Conflict.objects.create(juror=julia, proposal=first, kind=ConflictKind.DECLARED, reason="x")

    report = assignment_recuse(assignment=assignment, juror_user=jana.user, reason="Conflict")

    assert report.created == 0
    assert report.problems == [
        "1 proposal has fewer than 2 jurors without a conflict of interest: JUR26-0001. "
        "Invite jurors without these conflicts, or lower the reviews per proposal."
    ]


def test_recusal_refusals(world):
    jana, jorge = world["jurors"][:2]
    assignment = assign(world, jana, world["proposals"][0])
    with pytest.raises(ApplicationError, match="not assigned to you"):
        assignment_recuse(assignment=assignment, juror_user=jorge.user, reason="x")
    with pytest.raises(ApplicationError, match="Say why") as refused:
        assignment_recuse(assignment=assignment, juror_user=jana.user, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(ApplicationError, match="closed"):
        assignment_recuse(assignment=assignment, juror_user=jana.user, reason="x", now=world["now"] + 2 * DAY)
    assignment_recuse(assignment=assignment, juror_user=jana.user, reason="x")
    with pytest.raises(ApplicationError, match="already recused"):
        assignment_recuse(assignment=assignment, juror_user=jana.user, reason="x")


def test_many_proposals_short_of_reviews_make_one_line_that_names_the_first_ten(world):
    proposals = world["proposals"]
    for number in range(4, 16):
        proposals.append(
            Proposal.objects.create(
                challenge=world["round"].challenge, title=f"P{number}", number=number, status="submitted"
            )
        )
    for proposal in proposals:
        for juror in world["jurors"][:2]:
            Conflict.objects.create(juror=juror, proposal=proposal, kind=ConflictKind.DECLARED, reason="x")

    report = round_assign(round_=world["round"], actor=world["organizer"])

    [line] = report.problems
    assert line.startswith("15 proposals have fewer than 2 jurors without a conflict of interest: JUR26-0001, ")
    assert "JUR26-0010 and 5 more." in line
