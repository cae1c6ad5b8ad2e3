"""The matrix of roles against every judging rule, asked of the central rules (as views and the API do)."""

import copy

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innovation_platform.core.permissions import can
from judging.models import Assignment, Conflict, Round
from proposals.models import ProposalMember
from tests.conftest import make_challenge, make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_juror, add_proposal

world = rounds_world.world

ROLES = [
    "juror",
    "other_round_juror",
    "conflicted_juror",
    "revoked_juror",
    "organizer",
    "other_lab_organizer",
    "team_member",
    "citizen",
    "unverified",
    "anonymous",
    "staff",
]
ORGANIZERS = {"organizer", "staff"}
SEATED = {"juror", "conflicted_juror"}  # active seats in the round (a conflict excludes proposals, not the round)
VERIFIED = set(ROLES) - {"anonymous", "unverified"}

# action, object, then the roles allowed.
MATRIX = [
    ("judging.add_round", "challenge", ORGANIZERS),
    ("judging.manage_round", "round", ORGANIZERS),
    ("judging.unlock_criteria", "round", {"staff"}),
    ("judging.view_progress", "round", ORGANIZERS),
    ("judging.export_round", "round", ORGANIZERS),
    ("judging.view_results", "round", ORGANIZERS),
    ("judging.view_results", "round_sharing_scores", ORGANIZERS | SEATED),
    ("judging.view_results", "round_published", set(ROLES)),
    ("judging.answer_jury_invitation", None, VERIFIED),
    ("judging.vote_pairwise", "round", SEATED),
    ("judging.view_assignment", "assignment", {"juror"} | ORGANIZERS),
    ("judging.view_assignment", "revoked_jurors_assignment", ORGANIZERS),
    ("judging.score", "assignment", {"juror"}),
    ("judging.score", "recused_assignment", set()),
    ("judging.score", "revoked_jurors_assignment", set()),
    ("judging.recuse", "assignment", {"juror"}),
    ("judging.recuse", "recused_assignment", set()),
    ("judging.view_others_scores", "assignment", ORGANIZERS),
    ("judging.view_others_scores", "submitted_assignment", ORGANIZERS),
    ("judging.view_others_scores", "submitted_assignment_sharing_scores", {"juror"} | ORGANIZERS),
    ("judging.view_others_scores", "assignment_sharing_scores", ORGANIZERS),
]


@pytest.fixture
def people(world):
    round_ = world["round"]
    lead = make_user("lead@example.org")
    proposals = [add_proposal(world["challenge"], lead, number=n) for n in (1, 2, 3)]
    team_member = make_user("member@example.org")
    ProposalMember.objects.create(proposal=proposals[0], user=team_member)
    other_round = Round.objects.create(
        challenge=make_challenge(world["other_lab"], "otro-reto"),
        name="Other",
        starts_at=world["now"],
        ends_at=world["now"] + DAY,
    )
    juror, other_juror, conflicted, revoked = (
        make_user(f"{name}@example.org") for name in ("juror", "other-juror", "conflicted", "revoked")
    )
    seat = add_juror(round_, juror)
    add_juror(other_round, other_juror)
    conflicted_seat = add_juror(round_, conflicted)
    Conflict.objects.create(juror=conflicted_seat, proposal=proposals[0], kind="declared", reason="My cousin")
    revoked_seat = add_juror(round_, revoked)
    revoked_seat.status = "revoked"
    revoked_seat.save()
    assignments = {
        "assignment": Assignment.objects.create(round=round_, juror=seat, proposal=proposals[0]),
        "recused_assignment": Assignment.objects.create(
            round=round_, juror=seat, proposal=proposals[1], status="recused"
        ),
        "submitted_assignment": Assignment.objects.create(
            round=round_, juror=seat, proposal=proposals[2], status="submitted"
        ),
        "revoked_jurors_assignment": Assignment.objects.create(round=round_, juror=revoked_seat, proposal=proposals[0]),
    }
    users = {
        "juror": juror,
        "other_round_juror": other_juror,
        "conflicted_juror": conflicted,
        "revoked_juror": revoked,
        "organizer": world["organizer"],
        "other_lab_organizer": world["outsider"],
        "team_member": team_member,
        "citizen": make_user("citizen@example.org"),
        "unverified": make_user("unverified@example.org", verified=False),
        "anonymous": AnonymousUser(),
        "staff": make_user("staff@example.org", is_staff=True),
    }
    return {"users": users, "assignments": assignments}


def sharing(round_: Round) -> Round:
    shared = copy.copy(round_)
    shared.jurors_see_scores = True
    return shared


def target(world, people, name: str | None):
    """A fresh object for each question, so no rule's per-object cache carries over."""
    if name is None:
        return None
    if name == "challenge":
        return type(world["challenge"]).objects.get(pk=world["challenge"].pk)
    round_ = Round.objects.select_related("challenge").get(pk=world["round"].pk)
    if name == "round":
        return round_
    if name == "round_sharing_scores":
        return sharing(round_)
    if name == "round_published":
        round_.results_published_at = timezone.now()
        return round_
    base = name.removesuffix("_sharing_scores")
    assignment = Assignment.objects.select_related("juror", "round__challenge").get(pk=people["assignments"][base].pk)
    if name.endswith("_sharing_scores"):
        assignment.round = sharing(assignment.round)
    return assignment


@pytest.mark.parametrize(("action", "obj", "allowed"), MATRIX, ids=[f"{a}:{o}" for a, o, _ in MATRIX])
def test_matrix(world, people, action, obj, allowed):
    granted = {role for role in ROLES if can(people["users"][role], action, target(world, people, obj))}

    assert granted == allowed


def test_every_judging_rule_is_in_the_matrix():
    judging_rules = {name for name in rules.permissions.permissions if name.startswith("judging.")}

    assert judging_rules == {action for action, _obj, _allowed in MATRIX}
