"""Automatic conflicts of interest and the proposals a round judges."""

import pytest
from django.utils import timezone

from innovation_platform.core.audit import audit_entries
from innovation_platform.labs.models import LabMembership
from judging.models import Conflict, Round, SelectionDecision
from judging.selectors.conflicts import conflicted_pairs
from judging.selectors.rounds import proposals_in_scope
from judging.services.conflicts import conflicts_refresh
from proposals.models import ProposalMember, RoleApplication, RoleSlot
from tests.conftest import make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_juror, add_proposal

english = rounds_world.english
world = rounds_world.world


def stored(round_) -> set[tuple[str, str, str]]:
    return {
        (conflict.juror.email, conflict.proposal.title, conflict.kind)
        for conflict in Conflict.objects.filter(juror__round=round_).select_related("juror", "proposal")
    }


@pytest.fixture
def jury(world):
    """Two jurors: Juana (in Lab Puno) and Jaime; three proposals led by people outside the jury."""
    round_ = world["round"]
    juana, jaime = make_user("juana@example.org"), make_user("jaime@example.org")
    LabMembership.objects.create(lab=world["other_lab"], user=juana)
    proposals = [add_proposal(world["challenge"], make_user(f"lead{n}@example.org"), number=n) for n in (1, 2, 3)]
    return {"juana": add_juror(round_, juana), "jaime": add_juror(round_, jaime), "proposals": proposals}


def test_no_jury_no_conflicts(world):
    assert conflicts_refresh(world["round"]) == set()


def test_team_members_applicants_and_same_lab_teams_are_conflicts(world, jury):
    round_ = world["round"]
    first, second, third = jury["proposals"]
    ProposalMember.objects.create(proposal=first, user=jury["jaime"].user, role="collaborator")
    slot = RoleSlot.objects.create(proposal=second, title="Designer")
    RoleApplication.objects.create(slot=slot, applicant=jury["jaime"].user, motivation="I design", status="declined")
    LabMembership.objects.create(lab=world["other_lab"], user=third.members.get().user)

    pairs = conflicts_refresh(round_, actor=world["organizer"])

    assert pairs == {(jury["jaime"].pk, first.pk), (jury["jaime"].pk, second.pk), (jury["juana"].pk, third.pk)}
    assert stored(round_) == {
        ("jaime@example.org", "Proposal 1", "team"),
        ("jaime@example.org", "Proposal 2", "team"),
        ("juana@example.org", "Proposal 3", "same_lab"),
    }
    assert audit_entries(round_).get().data == {"added": 3, "removed": 0}


def test_conflicted_pairs_reads_the_same_rules_without_writing_and_narrows_to_what_is_asked(world, jury):
    round_ = world["round"]
    first, second, third = jury["proposals"]
    ProposalMember.objects.create(proposal=first, user=jury["jaime"].user, role="collaborator")
    LabMembership.objects.create(lab=world["other_lab"], user=third.members.get().user)
    Conflict.objects.create(juror=jury["jaime"], proposal=second, kind="declared", reason="My cousin")
    jaime, juana = jury["jaime"].pk, jury["juana"].pk

    everything = conflicted_pairs(round_)

    assert everything == {(jaime, first.pk), (jaime, second.pk), (juana, third.pk)}
    assert stored(round_) == {("jaime@example.org", "Proposal 2", "declared")}  # nothing written
    assert conflicted_pairs(round_, proposal_ids=[second.pk, third.pk]) == {(jaime, second.pk), (juana, third.pk)}
    assert conflicted_pairs(round_, juror_ids=[jaime]) == {(jaime, first.pk), (jaime, second.pk)}
    assert conflicted_pairs(round_, proposal_ids=[third.pk], juror_ids=[jaime]) == set()
    assert conflicts_refresh(round_) == everything


def test_refreshing_twice_changes_nothing(world, jury):
    ProposalMember.objects.create(proposal=jury["proposals"][0], user=jury["jaime"].user)
    first = conflicts_refresh(world["round"])

    assert conflicts_refresh(world["round"]) == first
    assert Conflict.objects.count() == 1
    assert audit_entries(world["round"]).count() == 1


def test_the_same_lab_counts_only_when_the_round_says_so(world, jury):
    round_ = world["round"]
    LabMembership.objects.create(lab=world["other_lab"], user=jury["proposals"][0].members.get().user)
    assert len(conflicts_refresh(round_)) == 1
    round_.same_lab_is_conflict = False
    round_.save()

    assert conflicts_refresh(round_) == set()
    assert stored(round_) == set()


