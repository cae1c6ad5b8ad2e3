"""Supporting proposals: once per person, within the limit, only while the timeline allows it."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Proposal, ProposalMember, Support
from proposals.selectors.supports import (
    support_counts,
    supported_by,
    supports_closed,
    supports_left,
    supports_mark,
    supports_ranking,
)
from proposals.services.supports import proposal_support, proposal_unsupport
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the language of the code."""
    with translation.override("en"):
        yield


def make_proposal(challenge, title, *, lead=None, status="submitted", **fields):
    number = Proposal.objects.filter(challenge=challenge).count() + 1
    proposal = Proposal.objects.create(challenge=challenge, title=title, status=status, number=number, **fields)
    if lead is not None:
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab,
        code="AGUA26",
        visibility="published",
        supports_enabled=True,
        phases={"proposals": (NOW - DAY, NOW + DAY), "evaluation": (NOW + DAY, NOW + 3 * DAY)},
    )


@pytest.fixture
def lead(db):
    return make_user("lead@example.org", full_name="Lead Person")


@pytest.fixture
def proposal(challenge, lead):
    return make_proposal(challenge, "Biohuertos", lead=lead)


class TestSupport:
    def test_support_is_stored_and_audited(self, proposal, citizen):
        support = proposal_support(proposal=proposal, user=citizen)

        assert (support.proposal, support.challenge, support.user) == (proposal, proposal.challenge, citizen)
        assert list(AuditLogEntry.objects.values_list("action", "actor")) == [("support.added", citizen.pk)]

    def test_twice_is_refused_clearly(self, proposal, citizen):
        proposal_support(proposal=proposal, user=citizen)

        with pytest.raises(ApplicationError, match="You already support this proposal"):
            proposal_support(proposal=proposal, user=citizen)
        assert Support.objects.count() == 1

    def test_limit_per_person(self, challenge, citizen):
        challenge.supports_per_person = 2
        challenge.save()
        first, second, third = (make_proposal(challenge, f"P{i}") for i in range(3))
        proposal_support(proposal=first, user=citizen)
        proposal_support(proposal=second, user=citizen)

        with pytest.raises(ApplicationError, match="already used your 2 supports"):
            proposal_support(proposal=third, user=citizen)
        assert supports_left(challenge, citizen) == 0

        proposal_unsupport(proposal=first, user=citizen)
        proposal_support(proposal=third, user=citizen)
        assert set(Support.objects.values_list("proposal", flat=True)) == {second.pk, third.pk}

    def test_no_limit_with_zero(self, challenge, citizen):
        for i in range(4):
            proposal_support(proposal=make_proposal(challenge, f"P{i}"), user=citizen)

        assert Support.objects.filter(user=citizen).count() == 4
        assert supports_left(challenge, citizen) is None

    def test_refused_when_the_challenge_does_not_collect_supports(self, proposal, citizen):
        proposal.challenge.supports_enabled = False
        proposal.challenge.save()

        with pytest.raises(ApplicationError, match="does not collect supports"):
            proposal_support(proposal=proposal, user=citizen)

    @pytest.mark.parametrize(
        "when", [NOW - 2 * DAY, NOW + DAY + timedelta(seconds=1)], ids=["before the call", "in evaluation"]
    )
    def test_refused_outside_a_phase_that_allows_it(self, proposal, citizen, when):
        with pytest.raises(ApplicationError, match="support a proposal"):
            proposal_support(proposal=proposal, user=citizen, now=when)
        assert Support.objects.count() == 0

    def test_own_team_is_refused(self, proposal, lead):
        with pytest.raises(ApplicationError, match="your own team"):
            proposal_support(proposal=proposal, user=lead)

    def test_unverified_is_refused(self, proposal):
        person = make_user("u@example.org", verified=False)

        with pytest.raises(ApplicationError, match="Verify your e-mail"):
            proposal_support(proposal=proposal, user=person)

    @pytest.mark.parametrize("change", [{"status": "draft"}, {"status": "withdrawn"}, {"hidden_at": NOW}])
    def test_not_public_proposal_is_refused(self, proposal, citizen, change):
        Proposal.objects.filter(pk=proposal.pk).update(**change)
        proposal.refresh_from_db()

        with pytest.raises(ApplicationError, match="cannot be supported"):
            proposal_support(proposal=proposal, user=citizen)


