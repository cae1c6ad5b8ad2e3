"""A rule of a lower app widened by the apps above it, which it never imports (core/permissions.Contributions)."""

import rules

from innovation_platform.core.permissions import Contributions
from judging.rules import reviews_it_openly
from proposals.rules import other_readers


@rules.predicate
def is_named_ana(user, obj) -> bool:
    return user == "ana"


@rules.predicate
def is_the_secret(user, obj) -> bool:
    return obj == "secret"


def test_without_contributions_the_predicate_never_holds():
    assert Contributions("nobody").predicate.test("ana", "secret") is False


def test_the_predicate_holds_when_any_contribution_does():
    readers = Contributions("readers")
    readers.add(is_named_ana)
    readers.add(is_the_secret)
    readers.add(is_named_ana)  # a module imported twice contributes once

    assert [readers.predicate.test(user, obj) for user, obj in [("ana", "x"), ("bob", "secret"), ("bob", "x")]] == [
        True,
        True,
        False,
    ]
    assert readers._contributed == [is_named_ana, is_the_secret]


def test_judging_lets_jurors_read_the_proposals_assigned_to_them():
    assert other_readers._contributed == [reviews_it_openly]