def test_declared_conflicts_are_kept_and_returned(world, jury):
    proposal = jury["proposals"][1]
    Conflict.objects.create(juror=jury["juana"], proposal=proposal, kind="declared", reason="My cousin")
    ProposalMember.objects.create(proposal=proposal, user=jury["juana"].user)

    assert conflicts_refresh(world["round"]) == {(jury["juana"].pk, proposal.pk)}
    assert stored(world["round"]) == {("juana@example.org", "Proposal 2", "declared")}


def test_a_juror_who_left_the_team_is_no_longer_conflicted(world, jury):
    membership = ProposalMember.objects.create(proposal=jury["proposals"][0], user=jury["jaime"].user)
    conflicts_refresh(world["round"])
    membership.delete()

    assert conflicts_refresh(world["round"]) == set()
    assert Conflict.objects.count() == 0


def test_invited_and_revoked_jurors_get_no_conflicts(world, jury):
    pending = add_juror(world["round"], make_user("pending@example.org"), status="invited")
    ProposalMember.objects.create(proposal=jury["proposals"][0], user=make_user("x@example.org"))
    jury["jaime"].status = "revoked"
    jury["jaime"].save()
    ProposalMember.objects.create(proposal=jury["proposals"][1], user=jury["jaime"].user)

    assert conflicts_refresh(world["round"]) == set()
    assert not Conflict.objects.filter(juror=pending).exists()


@pytest.mark.parametrize("size", [1, 3])
def test_the_refresh_query_count_does_not_grow(world, size, django_assert_max_num_queries):
    round_ = world["round"]
    for n in range(size):
        juror = add_juror(round_, make_user(f"juror{n}@example.org"))
        LabMembership.objects.create(lab=world["other_lab"], user=juror.user)
        proposal = add_proposal(world["challenge"], make_user(f"lead{n}@example.org"), number=n + 1)
        ProposalMember.objects.create(proposal=proposal, user=juror.user)
        LabMembership.objects.create(lab=world["other_lab"], user=proposal.members.get(role="lead").user)
        slot = RoleSlot.objects.create(proposal=proposal, title="Role")
        RoleApplication.objects.create(slot=slot, applicant=juror.user, motivation="Me")

    with django_assert_max_num_queries(10):
        pairs = conflicts_refresh(round_)

    assert len(pairs) == size * size  # everyone shares Lab Puno with every team


def test_the_scope_is_every_visible_proposal_in_the_call(world):
    lead = make_user("lead@example.org")
    kept = [add_proposal(world["challenge"], lead, number=n, status=s) for n, s in ((1, "submitted"), (2, "selected"))]
    add_proposal(world["challenge"], lead, number=3, status="draft")
    add_proposal(world["challenge"], lead, number=4, status="withdrawn")
    add_proposal(world["challenge"], lead, number=5, hidden_at=timezone.now())
    add_proposal(world["challenge"], lead, number=6, status="dropped_out")

    assert list(proposals_in_scope(world["round"])) == kept


def test_a_shortlist_round_judges_what_the_previous_round_kept(world):
    lead = make_user("lead@example.org")
    proposals = [add_proposal(world["challenge"], lead, number=n) for n in range(1, 7)]
    previous = world["round"]
    for proposal, decision, confirmed in [
        (proposals[0], "selected", True),
        (proposals[1], "waitlisted", True),
        (proposals[2], "not_selected", True),
        (proposals[3], "selected", False),
    ]:
        SelectionDecision.objects.create(
            round=previous, proposal=proposal, decision=decision, confirmed_at=timezone.now() if confirmed else None
        )
    proposals[4].status = "shortlisted"
    proposals[4].save()
    proposals[5].status = "dropped_out"  # selected, then left the call before the final
    proposals[5].save()
    SelectionDecision.objects.create(
        round=previous, proposal=proposals[5], decision="selected", confirmed_at=timezone.now()
    )
    final = Round.objects.create(
        challenge=world["challenge"],
        name="Final",
        scope="shortlist",
        previous=previous,
        position=1,
        starts_at=world["now"] + 21 * DAY,
        ends_at=world["now"] + 29 * DAY,
    )

    assert list(proposals_in_scope(final)) == [proposals[0], proposals[1], proposals[4]]
