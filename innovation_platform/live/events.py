"""The catalogue of live events: one function per event type, the single place that knows each payload's shape
(docs/live.md lists them; tests/live/test_event_schemas.py pins them).

Services call these inside their transaction, after the state change; `publish` sends after the commit.
Payloads are small and carry ids, counts and display texts only: the page renders the full state, an event brings
it up to date. Events sent many times a second (judging progress, expo votes) carry a snapshot rather than a
delta, so coalescing them loses nothing.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Count

from innovation_platform.core.markdown import render_markdown
from innovation_platform.live import groups
from innovation_platform.live.services import publish, publish_coalesced
from judging.models import Assignment, AssignmentStatus, PairwiseVote
from proposals.models import Report, ReportStatus


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


# Public: everyone watching the challenge


def announcement_published(announcement) -> None:
    publish(
        groups.challenge(announcement.challenge_id),
        "announcement.published",
        {
            "id": announcement.pk,
            "title": announcement.title,
            "html": str(render_markdown(announcement.body)),
            "pinned": announcement.pinned,
            "published_at": _iso(announcement.published_at),
        },
    )


def phase_started(phase) -> None:
    publish(groups.challenge(phase.challenge_id), "phase.started", _phase_payload(phase))


def phase_ended(phase) -> None:
    publish(groups.challenge(phase.challenge_id), "phase.ended", _phase_payload(phase))


def _phase_payload(phase) -> dict:
    return {
        "kind": phase.kind,
        "label": str(phase.get_kind_display()),
        "starts_at": _iso(phase.starts_at),
        "ends_at": _iso(phase.ends_at),
    }


def schedule_changed(session, *, action: str, session_id: int | None = None) -> None:
    """`action`: created, updated or deleted (pass `session_id`, the deleted row has none)."""
    publish(
        groups.challenge(session.challenge_id),
        "schedule.changed",
        {
            "action": action,
            "id": session_id or session.pk,
            "title": session.title,
            "starts_at": _iso(session.starts_at),
            "ends_at": _iso(session.ends_at),
            "place": session.place,
        },
    )


def proposals_counters(challenge_id: int, count: Callable[[], dict]) -> None:
    """`count` returns submitted, countries and regions (`challenge_proposal_counts`). It runs after the
    commit: a submission holds the challenge's row lock until then, and counting inside it would make
    every submission of a deadline rush wait for three aggregates over the whole call."""

    def send() -> None:
        figures = count()
        publish_coalesced(
            groups.challenge(challenge_id),
            "proposals.counters",
            {"submitted": figures["submitted"], "countries": figures["countries"], "regions": figures["regions"]},
        )

    transaction.on_commit(send)


def results_published(round_, selected: list) -> None:
    """`selected`: the round's confirmed selection, as proposals in rank order."""
    publish(
        groups.challenge(round_.challenge_id),
        "results.published",
        {
            "round_id": round_.pk,
            "round": round_.name,
            "selected": [
                {"reference": proposal.reference, "title": proposal.title, "url": proposal.get_absolute_url()}
                for proposal in selected
            ],
        },
    )


# Organizers: a round's judging console


def judging_progress(round_) -> None:
    """Reviews per status for the round, per juror and per proposal (one query over the round's assignments)."""
    rows = Assignment.objects.filter(round=round_).values_list("juror_id", "proposal_id", "status")
    totals = dict.fromkeys(AssignmentStatus.values, 0)
    jurors, proposals = {}, {}
    for juror_id, proposal_id, status in rows:
        totals[status] += 1
        for counts in (jurors.setdefault(juror_id, [0, 0]), proposals.setdefault(proposal_id, [0, 0])):
            counts[0] += status == AssignmentStatus.SUBMITTED
            counts[1] += status != AssignmentStatus.RECUSED
    publish_coalesced(
        groups.round_console(round_.pk),
        "judging.progress",
        {
            "round_id": round_.pk,
            "submitted": totals[AssignmentStatus.SUBMITTED],
            "assigned": totals[AssignmentStatus.ASSIGNED],
            "recused": totals[AssignmentStatus.RECUSED],
            # [id, submitted, to review in all (recusals left out)]
            "jurors": [[pk, *counts] for pk, counts in sorted(jurors.items())],
            "proposals": [[pk, *counts] for pk, counts in sorted(proposals.items())],
        },
    )


def expo_vote(round_) -> None:
    """The round's counted votes; the board itself is reloaded by the console (it costs four queries)."""
    counted = PairwiseVote.objects.filter(round=round_, undone_at__isnull=True).aggregate(
        votes=Count("pk"), jurors=Count("juror", distinct=True)
    )
    publish_coalesced(
        groups.round_console(round_.pk),
        "expo.vote",
        {"round_id": round_.pk, "votes": counted["votes"], "jurors": counted["jurors"]},
    )


# Organizers: the challenge's moderation queue and collaborator call


def moderation_reported(report) -> None:
    open_reports = Report.objects.filter(challenge_id=report.challenge_id, status=ReportStatus.OPEN).count()
    publish(
        groups.challenge_organizers(report.challenge_id),
        "moderation.reported",
        {
            "report_id": report.pk,
            "kind": report.content_type.model,
            "object_id": report.object_id,
            "open": open_reports,
        },
    )


def application_received(application) -> None:
    slot = application.slot
    publish(
        groups.challenge_organizers(slot.proposal.challenge_id),
        "application.received",
        {"application_id": application.pk, "role_id": slot.pk, "role": slot.title, "proposal_id": slot.proposal_id},
    )
