"""The live events of proposals: the public counters, and the moderation queue and collaborator call for the
challenge's organizers.

One function per event type, the single place that knows its payload's shape (docs/live.md lists them;
tests/live/test_event_schemas.py pins them). Services call them inside their transaction, after the state change;
`publish` sends after the commit.
"""

from collections.abc import Callable

from django.db import transaction

from innovation_platform.live import groups
from innovation_platform.live.services import publish, publish_coalesced
from proposals.models import Report, ReportStatus


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
