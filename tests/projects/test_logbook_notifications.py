"""News of the logbook: mentors hear of their projects' posts, the team of its mentors' posts and answers; one
unread notification per person per post, stored, pushed and e-mailed after the commit in each reader's language."""

# The world fixture is imported, and the tests' parameters shadow it.
# ruff: noqa: F811

import pytest
from django.utils import translation
from django.utils.translation import gettext

from innovation_platform.live.models import LiveEvent, Notification
from projects.services.logbook import logbook_comment_add, logbook_post_create, mentor_assign
from tests.projects.logbook_world import World, world  # noqa: F401

pytestmark = pytest.mark.django_db

EXAMPLE = {"project": "Medidor comunitario", "title": "Día 2"}


def in_spanish(msgid: str) -> str:
    """The Spanish of a message (Spanish is every account's language unless it chose another)."""
    with translation.override("es"):
        return gettext(msgid)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def told(world: World) -> dict[str, int]:
    """How many notifications each person of the world has."""
    by_id = {getattr(user, "pk", None): role for role, user in world.users.items()}
    counts = {}
    for notification in Notification.objects.all():
        role = by_id[notification.user_id]
        counts[role] = counts.get(role, 0) + 1
    return counts


def post_by(world: World, role: str, **fields):
    return logbook_post_create(
        project=world.project, author=world.users[role], title="Día 2", body="Probamos en el río.", **fields
    )


def test_a_team_post_tells_the_mentors_only(world, committed, mailoutbox):
    committed(lambda: post_by(world, "member"))

    assert told(world) == {"mentor": 1}
    (mail,) = mailoutbox
    assert mail.to == ["mentor@hackaton-agua.pe"]
    assert mail.subject == in_spanish("New in the logbook of %(project)s: %(title)s") % EXAMPLE
    assert LiveEvent.objects.filter(type="notification", group=f"user.{world.users['mentor'].pk}").count() == 1


def test_a_mentors_post_tells_the_whole_team_in_each_ones_language(world, committed, mailoutbox):
    lead = world.users["lead"]
    lead.language = "en"
    lead.save()

    committed(lambda: post_by(world, "mentor", visibility="team"))

    assert told(world) == {"lead": 1, "member": 1, "collaborator": 1}
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects["lead@hackaton-agua.pe"] == "New in the logbook of Medidor comunitario: Día 2"
    assert subjects["member@hackaton-agua.pe"] == in_spanish("New in the logbook of %(project)s: %(title)s") % EXAMPLE
    assert Notification.objects.get(user=lead).title == "New in the logbook of “Medidor comunitario”: Día 2"


def test_answers_add_no_second_unread_notification_for_the_same_post(world, committed, mailoutbox):
    post = committed(lambda: post_by(world, "lead"))
    committed(lambda: logbook_comment_add(post=post, author=world.users["mentor"], body="¿Y el caudal?"))
    committed(lambda: logbook_comment_add(post=post, author=world.users["mentor"], body="Midan dos veces."))
    committed(lambda: logbook_comment_add(post=post, author=world.users["member"], body="Lo medimos mañana."))

    # The mentor: the post (unread, so the team's answer adds nothing); the team: the mentor's first answer.
    assert told(world) == {"mentor": 1, "lead": 1, "member": 1, "collaborator": 1}
    assert len(mailoutbox) == 4


def test_once_read_the_next_answer_tells_again(world, committed):
    post = committed(lambda: post_by(world, "lead"))
    Notification.objects.update(read_at=post.published_at)

    committed(lambda: logbook_comment_add(post=post, author=world.users["member"], body="Ya tenemos datos."))

    assert told(world) == {"mentor": 2, "lead": 1}  # the post's author hears of every answer too


def test_a_rolled_back_post_tells_nobody(world, mailoutbox):
    post_by(world, "member")  # never committed: the test's transaction is rolled back

    assert (Notification.objects.count(), mailoutbox) == (0, [])


def test_an_assigned_mentor_is_told(world, committed, mailoutbox):
    committed(
        lambda: mentor_assign(project=world.project, mentor=world.users["other_mentor"], actor=world.users["organizer"])
    )

    assert told(world) == {"other_mentor": 1}
    assert mailoutbox[0].subject == in_spanish("You mentor %(project)s") % EXAMPLE
