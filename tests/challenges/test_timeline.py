"""The current phase and what it allows, at the edges of deadlines, in Lima time."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine

from challenges.timeline import Action, PhaseSpan, allowed_actions, ensure_allowed, next_deadline, timeline_errors
from innovation_platform.core.errors import ApplicationError
from tests.conftest import make_challenge, make_lab

LIMA = zoneinfo.ZoneInfo("America/Lima")
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=LIMA)
CLOSES = datetime(2026, 3, 31, 23, 59, 59, tzinfo=LIMA)  # 2026-04-01 04:59:59 UTC
SECOND = timedelta(seconds=1)


@pytest.fixture
def challenge(db):
    return make_challenge(
        make_lab(),
        visibility="published",
        phases={
            "proposals": (OPENS, CLOSES),
            "evaluation": (CLOSES + SECOND, CLOSES + timedelta(days=10)),
        },
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - SECOND, frozenset()),
        (OPENS, frozenset({Action.SUBMIT, Action.EDIT, Action.SUPPORT})),
        (CLOSES - SECOND, frozenset({Action.SUBMIT, Action.EDIT, Action.SUPPORT})),
        (CLOSES, frozenset()),  # the end is exclusive; the evaluation starts one second later
        (CLOSES + SECOND, frozenset({Action.SCORE})),
    ],
)
def test_actions_follow_the_phase_at_the_edges(challenge, moment, expected):
    assert allowed_actions(challenge, now=moment) == expected


def test_a_deadline_at_midnight_lima_is_still_open_the_next_utc_day(challenge):
    utc_next_day = datetime(2026, 4, 1, 4, 59, 58, tzinfo=zoneinfo.ZoneInfo("UTC"))

    with time_machine.travel(utc_next_day, tick=False):
        assert Action.SUBMIT in allowed_actions(challenge)
    with time_machine.travel(utc_next_day + 2 * SECOND, tick=False):
        assert Action.SUBMIT not in allowed_actions(challenge)


def test_refusal_explains_when_the_phase_closed_in_the_challenges_time_zone(challenge):
    with pytest.raises(ApplicationError) as error:
        ensure_allowed(challenge, Action.SUBMIT, now=CLOSES + timedelta(hours=1))

    assert "31 de marzo de 2026 a las 23:59" in error.value.message


def test_refusal_before_opening_says_when_it_opens(challenge):
    with pytest.raises(ApplicationError) as error:
        ensure_allowed(challenge, Action.SUBMIT, now=OPENS - timedelta(days=1))

    assert "1 de marzo de 2026 a las 09:00" in error.value.message


def test_a_draft_allows_nothing(challenge):
    challenge.visibility = "draft"

    assert allowed_actions(challenge, now=OPENS) == frozenset()
    with pytest.raises(ApplicationError):
        ensure_allowed(challenge, Action.SUBMIT, now=OPENS)


def test_next_deadline_is_the_nearest_end_still_ahead(challenge):
    phases = list(challenge.phases.all())

    assert next_deadline(phases, now=OPENS).kind == "proposals"
    assert next_deadline(phases, now=CLOSES).kind == "evaluation"
    assert next_deadline(phases, now=CLOSES + timedelta(days=30)) is None


def test_timeline_errors_catch_reversed_repeated_and_overlapping_phases():
    day = timedelta(days=1)
    errors = timeline_errors(
        [
            PhaseSpan("proposals", OPENS, OPENS - day),
            PhaseSpan("evaluation", OPENS, OPENS + day),
            PhaseSpan("evaluation", OPENS + 2 * day, OPENS + 3 * day),
            PhaseSpan("lab", OPENS + 2 * day, OPENS + 5 * day),
        ]
    )

    assert errors == [
        "Cada fase puede aparecer solo una vez.",
        "Convocatoria de propuestas debe terminar después de comenzar.",
        "Laboratorio / hackatón no puede comenzar antes de que termine Evaluación.",
    ]


def test_a_well_ordered_timeline_has_no_errors():
    day = timedelta(days=1)

    assert (
        timeline_errors(
            [
                PhaseSpan("evaluation", OPENS + 2 * day, OPENS + 3 * day),
                PhaseSpan("proposals", OPENS, OPENS + 2 * day),
            ]
        )
        == []
    )