class TestUnsupport:
    def test_withdraws_and_audits(self, proposal, citizen):
        proposal_support(proposal=proposal, user=citizen)

        proposal_unsupport(proposal=proposal, user=citizen)

        assert Support.objects.count() == 0
        assert AuditLogEntry.objects.filter(action="support.withdrawn", actor=citizen).count() == 1

    def test_without_support_is_refused(self, proposal, citizen):
        with pytest.raises(ApplicationError, match="You do not support this proposal"):
            proposal_unsupport(proposal=proposal, user=citizen)

    def test_refused_once_supporting_closed(self, proposal, citizen):
        proposal_support(proposal=proposal, user=citizen)

        with pytest.raises(ApplicationError, match="no longer possible"):
            proposal_unsupport(proposal=proposal, user=citizen, now=NOW + 2 * DAY)
        assert Support.objects.count() == 1


class TestSupportsClosed:
    def test_around_the_boundary_of_the_last_phase_that_allows_it(self, lab):
        end = NOW + DAY
        challenge = make_challenge(
            lab,
            "reto-fin",
            phases={
                "proposals": (NOW - 3 * DAY, NOW - DAY),
                "evaluation": (NOW - DAY, NOW),
                "collaborator_call": (NOW, end),
                "results": (end + DAY, end + 2 * DAY),
            },
        )
        second = timedelta(seconds=1)

        assert supports_closed(challenge, now=NOW - 2 * DAY) is False  # call for proposals running
        assert supports_closed(challenge, now=NOW - DAY / 2) is False  # evaluation: the collaborator call is ahead
        assert supports_closed(challenge, now=end - second) is False
        assert supports_closed(challenge, now=end) is True
        assert supports_closed(challenge, now=end + 3 * DAY) is True

    def test_closed_without_any_phase_that_allows_it(self, lab):
        challenge = make_challenge(lab, "reto-sin", phases={"evaluation": (NOW - DAY, NOW + DAY)})

        assert supports_closed(challenge, now=NOW) is True


class TestSelectors:
    def test_ranking_counts_in_sql_ties_by_reference(self, challenge, django_assert_num_queries):
        first, second, third = (make_proposal(challenge, f"P{i}") for i in range(3))
        make_proposal(challenge, "Hidden", hidden_at=NOW)
        make_proposal(challenge, "Draft", status="draft")
        people = [make_user(f"p{i}@example.org") for i in range(3)]
        for person in people:
            Support.objects.create(proposal=third, challenge=challenge, user=person)
        for person in people[:1]:
            Support.objects.create(proposal=first, challenge=challenge, user=person)
            Support.objects.create(proposal=second, challenge=challenge, user=person)

        with django_assert_num_queries(1):
            rows = [(p.title, p.support_count, p.rank, p.reference) for p in supports_ranking(challenge)]

        assert rows == [("P2", 3, 1, "AGUA26-0003"), ("P0", 1, 2, "AGUA26-0001"), ("P1", 1, 2, "AGUA26-0002")]

    @pytest.mark.parametrize("size", [1, 3])
    def test_marks_a_page_in_two_queries(self, challenge, citizen, size, django_assert_num_queries):
        proposals = [make_proposal(challenge, f"P{i}") for i in range(size)]
        Support.objects.create(proposal=proposals[0], challenge=challenge, user=citizen)

        with django_assert_num_queries(2):
            supports_mark(proposals, user=citizen, show_counts=True)

        assert [(p.support_count, p.supported_by_me) for p in proposals] == [(1, True)] + [(0, False)] * (size - 1)

    def test_counts_hidden_mark_none(self, proposal, citizen):
        supports_mark([proposal], user=citizen, show_counts=False)

        assert proposal.support_count is None

    def test_anonymous_costs_no_query(self, proposal, django_assert_num_queries):
        from django.contrib.auth.models import AnonymousUser

        with django_assert_num_queries(0):
            assert supported_by(AnonymousUser(), [proposal.pk]) == set()

    def test_support_counts(self, proposal, citizen):
        Support.objects.create(proposal=proposal, challenge=proposal.challenge, user=citizen)

        assert support_counts([proposal.pk]) == {proposal.pk: 1}
