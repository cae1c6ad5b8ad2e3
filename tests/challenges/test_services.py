from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from challenges.models import Announcement, ChallengeRole, Follow, Phase, Question, Session
from challenges.services import (
    challenge_create,
    challenge_duplicate,
    challenge_publish,
    challenge_role_grant,
    challenge_role_revoke,
    challenge_update,
    phases_announce_started,
    questions_lock,
    section_delete,
    section_save,
    timeline_set,
)
from challenges.timeline import PhaseSpan
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from innovation_platform.live.models import LiveEvent, Notification
from tests.conftest import make_challenge, make_user

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def organizer(lab_admin):
    return lab_admin


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, phases={"proposals": (NOW - DAY, NOW + 10 * DAY)})


def actions(challenge):
    return [entry.action for entry in audit_entries(challenge)]


def test_create_makes_an_audited_draft_with_the_creator_as_organizer(lab, citizen):
    challenge = challenge_create(
        lab=lab, actor=citizen, data={"title": "Agua segura", "theme": "agua", "kind": "hackathon"}, tags=["agua"]
    )

    assert (challenge.slug, challenge.visibility) == ("agua-segura", "draft")
    assert list(challenge.roles.values_list("user", "role")) == [(citizen.pk, "organizer")]
    assert actions(challenge) == ["challenge.created"]


def test_update_records_which_fields_changed(challenge, organizer):
    challenge_update(challenge=challenge, actor=organizer, data={"title": "Nuevo", "theme": "agua"}, tags=["x"])

    entry = audit_entries(challenge).first()
    assert (entry.action, entry.actor, entry.data) == ("challenge.updated", organizer, {"fields": ["title", "tags"]})


def test_publish_needs_an_open_call_for_proposals(lab, organizer):
    no_call = make_challenge(lab, "sin-convocatoria")
    closed = make_challenge(lab, "cerrada", phases={"proposals": (NOW - 10 * DAY, NOW - DAY)})

    for challenge in (no_call, closed):
        with pytest.raises(ApplicationError):
            challenge_publish(challenge=challenge, actor=organizer)
        challenge.refresh_from_db()
        assert challenge.visibility == "draft"


def test_publish_makes_it_public_once(challenge, organizer):
    challenge_publish(challenge=challenge, actor=organizer)
    first = challenge.published_at
    challenge_publish(challenge=challenge, actor=organizer)

    assert (challenge.visibility, challenge.published_at) == ("published", first)
    assert actions(challenge).count("challenge.published") == 1


def test_timeline_replaces_phases_and_keeps_nothing_half_saved_on_error(challenge, organizer):
    good = [PhaseSpan("proposals", NOW, NOW + DAY), PhaseSpan("evaluation", NOW + DAY, NOW + 2 * DAY)]
    timeline_set(challenge=challenge, actor=organizer, spans=good)
    assert list(challenge.phases.values_list("kind", flat=True)) == ["proposals", "evaluation"]

    bad = [PhaseSpan("proposals", NOW, NOW + 3 * DAY), PhaseSpan("evaluation", NOW + DAY, NOW + 2 * DAY)]
    with pytest.raises(ApplicationError):
        timeline_set(challenge=challenge, actor=organizer, spans=bad)

    assert list(challenge.phases.values_list("ends_at", flat=True)) == [NOW + DAY, NOW + 2 * DAY]
    assert actions(challenge).count("challenge.timeline_changed") == 1


def test_moving_a_phase_start_announces_it_again(challenge, organizer):
    Phase.objects.filter(challenge=challenge).update(start_notified_at=NOW)

    timeline_set(challenge=challenge, actor=organizer, spans=[PhaseSpan("proposals", NOW + DAY, NOW + 5 * DAY)])

    assert challenge.phases.get().start_notified_at is None


def test_locked_questions_are_refused_except_to_staff(challenge, organizer, staff):
    question = section_save(
        challenge=challenge, actor=organizer, obj=Question(label="¿Edad?", kind="number"), section="questions"
    )
    questions_lock(challenge)
    challenge.refresh_from_db()

    with pytest.raises(ApplicationError):
        section_delete(challenge=challenge, actor=organizer, obj=question, section="questions")
    question.label = "¿Cuántos años?"
    section_save(challenge=challenge, actor=staff, obj=question, section="questions")

    assert Question.objects.get().label == "¿Cuántos años?"


