"""The demo juries: the finished hackathon's complete preselection round (5 jurors, 5 criteria, k=3, one recusal,
8 selected and a waitlist of 4, results published) and the LABIC call's round still to come; loading again adds
nothing."""

import random
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from challenges.demo import EVALUATION_SLUG, LABIC_SLUG, seed_challenges
from challenges.models import Challenge, PhaseKind
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.labs.demo import seed_labs
from innovation_platform.messaging.models import Message
from judging.demo import FEEDBACK, HACKATHON_JURORS, RECUSAL, RECUSING_JUROR, ROUND_NAME, seed_judging
from judging.demo_messages import seed_demo_messages
from judging.models import Assignment, Conflict, Criterion, Juror, Round, Score, SelectionDecision
from judging.selectors.feedback import proposal_team_feedback, round_team_feedback
from judging.selectors.results import round_results
from judging.selectors.scoring import juror_seats
from judging.services.selection import PROPOSAL_STATUS
from proposals.demo import seed_proposals
from proposals.demo.collaborators import seed_finished_collaborators
from proposals.demo.dropout import DROPOUT_REASON, seed_finished_dropout
from proposals.demo.hackathon import FINISHED_SLUG, WINNER
from proposals.models import Proposal, ProposalMember, RoleSlot

pytestmark = pytest.mark.django_db

MODELS = [Round, Criterion, Juror, Conflict, Assignment, Score, SelectionDecision, AuditLogEntry]


