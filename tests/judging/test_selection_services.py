"""Proposing, changing and confirming a round's selection."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live.models import Notification
from judging.models import Assignment, SelectionDecision
from judging.services import selection
from judging.services.selection import selection_confirm, selection_decide, selection_propose
from proposals.models import Proposal
from tests.judging import results_world
from tests.judging.results_world import add_outside_capital_quota

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world


def decisions(round_):
    return [
        (d.proposal.title, d.decision, d.rank, d.waitlist_position, d.confirmed_at is not None)
        for d in SelectionDecision.objects.filter(round=round_).select_related("proposal").order_by("rank")
    ]


def test_propose_takes_the_plain_top_without_quotas(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    assert decisions(world["round"]) == [
        ("Proposal 1", "selected", 1, None, False),
        ("Proposal 2", "selected", 2, None, False),
        ("Proposal 3", "waitlisted", 3, 1, False),
        ("Proposal 4", "not_selected", 4, None, False),
    ]
    entry = AuditLogEntry.objects.get(action="round.selection_proposed")
    assert (entry.actor, entry.data["count"], entry.data["waitlist"]) == (world["organizer"], 2, 1)
    assert (entry.data["displaced"], entry.data["admitted"], entry.data["quotas"]) == ([], [], [])


def test_a_quota_changes_the_selection_and_says_which_proposals_moved(world):
    add_outside_capital_quota(world)
    _p1, p2, p3, _p4 = world["proposals"]
    selection_propose(round_=world["round"], actor=world["organizer"])
    assert decisions(world["round"]) == [
        ("Proposal 1", "selected", 1, None, False),
        ("Proposal 2", "waitlisted", 2, 1, False),
        ("Proposal 3", "selected", 3, None, False),
        ("Proposal 4", "not_selected", 4, None, False),
    ]
    data = AuditLogEntry.objects.get(action="round.selection_proposed").data
    assert data["displaced"] == [{"proposal_id": p2.pk, "quotas": ["min_outside_capital"]}]
    assert data["admitted"] == [{"proposal_id": p3.pk, "quotas": ["min_outside_capital"]}]
    assert data["quotas"] == [
        {
            "kind": "min_outside_capital",
            "count": 1,
            "region": "",
            "target": 1,
            "plain": 0,
            "selected": 1,
            "shortfall": None,
        }
    ]


def test_propose_again_replaces_pending_decisions(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    selection_propose(round_=world["round"], actor=world["organizer"], count=1, waitlist=0)
    assert [row[1] for row in decisions(world["round"])] == ["selected", "not_selected", "not_selected", "not_selected"]


@pytest.mark.parametrize("left", ["withdrawn", "dropped_out"])
def test_proposals_that_left_the_call_are_left_out(world, left):
    Proposal.objects.filter(pk=world["proposals"][0].pk).update(status=left)
    selection_propose(round_=world["round"], actor=world["organizer"])
    assert [row[:2] for row in decisions(world["round"])] == [
        ("Proposal 2", "selected"),
        ("Proposal 3", "selected"),
        ("Proposal 4", "waitlisted"),
    ]


def test_propose_refuses_a_round_without_reviews(world):
    Assignment.objects.update(status="assigned")
    with pytest.raises(ApplicationError, match="nothing to rank"):
        selection_propose(round_=world["round"], actor=world["organizer"])


def test_propose_refuses_an_empty_selection(world):
    with pytest.raises(ApplicationError, match="at least one"):
        selection_propose(round_=world["round"], actor=world["organizer"], count=0)


def test_change_by_hand_is_audited_and_renumbers_the_waitlist(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    second = SelectionDecision.objects.get(proposal=world["proposals"][1])
    changed = selection_decide(
        decision=second, actor=world["organizer"], choice="waitlisted", reason="Budget", feedback="Close call"
    )
    assert (changed.decision, changed.waitlist_position, changed.feedback) == ("waitlisted", 2, "Close call")
    fourth = SelectionDecision.objects.get(proposal=world["proposals"][3])
    selection_decide(
        decision=fourth, actor=world["organizer"], choice="waitlisted", reason="Региональный", waitlist_position=1
    )
    assert [row[3] for row in decisions(world["round"])] == [None, 3, 2, 1]
    selection_decide(decision=fourth, actor=world["organizer"], choice="not_selected", reason="Oops")
    assert [row[3] for row in decisions(world["round"])] == [None, 2, 1, None]
    entries = AuditLogEntry.objects.filter(action="round.selection_changed").order_by("pk")
    assert [(e.data["proposal_id"], e.data["old"], e.data["new"], e.data["reason"]) for e in entries] == [
        (second.proposal_id, "selected", "waitlisted", "Budget"),
        (fourth.proposal_id, "not_selected", "waitlisted", "Региональный"),
        (fourth.proposal_id, "waitlisted", "not_selected", "Oops"),
    ]


def test_change_needs_a_reason(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    decision = SelectionDecision.objects.get(proposal=world["proposals"][1])
    with pytest.raises(ApplicationError, match="Say why") as error:
        selection_decide(decision=decision, actor=world["organizer"], choice="not_selected", reason="  ")
    assert error.value.field == "reason"
    assert SelectionDecision.objects.get(pk=decision.pk).decision == "selected"


def test_confirm_refuses_while_reviews_are_missing(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    with pytest.raises(ApplicationError, match="1 reviews are missing") as error:
        selection_confirm(round_=world["round"], actor=world["organizer"])
    assert error.value.field == "despite_missing"
    assert Proposal.objects.filter(status="submitted").count() == 4


def test_confirm_applies_statuses_positions_and_emails_every_team(world, django_capture_on_commit_callbacks):
    selection_propose(round_=world["round"], actor=world["organizer"])
    decision = SelectionDecision.objects.get(proposal=world["proposals"][3])
    selection_decide(
        decision=decision, actor=world["organizer"], choice="not_selected", reason="-", feedback="Try again"
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    assert count == 4
    assert list(Proposal.objects.order_by("number").values_list("status", "waitlist_position")) == [
        ("selected", None),
        ("selected", None),
        ("waitlisted", 1),
        ("not_selected", None),
    ]
    assert all(row[4] for row in decisions(world["round"]))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["lead1@example.org", "lead2@example.org", "lead3@example.org", "lead4@example.org"]
    # E-mails go in the platform's default language.
    assert by_address["lead1@example.org"].subject == "Tu propuesta fue seleccionada: Proposal 1"
    assert "en el puesto 1" in by_address["lead3@example.org"].body
    assert "no fue seleccionada" in by_address["lead4@example.org"].body
    assert "Try again" in by_address["lead4@example.org"].body
    confirmed = AuditLogEntry.objects.get(action="round.selection_confirmed")
    assert confirmed.data == {"missing_reviews": 1, "selected": 2, "waitlisted": 1, "not_selected": 1}
    assert AuditLogEntry.objects.filter(action="proposal.selection_decided").count() == 4


def test_each_member_is_notified_in_their_own_language(world, monkeypatch):
    """Not in the language of the organizer who confirms: the title is translated per member."""
    # A title the catalogue already translates, so that the two languages differ whatever the catalogue's state.
    monkeypatch.setitem(selection.SELECTION_TITLES, "selected", gettext_lazy("Your proposal is selected: %(title)s"))
    world["leads"][1].language = "en"
    world["leads"][1].save(update_fields=["language"])
    selection_propose(round_=world["round"], actor=world["organizer"])

    with translation.override("en"):
        selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)

    titles = dict(Notification.objects.filter(title__contains="Proposal 1").values_list("user__email", "title"))
    titles |= dict(Notification.objects.filter(title__contains="Proposal 2").values_list("user__email", "title"))
    assert titles == {
        "lead1@example.org": "Tu propuesta fue seleccionada: Proposal 1",
        "lead2@example.org": "Your proposal is selected: Proposal 2",
    }


def test_confirm_refuses_twice_and_then_any_change(world):
    selection_propose(round_=world["round"], actor=world["organizer"])
    selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    with pytest.raises(ApplicationError, match="already confirmed"):
        selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    with pytest.raises(ApplicationError, match="already confirmed"):
        selection_propose(round_=world["round"], actor=world["organizer"])
    decision = SelectionDecision.objects.get(proposal=world["proposals"][0])
    with pytest.raises(ApplicationError, match="no longer change"):
        selection_decide(decision=decision, actor=world["organizer"], choice="not_selected", reason="late")


def test_confirm_refuses_without_decisions(world):
    with pytest.raises(ApplicationError, match="no decisions"):
        selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    assert not AuditLogEntry.objects.filter(action="round.selection_confirmed").exists()


def test_propose_refuses_a_pairwise_round(world):
    world["round"].method = "pairwise"
    world["round"].save()
    with pytest.raises(ApplicationError, match="expo board"):
        selection_propose(round_=world["round"], actor=world["organizer"])
    assert not SelectionDecision.objects.exists()


@pytest.mark.parametrize("left", ["withdrawn", "dropped_out"])
def test_confirm_refuses_when_a_proposal_left_the_call_since(world, left):
    selection_propose(round_=world["round"], actor=world["organizer"])
    Proposal.objects.filter(pk=world["proposals"][1].pk).update(status=left)
    with pytest.raises(ApplicationError, match="“Proposal 2” was withdrawn"):
        selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)
    assert not SelectionDecision.objects.filter(confirmed_at__isnull=False).exists()
    assert Proposal.objects.get(pk=world["proposals"][1].pk).status == left
