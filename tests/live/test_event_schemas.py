"""Each event type's payload has exactly the keys the catalogue (docs/live.md) promises, with their types."""

# The worlds of other test modules are imported as fixtures, which their parameters then shadow.
# ruff: noqa: F811

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from challenges import events as challenge_events
from challenges.models import Announcement, Phase, Session
from innovation_platform.live.models import LiveEvent, NotificationKind
from innovation_platform.live.notifications import notifications_mark_all_read, notify
from judging import events as judging_events
from judging.models import PairwiseVote
from projects import events as project_events
from projects.services.projects import projects_open
from proposals import events as proposal_events
from proposals.models import Report, RoleApplication
from tests.judging.pairwise_world import expo  # noqa: F401
from tests.judging.scoring_world import assign
from tests.judging.scoring_world import world as scoring  # noqa: F401
from tests.proposals.roles_world import world as roles  # noqa: F401

ROWS = list  # of [id, submitted, to review]

SCHEMAS = {
    "announcement.published": {"id": int, "title": str, "html": str, "pinned": bool, "published_at": str},
    "phase.started": {"kind": str, "label": str, "starts_at": str, "ends_at": str},
    "phase.ended": {"kind": str, "label": str, "starts_at": str, "ends_at": str},
    "schedule.changed": {
        "action": str,
        "id": int,
        "title": str,
        "starts_at": str,
        "ends_at": str,
        "place": str,
    },
    "proposals.counters": {"submitted": int, "countries": int, "regions": int},
    "results.published": {"round_id": int, "round": str, "selected": list},
    "project.outcome": {"selected": int, "built": int},
    "judging.progress": {
        "round_id": int,
        "submitted": int,
        "assigned": int,
        "recused": int,
        "jurors": ROWS,
        "proposals": ROWS,
    },
    "expo.vote": {"round_id": int, "votes": int, "jurors": int},
    "moderation.reported": {"report_id": int, "kind": str, "object_id": int, "open": int},
    "application.received": {"application_id": int, "role_id": int, "role": str, "proposal_id": int},
    "notification": {"notification": dict, "unread": int},
    "notifications.read": {"unread": int},
}
NOTIFICATION_ITEM = {"id": int, "kind": str, "title": str, "body": str, "url": str, "created_at": str}
SELECTED_ITEM = {"reference": str, "title": str, "url": str}


def assert_shape(value: dict, schema: dict) -> None:
    assert sorted(value) == sorted(schema)
    for key, expected in schema.items():
        assert isinstance(value[key], expected), key


def payload(event_type: str) -> dict:
    """The single stored event's payload, checked against its schema."""
    (event,) = LiveEvent.objects.all()
    assert event.type == event_type
    assert_shape(event.payload, SCHEMAS[event_type])
    return event.payload


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the publishing code, then commit (the stored event is what every client receives)."""

    def run(publishing):
        with django_capture_on_commit_callbacks(execute=True):
            publishing()

    return run


def test_every_event_type_is_in_the_catalogue():
    catalogue = (Path(settings.BASE_DIR) / "docs" / "live.md").read_text()
    assert [event_type for event_type in SCHEMAS if f"`{event_type}`" not in catalogue] == []


def test_announcement_published(roles, sent):
    announcement = Announcement.objects.create(challenge=roles["challenge"], title="Hello", body="*Hi*", pinned=True)
    sent(lambda: challenge_events.announcement_published(announcement))
    assert payload("announcement.published")["html"] == "<p><em>Hi</em></p>"


def test_phase_started(roles, sent):
    sent(lambda: challenge_events.phase_started(Phase.objects.get(challenge=roles["challenge"])))
    payload("phase.started")


def test_phase_ended(roles, sent):
    sent(lambda: challenge_events.phase_ended(Phase.objects.get(challenge=roles["challenge"])))
    payload("phase.ended")


def test_schedule_changed(roles, sent):
    now = roles["now"]
    session = Session.objects.create(
        challenge=roles["challenge"], title="Demo", starts_at=now, ends_at=now + timedelta(hours=1)
    )
    sent(lambda: challenge_events.schedule_changed(session, action="updated"))
    payload("schedule.changed")


def test_proposals_counters(roles, sent):
    sent(
        lambda: proposal_events.proposals_counters(
            roles["challenge"].pk, lambda: {"submitted": 3, "countries": 1, "regions": 2}
        )
    )
    payload("proposals.counters")


def test_results_published(scoring, sent):
    sent(lambda: judging_events.results_published(scoring["round"], scoring["proposals"][:1]))
    (item,) = payload("results.published")["selected"]
    assert_shape(item, SELECTED_ITEM)


def test_project_outcome(roles, sent):
    (project,) = projects_open([roles["proposal"].pk])
    sent(lambda: project_events.project_outcome(project))
    assert payload("project.outcome") == {"selected": 1, "built": 0}


def test_judging_progress(scoring, sent):
    assign(scoring, scoring["jurors"][0], scoring["proposals"][0])
    sent(lambda: judging_events.judging_progress(scoring["round"]))
    rows = payload("judging.progress")
    assert [[type(value) for value in row] for row in rows["jurors"] + rows["proposals"]] == [[int, int, int]] * 2


def test_expo_vote(expo, sent):
    first, second = expo["projects"][:2]
    PairwiseVote.objects.create(round=expo["round"], juror=expo["ana"], winner=first, loser=second, before={})
    sent(lambda: judging_events.expo_vote(expo["round"]))
    assert payload("expo.vote")["votes"] == 1


def test_moderation_reported(roles, sent):
    proposal = roles["proposal"]
    report = Report.objects.create(
        challenge=roles["challenge"],
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        reporter=roles["other"],
        reason="Spam",
    )
    sent(lambda: proposal_events.moderation_reported(report))
    payload("moderation.reported")


def test_application_received(roles, sent):
    application = RoleApplication.objects.create(
        slot=roles["slot"], applicant=roles["applicant"], motivation="Me", preference=1
    )
    sent(lambda: proposal_events.application_received(application))
    payload("application.received")


def test_notification(roles, sent):
    sent(lambda: notify(roles["lead"], NotificationKind.JURY, "You are a juror", "/judging/mine/"))
    assert_shape(payload("notification")["notification"], NOTIFICATION_ITEM)


def test_notifications_read(roles, sent):
    notify(roles["lead"], NotificationKind.JURY, "You are a juror", "/judging/mine/")  # not committed: not sent
    sent(lambda: notifications_mark_all_read(user=roles["lead"]))
    assert payload("notifications.read") == {"unread": 0}
