"""The demo challenges: one open call, one finished, one upcoming; loading them again adds nothing."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from challenges.demo import CAJAMARCA_SLUG, EVALUATION_SLUG, LABIC_SLUG, seed_challenges
from challenges.models import (
    Announcement,
    Challenge,
    ChallengeRole,
    FAQItem,
    Phase,
    PhaseKind,
    Question,
    Quota,
    Session,
)
from challenges.selectors import Status, challenge_status
from innovation_platform.accounts.demo import seed_accounts
from innovation_platform.labs.demo import seed_labs

pytestmark = pytest.mark.django_db

MODELS = [Challenge, Phase, Question, FAQItem, Quota, Session, Announcement, ChallengeRole]


@pytest.fixture
def accounts(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    return accounts


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_adds_nothing(accounts):
    assert seed_challenges(accounts) == 5
    first = counts()

    assert seed_challenges(accounts) == 0
    assert counts() == first
    assert first["Challenge"] == 5


def test_one_challenge_of_each_status(accounts):
    seed_challenges(accounts)

    statuses = {c.slug: challenge_status(c.phases.all()) for c in Challenge.objects.prefetch_related("phases")}

    assert statuses == {
        LABIC_SLUG: Status.OPEN,
        "hackaton-agua-arequipa": Status.FINISHED,
        "reto-turismo-comunitario-cusco": Status.UPCOMING,
        CAJAMARCA_SLUG: Status.OPEN,
        EVALUATION_SLUG: Status.RUNNING,
    }


def test_the_labic_call_is_open_with_its_lab_schedule_and_team(accounts):
    seed_challenges(accounts)

    labic = Challenge.objects.get(slug=LABIC_SLUG)
    phases = {phase.kind: phase for phase in labic.phases.all()}
    lab = phases[PhaseKind.LAB]

    assert labic.lab.slug == "labic-peru"
    assert (labic.kind, labic.scope, labic.visibility) == ("citizen_lab", "international", "published")
    assert labic.current_phase().kind == PhaseKind.PROPOSALS
    assert (lab.ends_at - lab.starts_at).days == 7  # eight days, from midnight to 23:59:59
    assert all(lab.starts_at <= s.starts_at and s.ends_at <= lab.ends_at for s in labic.sessions.all())
    assert labic.sessions.count() >= 10
    assert 3 <= labic.questions.count() <= 4
    assert labic.announcements.filter(pinned=True).count() == 1
    assert labic.announcements.count() == 3
    assert labic.quotas.get(kind="min_outside_capital").count == 2
    assert sorted(labic.roles.values_list("user__email", "role")) == [
        (accounts["juror"].email, "mentor"),
        (accounts["organizer"].email, "organizer"),
    ]


def test_seed_demo_command_loads_the_challenges(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo publishes the open datasets' files
    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("seed_demo", labs=6, innovators=2, quiet_accounts=True, stdout=output)

    assert Challenge.objects.count() == 6  # the five calls, and the lab's training without a call (projects.demo)
    assert [output.getvalue().split(", ")[-1] for output in outputs] == ["5 new challenges.\n", "0 new challenges.\n"]
