"""The scheduled job asks each followed team once when a checkpoint opens, reminds it 7 and 14 days later while it
has not answered, never more, and running it twice (or at once) tells nobody twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from innovation_platform.live.models import Notification
from projects.models import FollowUpRequest, Outcome
from projects.services.followup import follow_up_answer, follow_up_ask_due
from tests.projects import followup_world
from tests.projects.followup_world import DAY, NOW, make_projects

pytestmark = pytest.mark.django_db
clock = followup_world.clock
world = followup_world.world


def run(capture, now=None):
    with capture(execute=True):
        return follow_up_ask_due(now=now)


def test_each_team_is_asked_once_in_its_members_language(world, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks) == (1, 0)

    request = FollowUpRequest.objects.get()
    assert (request.project, request.asked_at, request.reminders_sent) == (world["project"], NOW, 0)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "collab@example.org",
        "lead@example.org",
        "member@example.org",
    ]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["lead@example.org"] == "3 months after the lab: how is “AguaClara” doing?"
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "13 de julio de 2026" in bodies["member@example.org"]  # Carlos reads Spanish
    body = bodies["lead@example.org"]
    assert f"/projects/{world['project'].pk}/follow-up/{world['checkpoint'].pk}/" in body
    assert "People reached" in body and "What was the hardest part?" in body
    assert Notification.objects.filter(url__endswith=f"/follow-up/{world['checkpoint'].pk}/").count() == 3


def test_running_twice_asks_nobody_twice(world, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    assert run(django_capture_on_commit_callbacks) == (0, 0)
    assert len(mail.outbox) == sent == 3


def test_reminders_come_7_and_14_days_later_then_stop(world, clock, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    counts = []
    for days in (6, 7, 8, 14, 15, 25):
        clock.move_to(NOW + days * DAY)
        counts.append(run(django_capture_on_commit_callbacks))

    assert counts == [(0, 0), (0, 1), (0, 0), (0, 1), (0, 0), (0, 0)]
    request = FollowUpRequest.objects.get()
    assert (request.reminders_sent, request.last_reminded_at) == (2, NOW + 14 * DAY)
    lead_subjects = [m.subject for m in mail.outbox if m.to == ["lead@example.org"]]
    assert lead_subjects[1:] == ["Reminder: tell the organizers how “AguaClara” is doing (3 months)"] * 2


def test_after_a_pause_of_the_job_reminders_still_come_a_week_apart(world, clock, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    clock.move_to(NOW + 20 * DAY)

    assert run(django_capture_on_commit_callbacks) == (0, 1)
    assert run(django_capture_on_commit_callbacks) == (0, 0)
    clock.move_to(NOW + 27 * DAY)
    assert run(django_capture_on_commit_callbacks) == (0, 1)
    assert FollowUpRequest.objects.get().reminders_sent == 2


def test_a_team_that_answered_is_not_reminded(world, clock, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    follow_up_answer(checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="built")
    clock.move_to(NOW + 15 * DAY)
    mail.outbox.clear()

    assert run(django_capture_on_commit_callbacks) == (0, 0)
    assert mail.outbox == []


def test_a_team_that_answered_before_being_asked_is_not_asked(world, django_capture_on_commit_callbacks):
    follow_up_answer(checkpoint=world["checkpoint"], project=world["project"], actor=world["lead"], status="built")

    assert run(django_capture_on_commit_callbacks) == (0, 0)
    assert FollowUpRequest.objects.get().asked_at is None


def test_dropped_out_projects_are_not_asked(world, django_capture_on_commit_callbacks):
    left, gone = make_projects(world["challenge"], 2)
    left.outcome = Outcome.DROPPED_OUT
    left.save()
    gone.proposal.status = "dropped_out"
    gone.proposal.save()

    assert run(django_capture_on_commit_callbacks) == (1, 0)
    assert list(FollowUpRequest.objects.values_list("project", flat=True)) == [world["project"].pk]


def test_checkpoints_not_open_ask_nobody(world, clock, django_capture_on_commit_callbacks):
    clock.move_to(NOW - 3 * DAY)  # 12 June: the day before it opens
    assert run(django_capture_on_commit_callbacks) == (0, 0)
    clock.move_to(NOW + 30 * DAY)  # 15 July: closed on the 13th
    assert run(django_capture_on_commit_callbacks) == (0, 0)
    assert not FollowUpRequest.objects.exists()


def test_the_day_is_the_challenges_own(world, clock, django_capture_on_commit_callbacks):
    """At 02:00 UTC on 13 June it is still 12 June in Lima: not open yet; at 05:00 UTC it is 13 June there."""
    clock.move_to(NOW.replace(day=13, hour=21) - timedelta(hours=24))  # 12 June 21:00 in Lima
    assert run(django_capture_on_commit_callbacks) == (0, 0)
    clock.move_to(NOW.replace(day=13, hour=0))
    assert run(django_capture_on_commit_callbacks) == (1, 0)


def test_a_claimed_request_is_not_claimed_again(world, django_capture_on_commit_callbacks):
    """Another process asked the team between this run's reading and its update: this run sends nothing."""
    from projects.services.followup import _claim

    run(django_capture_on_commit_callbacks)
    request = FollowUpRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        won = _claim(FollowUpRequest.objects.filter(pk=request.pk, asked_at=None), request.pk, 0, asked_at=NOW)

    assert (won, callbacks) == (0, [])


def test_the_command_reports_what_it_did(world, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ask_follow_up")

    assert "1 team(s) asked and 0 reminder(s) sent" in capsys.readouterr().out
    assert len(mail.outbox) == 3