@pytest.fixture
def accounts(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    seed_proposals(accounts)
    return accounts


@pytest.fixture
def seeded(accounts):
    assert seed_judging(accounts) == 3  # the hackathon's, LABIC's and the call judged now (two rounds)
    return accounts


@pytest.fixture
def hackathon_round(seeded):
    return Round.objects.select_related("challenge").get(challenge__slug=FINISHED_SLUG)


@pytest.fixture
def labic_round(seeded):
    return Round.objects.select_related("challenge").get(challenge__slug=LABIC_SLUG)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_adds_nothing(seeded):
    first = counts()

    assert seed_judging(seeded) == 0
    assert counts() == first
    assert first["Round"] == 4 and first["Score"] == 42 * 3 * 5 + (3 + 6 + 6) * 5


def test_seeding_sends_nothing_after_the_commit(accounts, django_capture_on_commit_callbacks, mailoutbox):
    """The invitations and decisions belong to a past that never happened: no e-mail, no live event."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed_judging(accounts)

    assert callbacks == []
    assert mailoutbox == []


def test_the_hackathon_round_has_five_jurors_and_five_weighted_criteria(hackathon_round, seeded):
    criteria = list(hackathon_round.criteria.all())
    jurors = list(hackathon_round.jurors.select_related("user"))
    phase = hackathon_round.challenge.phases.get(kind=PhaseKind.EVALUATION)

    assert hackathon_round.name == ROUND_NAME and hackathon_round.reviews_per_proposal == 3
    assert phase.starts_at < hackathon_round.starts_at < hackathon_round.ends_at < phase.ends_at
    assert [c.name for c in criteria] == [
        "Impacto",
        "Viabilidad",
        "Participación comunitaria",
        "Innovación",
        "Carácter abierto y replicable",
    ]
    assert [str(c.weight) for c in criteria] == ["3.00", "2.00", "2.00", "1.50", "1.50"]
    assert all(c.description and c.scale_min == 1 and c.scale_max == 10 for c in criteria)
    assert hackathon_round.tie_break == criteria[0]
    assert hackathon_round.criteria_locked_at is not None
    assert [juror.status for juror in jurors] == ["active"] * 5
    assert [juror.email for juror in jurors] == ["jurado@demo.cocrea.pe", *(spec[0] for spec in HACKATHON_JURORS)]
    assert all(juror.user.email == juror.email for juror in jurors)


def test_every_proposal_keeps_three_submitted_reviews_despite_the_recusal(hackathon_round):
    reviews = Assignment.objects.filter(round=hackathon_round)
    per_proposal = Counter(reviews.filter(status="submitted").values_list("proposal_id", flat=True))
    recused = reviews.get(status="recused")
    conflict = Conflict.objects.get(juror__round=hackathon_round)

    assert len(per_proposal) == 42 and set(per_proposal.values()) == {3}
    assert recused.juror.email == RECUSING_JUROR and recused.recusal_reason == RECUSAL
    assert (conflict.juror, conflict.proposal, conflict.kind, conflict.reason) == (
        recused.juror,
        recused.proposal,
        "declared",
        RECUSAL,
    )
    assert recused.juror_id not in set(
        reviews.filter(proposal=recused.proposal, status="submitted").values_list("juror_id", flat=True)
    )
    loads = Counter(reviews.values_list("juror_id", flat=True))  # the recused review counted where it was given
    assert max(loads.values()) - min(loads.values()) <= 1
    assert all(
        hackathon_round.starts_at < review.submitted_at < hackathon_round.ends_at
        for review in reviews.filter(status="submitted")
    )


def test_a_lenient_and_a_strict_juror_make_normalisation_matter(hackathon_round):
    outcome = round_results(hackathon_round)
    emails = dict(Juror.objects.filter(round=hackathon_round).values_list("pk", "email"))
    means = {emails[note.juror_id]: note.mean for note in outcome.results.jurors}

    assert means[HACKATHON_JURORS[0][0]] - means[HACKATHON_JURORS[1][0]] > 2  # the lenient and the strict one
    assert outcome.fallbacks == [] and outcome.missing_reviews == 0
    assert any(row.result.raw_rank.position != row.result.normalised_rank.position for row in outcome.rows[:12])
    assert outcome.rows[0].title == WINNER


def test_the_confirmed_decisions_are_the_proposals_statuses(hackathon_round):
    decisions = list(SelectionDecision.objects.filter(round=hackathon_round).select_related("proposal"))
    challenge = hackathon_round.challenge

    assert (challenge.selection_count, challenge.waitlist_size) == (8, 4)
    assert Counter(d.decision for d in decisions) == {"selected": 8, "waitlisted": 4, "not_selected": 30}
    assert all(d.confirmed_at is not None and d.decided_by.email == "organizadora@demo.cocrea.pe" for d in decisions)
    assert [(d.proposal.status, d.proposal.waitlist_position) for d in decisions] == [
        (PROPOSAL_STATUS[d.decision], d.waitlist_position) for d in decisions
    ]
    assert sorted(d.waitlist_position for d in decisions if d.decision == "waitlisted") == [1, 2, 3, 4]
    winner = next(d for d in decisions if d.proposal.title == WINNER)
    assert (winner.decision, winner.rank) == ("selected", 1)
    assert hackathon_round.results_published_at > hackathon_round.ends_at


def test_the_published_results_release_the_jurors_feedback_and_scores_to_the_teams(hackathon_round):
    released = round_team_feedback(hackathon_round)
    winner = hackathon_round.challenge.proposals.get(title=WINNER)
    [feedback] = proposal_team_feedback(winner)

    assert hackathon_round.team_feedback == "scores"
    assert len(released) == 42 and all(len(item.reviews) == 3 for item in released.values())
    assert [review.number for review in feedback.reviews] == [1, 2, 3]
    assert all(len(review.scores) == 5 for review in feedback.reviews)
    written = [review.text for item in released.values() for review in item.reviews if review.text]
    assert len(written) > 42  # most reviews carry feedback in Spanish
    assert set(written) <= set(FEEDBACK.values())


def test_a_selected_team_dropped_out_and_the_waitlist_moved_up(
    hackathon_round, seeded, django_capture_on_commit_callbacks, mailoutbox
):
    challenge = hackathon_round.challenge
    waiting = list(challenge.proposals.filter(status="waitlisted").order_by("waitlist_position"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert seed_finished_dropout(seeded) == 1
    assert seed_finished_dropout(seeded) == 0

    assert (callbacks, mailoutbox) == ([], [])  # that past told nobody

    dropped = challenge.proposals.get(status="dropped_out")
    waiting[0].refresh_from_db()
    assert (dropped.dropout_reason, dropped.title != WINNER) == (DROPOUT_REASON, True)
    assert SelectionDecision.objects.get(proposal=dropped).decision == "selected"
    assert (waiting[0].status, waiting[0].waitlist_position) == ("selected", None)
    assert challenge.proposals.filter(status="selected").count() == 8
    assert sorted(challenge.proposals.filter(status="waitlisted").values_list("waitlist_position", flat=True)) == [
        2,
        3,
        4,
    ]
    entries = {entry.action: entry for entry in AuditLogEntry.objects.filter(action__startswith="proposal.")}
    assert entries["proposal.dropped_out"].data == {"reason": DROPOUT_REASON, "promoted": waiting[0].pk}
    call = challenge.phases.get(kind=PhaseKind.COLLABORATOR_CALL)
    lab = challenge.phases.get(kind=PhaseKind.LAB)
    assert call.starts_at < dropped.dropped_out_at < lab.starts_at
    assert {entries[action].created_at for action in ("proposal.dropped_out", "proposal.promoted_from_waitlist")} == {
        dropped.dropped_out_at
    }
    assert Proposal.objects.get(pk=dropped.pk).updated_at == dropped.dropped_out_at


def test_the_records_are_dated_in_the_hackathons_evaluation_phase(hackathon_round):
    """Audit entries and stamped times say when each step happened, not when the demo was loaded."""
    round_ = hackathon_round
    reviews = Assignment.objects.filter(round=round_)
    entries = list(audit_entries(round_)) + [entry for review in reviews for entry in audit_entries(review)]
    phase = round_.challenge.phases.get(kind=PhaseKind.EVALUATION)
    opened = phase.starts_at - timedelta(days=7)

    assert len(entries) > 42 * 3
    assert all(opened < entry.created_at <= round_.results_published_at for entry in entries)
    assert all(opened < juror.invited_at < juror.accepted_at < round_.starts_at for juror in round_.jurors.all())
    assert all(review.created_at < round_.starts_at + timedelta(days=1, seconds=1) for review in reviews)
    scores = Score.objects.filter(assignment__round=round_)
    assert not scores.exclude(updated_at__range=(round_.starts_at, round_.ends_at)).exists()
    assert set(SelectionDecision.objects.filter(round=round_).values_list("decided_at", flat=True)) == set(
        SelectionDecision.objects.filter(round=round_).values_list("confirmed_at", flat=True)
    )
    assert round_.created_at < round_.starts_at


def test_the_collaborator_call_completes_the_teams_the_jury_selected(hackathon_round):
    assert seed_finished_collaborators() > 0
    challenge = hackathon_round.challenge
    slots = RoleSlot.objects.filter(proposal__challenge=challenge)

    assert set(slots.values_list("proposal__status", flat=True)) == {"selected"}
    assert len(set(slots.values_list("proposal_id", flat=True))) == 8
    for proposal in challenge.proposals.filter(status="selected"):
        assert challenge.team_min <= proposal.members.count() <= challenge.team_max
    assert ProposalMember.objects.filter(proposal__challenge=challenge, role="collaborator").exists()
    assert seed_finished_collaborators() == 0


def test_the_labic_round_waits_in_the_evaluation_phase_with_its_jury(labic_round):
    phase = labic_round.challenge.phases.get(kind=PhaseKind.EVALUATION)
    jurors = Counter(labic_round.jurors.values_list("status", flat=True))

    assert timezone.now() < phase.starts_at < labic_round.starts_at < labic_round.ends_at < phase.ends_at
    assert labic_round.criteria.count() == 5 and labic_round.criteria_locked_at is None
    assert jurors == {"active": 1, "invited": 2}
    assert labic_round.jurors.get(status="active").email == "jurado@demo.cocrea.pe"
    assert not labic_round.assignments.exists() and labic_round.results_published_at is None


def test_the_demo_juror_sees_the_upcoming_round_and_the_finished_one(seeded, client):
    juror = seeded["juror"]
    seats = juror_seats(juror)

    assert [(seat.round.challenge.slug, seat.total, seat.done) for seat in seats] == [
        (LABIC_SLUG, 0, 0),
        (EVALUATION_SLUG, seats[1].total, 3),  # judged now: reviews to do
        (EVALUATION_SLUG, 0, 0),  # its expo round: pairwise, nothing assigned
        (FINISHED_SLUG, seats[3].total, seats[3].total),
    ]
    assert seats[1].total > 3
    assert 24 <= seats[3].total <= 26
    client.force_login(juror)
    response = client.get(reverse("judging:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert Challenge.objects.get(slug=LABIC_SLUG).title in page and ROUND_NAME in page


def test_seed_demo_runs_the_juries_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo publishes the open datasets' files
    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("seed_demo", labs=6, innovators=20, quiet_accounts=True, stdout=output)

    assert "Demo judging rounds: 2 new." in outputs[0].getvalue()
    assert "Demo judging rounds: 0 new." in outputs[1].getvalue()
    assert Counter(SelectionDecision.objects.values_list("decision", flat=True))["selected"] == 8
    hackathon = Challenge.objects.get(slug=FINISHED_SLUG)
    assert Counter(hackathon.proposals.values_list("status", flat=True)) == {
        "selected": 8,
        "dropped_out": 1,
        "waitlisted": 3,
        "not_selected": 30,
    }
    # The promoted team completed its team in the collaborator call like the others; the one that left did not.
    assert RoleSlot.objects.filter(proposal__challenge=hackathon).values("proposal").distinct().count() == 8
    assert not RoleSlot.objects.filter(proposal__status="dropped_out").exists()


def test_the_demo_has_sent_messages_to_groups(accounts):
    seed_proposals(accounts)
    seed_judging(accounts)

    assert seed_demo_messages(accounts) == 2
    assert seed_demo_messages(accounts) == 0
    sent = {message.segment: message for message in Message.objects.all()}
    assert sorted(sent) == ["drafts", "selected"]
    assert all(m.status == "sent" and m.delivered_count == m.recipient_count > 0 for m in sent.values())
    assert sent["drafts"].deliveries.count() == sent["drafts"].recipient_count
