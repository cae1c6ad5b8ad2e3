"""Each group of a call holds exactly its people: active accounts, each once, none from another call."""

import pytest
from django.http import QueryDict

from challenges.models import Challenge
from innovation_platform.core.errors import ApplicationError
from innovation_platform.messaging.segments import segment_get, segment_params, segment_people, segments_for
from proposals.models import Proposal
from tests.messaging.conftest import PEOPLE


def names(users) -> list[str]:
    return sorted(user.email.removesuffix("@example.org") for user in users)


@pytest.mark.parametrize(("key", "expected"), sorted(PEOPLE.items()))
def test_a_segment_holds_its_people(world, key, expected):
    challenge = world["challenge"]

    assert names(segment_people(challenge, segment_get(challenge, key, {}), {})) == sorted(expected)


def test_the_call_offers_every_group_and_the_ticked_teams_only_when_proposals_are_given(world):
    challenge = world["challenge"]

    assert [segment.key for segment in segments_for(challenge, {})] == [
        "followers",
        "mentors",
        "submitted",
        "drafts",
        "eligible",
        "ineligible",
        "shortlisted",
        "selected",
        "waitlisted",
        "not_selected",
        "applicants",
        "jurors_pending",
    ]
    assert [segment.key for segment in segments_for(challenge, {"proposal": [1]})][-2:] == ["teams", "jurors_pending"]


def test_the_ticked_teams_are_those_of_this_call_only(world):
    challenge = world["challenge"]
    ours = Proposal.objects.filter(challenge=challenge, number__in=[1, 5]).values_list("pk", flat=True)
    theirs = Proposal.objects.get(challenge=world["other"]).pk
    query = QueryDict(mutable=True)
    query.setlist("proposal", [*map(str, ours), str(theirs), "x", "99999999999999999999999"])
    query["other"] = "1"

    params = segment_params(Challenge, query)

    assert params == {"proposal": sorted([*ours, theirs])}
    assert names(segment_people(challenge, segment_get(challenge, "teams", params), params)) == [
        "lead-eligible",
        "lead-selected",
        "member-eligible",
    ]


def test_a_group_that_is_not_offered_is_refused(world):
    with pytest.raises(ApplicationError) as refused:
        segment_get(world["challenge"], "teams", {})  # no proposals given

    assert refused.value.field == "segment"
