"""A message to the teams of drafts carries, in each copy, what that person's drafts still miss and how long until
the call closes, in the person's language: in the e-mail (text and HTML) and in the notification."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from challenges.models import Question
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import LabMembership
from innovation_platform.live.models import Notification
from innovation_platform.messaging.services import message_send
from proposals.models import Answer, Proposal, ProposalMember
from proposals.reminders import drafts_reminder
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db

# 9 December, 23:59:59 in Lima (UTC-5), when the call closes.
CLOSES = datetime(2026, 12, 10, 4, 59, 59, tzinfo=UTC)
DAY = timedelta(days=1)
COMPLETE = {
    "summary": "Resumen",
    "problem": "Problema",
    "solution": "Solución",
    "beneficiaries": "Familias",
    "expected_impact": "Impacto",
    "stage": "idea",
    "licence": "cc-by",
    "region": "PE-CUS",
}


def add_draft(challenge, title, lead, *, members=(), answered=True, **blank):
    draft = Proposal.objects.create(challenge=challenge, title=title, **{**COMPLETE, **blank})
    ProposalMember.objects.create(proposal=draft, user=lead, role="lead")
    for member in members:
        ProposalMember.objects.create(proposal=draft, user=member, role="member")
    if answered:
        for question in challenge.questions.all():
            Answer.objects.create(proposal=draft, question=question, value="En Cusco")
    return draft


@pytest.fixture
def call(db):
    organizer = make_user("org@example.org", full_name="Olga Organiza", language="en")
    lab = make_lab("lab-cusco")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab, "reto-agua", visibility="published", team_min=2, phases={"proposals": (CLOSES - 30 * DAY, CLOSES)}
    )
    Question.objects.create(challenge=challenge, label="¿Dónde se hará?", kind="text", required=True)
    rosa = make_user("rosa@example.org", full_name="Rosa Quispe", language="en")
    pedro = make_user("pedro@example.org", full_name="Pedro Ñahui", language="es")
    huerto = add_draft(challenge, "Huerto escolar", rosa, members=[pedro], solution="")
    agua = add_draft(challenge, "Agua limpia", rosa, answered=False)
    # Neither a submitted proposal nor a draft in another call is reminded.
    submitted = add_draft(challenge, "Ya enviada", pedro, members=[rosa], solution="")
    Proposal.objects.filter(pk=submitted.pk).update(status="submitted", number=1)
    add_draft(make_challenge(lab, "reto-otro"), "Otro borrador", pedro, problem="")
    return {"challenge": challenge, "organizer": organizer, "huerto": huerto, "agua": agua}


def remind(call, django_capture_on_commit_callbacks, now):
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        message_send(
            about=call["challenge"],
            segment="drafts",
            params={},
            subject="Recordatorio",
            body="Quedan pocos días.",
            author=call["organizer"],
            token=uuid.uuid4(),
        )


def people_of(challenge) -> list[User]:
    return list(User.objects.filter(proposal_memberships__proposal__challenge=challenge).distinct())


def editor(draft) -> str:
    return settings.SITE_URL + reverse("proposals:edit", args=[draft.pk])


def test_each_person_reads_what_their_own_drafts_miss_in_their_language(
    call, mailoutbox, django_capture_on_commit_callbacks
):
    remind(call, django_capture_on_commit_callbacks, now=CLOSES - 48 * 3600 * timedelta(seconds=1))

    copies = {email.to[0]: email for email in mailoutbox}
    assert sorted(copies) == ["pedro@example.org", "rosa@example.org"]
    # Rosa reads English and is in both drafts: she gets both, each with what it misses.
    assert copies["rosa@example.org"].body.split("Quedan pocos días.\n\n", 1)[1].split("\n\nMore about")[0] == (
        "Where your drafts stand:\n"
        "\n"
        "“Huerto escolar” still misses 1 item: proposed solution.\n"
        f"Open it in the editor: {editor(call['huerto'])}\n"
        "\n"
        "“Agua limpia” still misses 2 items: ¿Dónde se hará?; at least 2 team members.\n"
        f"Open it in the editor: {editor(call['agua'])}\n"
        "\n"
        "The call closes in 48 hours, on December 9 at 23:59 (America/Lima time)."
    )
    # Pedro reads Spanish and is only in the first: its missing item and the date are in Spanish.
    spanish = copies["pedro@example.org"].body
    assert "solución propuesta" in spanish and "9 de diciembre" in spanish and "23:59" in spanish
    assert editor(call["huerto"]) in spanish
    assert "Agua limpia" not in spanish and "Ya enviada" not in spanish and "Otro borrador" not in spanish
    html, _ = copies["rosa@example.org"].alternatives[0]
    assert f'<a href="{editor(call["agua"])}">Open it in the editor</a>' in html
    assert "<li>“Agua limpia” still misses 2 items: ¿Dónde se hará?; at least 2 team members." in html


def test_the_notification_carries_the_same_words_without_links(call, django_capture_on_commit_callbacks):
    remind(call, django_capture_on_commit_callbacks, now=CLOSES - 5 * DAY)

    bodies = dict(Notification.objects.filter(kind="message").values_list("user__email", "body"))
    assert bodies["rosa@example.org"] == (
        "“Huerto escolar” still misses 1 item: proposed solution. "
        "“Agua limpia” still misses 2 items: ¿Dónde se hará?; at least 2 team members. "
        "The call closes on December 9 at 23:59 (America/Lima time)."
    )
    assert bodies["pedro@example.org"].startswith("A “Huerto escolar” aún le falta 1 elemento")
    assert "solución propuesta" in bodies["pedro@example.org"]
    assert "http" not in bodies["rosa@example.org"]


@pytest.mark.parametrize(
    ("before", "closing"),
    [
        (5 * DAY, "The call closes on December 9 at 23:59 (America/Lima time)."),
        (72 * 3600, "The call closes on December 9 at 23:59 (America/Lima time)."),
        (72 * 3600 - 1, "The call closes in 71 hours, on December 9 at 23:59 (America/Lima time)."),
        (3600, "The call closes in 1 hour, on December 9 at 23:59 (America/Lima time)."),
        (59 * 60 + 59, "The call closes in 59 minutes, at 23:59 (America/Lima time)."),
        (30, "The call closes in 1 minute, at 23:59 (America/Lima time)."),
        (-DAY, "The call closed on December 9 at 23:59 (America/Lima time)."),
    ],
)
def test_the_time_left_is_said_as_people_read_it(call, before, closing):
    before = before if isinstance(before, timedelta) else timedelta(seconds=before)
    rosa = call["huerto"].members.get(role="lead").user

    with time_machine.travel(CLOSES - before, tick=False):
        part = drafts_reminder(call["challenge"], {}, [rosa])[rosa.pk]

    assert part.notification.endswith(closing)


def test_a_complete_draft_only_has_to_be_submitted(call):
    pedro = call["huerto"].members.get(role="member").user
    Proposal.objects.filter(pk=call["huerto"].pk).update(solution="Riego por goteo")

    with time_machine.travel(CLOSES - 5 * DAY, tick=False):
        part = drafts_reminder(call["challenge"], {}, [pedro])[pedro.pk]

    assert part.text.startswith(
        "Así va tu borrador:\n\n“Huerto escolar” tiene todo lo necesario"
    )  # Pedro reads Spanish


def test_people_without_a_draft_get_no_part(call):
    assert drafts_reminder(call["challenge"], {}, [call["organizer"]]) == {}


def test_a_batch_is_read_in_the_same_queries_however_many_drafts(call, django_assert_num_queries):
    """The drafts, questions, answers and teams of the whole batch at once, and the deadline: 5 queries."""
    challenge = call["challenge"]
    people = people_of(challenge)
    with django_assert_num_queries(5):
        few = drafts_reminder(challenge, {}, people)
    for number in range(30):
        add_draft(challenge, f"Borrador {number}", make_user(f"p{number}@example.org"), problem="")
    people = people_of(challenge)

    with django_assert_num_queries(5):
        many = drafts_reminder(challenge, {}, people)

    assert (len(few), len(many)) == (2, 32)


def test_the_preview_says_each_person_also_receives_their_own_part(call):
    client = Client(headers={"accept-language": "en"})
    client.force_login(call["organizer"])
    url = reverse("console:message_new", args=[call["challenge"].slug])
    fields = {"subject": "Recordatorio", "body": "Quedan pocos días.", "token": str(uuid.uuid4()), "preview": ""}

    drafts = client.post(url, {**fields, "segment": "drafts"}).content.decode()
    submitted = client.post(url, {**fields, "segment": "submitted"}).content.decode()

    note = "Each person also receives, in their language, what their drafts still miss"
    assert note in drafts and "It will go to 2 people" in drafts
    assert note not in submitted


def test_the_message_page_shows_each_reader_their_drafts_as_they_stand_now(call, django_capture_on_commit_callbacks):
    """Where the notification leads: the reader's own part, measured when they read it; the author sees none."""
    remind(call, django_capture_on_commit_callbacks, now=CLOSES - 5 * DAY)
    rosa = call["huerto"].members.get(role="lead").user
    url = Notification.objects.get(user=rosa).url
    Proposal.objects.filter(pk=call["huerto"].pk).update(solution="Riego por goteo")  # completed since
    client = Client(headers={"accept-language": "en"})

    client.force_login(rosa)
    with time_machine.travel(CLOSES - 2 * DAY, tick=False):
        page = client.get(url).content.decode()
    client.force_login(call["organizer"])
    authors = client.get(url).content.decode()

    assert "For you, today" in page
    assert "“Huerto escolar” has everything it needs" in page
    assert "The call closes in 48 hours" in page
    assert "For you, today" not in authors and "Huerto escolar" not in authors