def test_new_announcement_emails_each_follower_after_commit(
    challenge, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    for email in ("a@example.org", "b@example.org"):
        Follow.objects.create(challenge=challenge, user=make_user(email))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        section_save(
            challenge=challenge,
            actor=organizer,
            obj=Announcement(title="Cambio de sede", body="En **Cusco**"),
            section="announcements",
        )
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert all("Cambio de sede" in m.subject for m in mailoutbox)


def test_each_follower_reads_the_announcement_in_their_own_language(
    challenge, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(challenge=challenge, user=make_user("en@example.org", language="en"))
    Follow.objects.create(challenge=challenge, user=make_user("es@example.org", language="es"))

    with django_capture_on_commit_callbacks(execute=True):
        section_save(
            challenge=challenge,
            actor=organizer,
            obj=Announcement(title="Cambio de sede", body="En Cusco"),
            section="announcements",
        )

    first_lines = {tuple(message.to): message.body.splitlines()[0] for message in mailoutbox}
    assert first_lines == {
        ("en@example.org",): "New announcement in Reto Agua:",
        ("es@example.org",): "Nuevo aviso en Reto Agua:",
    }


@pytest.mark.parametrize("followers", [1, 3])
def test_publishing_an_announcement_costs_the_same_whatever_the_number_of_followers(
    challenge, organizer, followers, mailoutbox, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The request saves, audits and schedules; each follower's notification, live event and e-mail come from the
    background task once it has committed."""
    emails = [f"follower{i}@example.org" for i in range(followers)]
    for email in emails:
        Follow.objects.create(challenge=challenge, user=make_user(email))
    ContentType.objects.get_for_model(challenge)  # cached for the audit entry, as in a running server

    with django_capture_on_commit_callbacks(execute=True):
        # The announcement, its audit entry, and the savepoint around them.
        with django_assert_num_queries(4):
            section_save(
                challenge=challenge,
                actor=organizer,
                obj=Announcement(title="Cambio de sede", body="En **Cusco**"),
                section="announcements",
            )
        assert (Notification.objects.count(), LiveEvent.objects.count()) == (0, 0)

    assert sorted(Notification.objects.values_list("user__email", flat=True)) == emails
    assert list(LiveEvent.objects.order_by("pk").values_list("type", flat=True)) == [
        "announcement.published",
        *["notification"] * followers,
    ]
    assert sorted(message.to[0] for message in mailoutbox) == emails


def test_phase_starts_are_announced_once(challenge, mailoutbox, django_capture_on_commit_callbacks):
    challenge.visibility = "published"
    challenge.save()
    Follow.objects.create(challenge=challenge, user=make_user("a@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        first = phases_announce_started()
    with django_capture_on_commit_callbacks(execute=True):
        second = phases_announce_started()

    assert (first, second, len(mailoutbox)) == (1, 0, 1)


def test_the_scheduled_job_announces_starts_and_ends(challenge):
    challenge.visibility = "published"
    challenge.save()
    challenge.phases.update(starts_at=NOW - 2 * DAY, ends_at=NOW - timedelta(hours=1))
    out = StringIO()

    call_command("announce_phases", stdout=out)

    assert out.getvalue().strip() == "0 phase start(s) and 1 phase end(s) announced."


def test_duplicate_shifts_the_whole_timeline_and_copies_questions(challenge, organizer):
    section_save(
        challenge=challenge, actor=organizer, obj=Question(label="¿Región?", kind="short_text"), section="questions"
    )
    session = Session.objects.create(
        challenge=challenge, title="Demo day", starts_at=NOW + 5 * DAY, ends_at=NOW + 5 * DAY + timedelta(hours=2)
    )
    new_open = NOW - DAY + 365 * DAY

    copy = challenge_duplicate(challenge=challenge, actor=organizer, title="Edición 2027", proposals_open_at=new_open)

    assert (copy.visibility, copy.slug) == ("draft", "edicion-2027")
    assert copy.phases.get().starts_at == new_open
    assert copy.sessions.get().starts_at == session.starts_at + 365 * DAY
    assert list(copy.questions.values_list("label", flat=True)) == ["¿Región?"]
    assert "challenge.duplicated" in actions(challenge)


def test_roles_are_granted_by_email_and_the_last_organizer_stays(lab, organizer, citizen):
    challenge = make_challenge(lab)
    mentor = challenge_role_grant(challenge=challenge, actor=organizer, email=citizen.email, role="mentor")
    assert mentor.role == "mentor"
    with pytest.raises(ApplicationError):
        challenge_role_grant(challenge=challenge, actor=organizer, email="nadie@example.org", role="mentor")

    lab.memberships.all().delete()
    only = ChallengeRole.objects.create(challenge=challenge, user=organizer, role="organizer")
    with pytest.raises(ApplicationError):
        challenge_role_revoke(challenge=challenge, actor=organizer, role=only)
    challenge_role_revoke(challenge=challenge, actor=organizer, role=mentor)
    assert list(challenge.roles.values_list("role", flat=True)) == ["organizer"]
