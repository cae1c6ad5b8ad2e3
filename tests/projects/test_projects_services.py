"""Projects open when proposals are selected, the team edits them under an optimistic lock, outcomes are validated,
kept in a history, audited, told to the team and to the challenge's live page; a drop-out says so on the project."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, translation

from innovation_platform.core.documents import clean_document
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent, Notification
from judging.services.selection import selection_confirm, selection_propose
from projects.models import Outcome, OutcomeChange, Project
from projects.selectors.projects import challenge_lab_figures
from projects.services.projects import EditConflict, project_outcome_set, project_update
from proposals.models import ProposalStatus
from proposals.services.waitlist import proposal_drop_out, waitlist_promote
from tests.core.test_documents import pdf_bytes
from tests.judging import results_world
from tests.projects import projects_world
from tests.projects.projects_world import make_project

pytestmark = pytest.mark.django_db
world = projects_world.world
english = projects_world.english
results = results_world.world


def outcome(world, actor="organizer", **fields):
    arguments = {
        "project": world["project"],
        "actor": world["people"][actor],
        "outcome": Outcome.BUILT,
        "on": world["now"].date() - timedelta(days=1),
        "reason": "Working in the final demo.",
    }
    return project_outcome_set(**(arguments | fields))


# --- Opening ------------------------------------------------------------------------------------------------------


def test_confirming_a_selection_opens_a_project_for_each_selected_proposal(results, django_capture_on_commit_callbacks):
    selection_propose(round_=results["round"], actor=results["organizer"])
    with django_capture_on_commit_callbacks(execute=True):
        selection_confirm(round_=results["round"], actor=results["organizer"], despite_missing=True)

    selected = results["challenge"].proposals.filter(status=ProposalStatus.SELECTED).order_by("number")
    assert list(Project.objects.order_by("proposal__number").values_list("proposal__title", "title", "outcome")) == [
        (proposal.title, proposal.title, Outcome.IN_LAB) for proposal in selected
    ]
    assert selected.count() == 2


def test_a_promotion_from_the_waitlist_opens_the_promoted_proposal_s_project(world):
    challenge, lead = world["challenge"], world["people"]["citizen"]
    waiting = make_project(challenge, "Espera", lead, number=2)  # opened, then put back on the waitlist
    Project.objects.filter(pk=waiting.pk).delete()
    waiting.proposal.status, waiting.proposal.waitlist_position = ProposalStatus.WAITLISTED, 1
    waiting.proposal.save()

    promoted = waitlist_promote(challenge=challenge, actor=world["people"]["organizer"])

    assert promoted.pk == waiting.proposal.pk
    assert Project.objects.get(proposal=promoted).outcome == Outcome.IN_LAB


def test_a_drop_out_sets_its_project_s_outcome_with_the_reason_and_frees_the_lab_figure(world):
    project = world["project"]
    before = challenge_lab_figures(world["challenge"].pk)

    proposal_drop_out(
        proposal=project.proposal, actor=world["people"]["organizer"], reason="Moved abroad.", promote_next=False
    )

    project.refresh_from_db()
    assert (project.outcome, project.outcome_on) == (
        Outcome.DROPPED_OUT,
        world["now"].astimezone(world["challenge"].tzinfo).date(),
    )
    assert list(project.outcome_changes.values_list("outcome", "reason")) == [(Outcome.DROPPED_OUT, "Moved abroad.")]
    assert (before["selected"], challenge_lab_figures(world["challenge"].pk)["selected"]) == (1, 0)
    assert "project.outcome_set" in AuditLogEntry.objects.values_list("action", flat=True)
    with pytest.raises(ApplicationError, match="dropped out"):
        outcome(world)


# --- The team's edits ---------------------------------------------------------------------------------------------


def test_a_save_bumps_the_version_stores_the_slides_and_is_audited(world):
    project = world["project"]
    slides = clean_document(SimpleUploadedFile("Final.pdf", pdf_bytes(), content_type="application/pdf"))

    project_update(
        project=project,
        actor=world["people"]["member"],
        expected_version=1,
        data={"title": "Medidor de cloro v2", "built_what": "Un **medidor**."},
        slides=slides,
    )

    project.refresh_from_db()
    assert (project.version, project.title, project.built_what) == (2, "Medidor de cloro v2", "Un **medidor**.")
    assert project.slides.name.endswith(".pdf")
    entry = AuditLogEntry.objects.get(action="project.saved")
    assert entry.data == {"version": 2, "fields": ["title", "built_what", "slides"]}


def test_a_save_from_a_stale_version_overwrites_nothing(world):
    project = world["project"]
    project_update(project=project, actor=world["people"]["lead"], expected_version=1, data={"title": "First"})

    with pytest.raises(EditConflict):
        project_update(project=project, actor=world["people"]["member"], expected_version=1, data={"title": "Second"})

    project.refresh_from_db()
    assert (project.version, project.title) == (2, "First")


def test_the_proposal_stays_as_it_was_judged(world):
    proposal = world["project"].proposal
    project_update(project=world["project"], actor=world["people"]["lead"], expected_version=1, data={"title": "New"})

    proposal.refresh_from_db()
    assert (proposal.title, proposal.version) == ("Medidor de cloro", 1)


# --- Outcomes -----------------------------------------------------------------------------------------------------


def test_an_adoption_names_the_public_body_and_a_link(world):
    with pytest.raises(ApplicationError) as refused:
        outcome(world, outcome=Outcome.ADOPTED, adopted_url="https://example.org/acuerdo")
    assert refused.value.field == "adopted_by"
    with pytest.raises(ApplicationError) as refused:
        outcome(world, outcome=Outcome.ADOPTED, adopted_by="Municipalidad de Cayma")
    assert refused.value.field == "adopted_url"
    assert OutcomeChange.objects.count() == 0

    outcome(world, outcome=Outcome.ADOPTED, adopted_by="Municipalidad de Cayma", adopted_url="https://example.org/a")

    project = Project.objects.get()
    assert (project.outcome, project.adopted_by, project.adopted_url) == (
        Outcome.ADOPTED,
        "Municipalidad de Cayma",
        "https://example.org/a",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": Outcome.DROPPED_OUT}, "outcome"),  # recorded on the proposal, with its place freed
        ({"outcome": "invented"}, "outcome"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 2001}, "reason"),
    ],
)
def test_invalid_outcomes_are_refused_with_nothing_changed(world, fields, field):
    with pytest.raises(ApplicationError) as refused:
        outcome(world, **fields)

    assert refused.value.field == field
    assert (Project.objects.get().outcome, OutcomeChange.objects.count()) == (Outcome.IN_LAB, 0)


def test_an_outcome_cannot_be_dated_after_today_in_the_challenge_s_time_zone(world):
    """At 23:30 in Lima it is already the next day in UTC: that next day is still in the future for the call."""
    with time_machine.travel("2026-08-10 04:30Z", tick=False):  # 23:30 on 9 August in Lima
        with pytest.raises(ApplicationError) as refused:
            outcome(world, on=date(2026, 8, 10))
        assert refused.value.field == "on"
        outcome(world, on=date(2026, 8, 9))

    assert Project.objects.get().outcome_on.isoformat() == "2026-08-09"


def test_an_organizer_s_outcome_is_kept_audited_told_to_the_team_in_their_language_and_live(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome(world, outcome=Outcome.PILOTING, reason="Three schools test it.")

    assert list(OutcomeChange.objects.values_list("outcome", "reason", "author__email")) == [
        (Outcome.PILOTING, "Three schools test it.", "org@example.org")
    ]
    assert AuditLogEntry.objects.get(action="project.outcome_set").data["outcome"] == Outcome.PILOTING
    # Each in the reader's language: the date reads in Spanish for the co-author (Django's own catalogue).
    on = world["now"].date() - timedelta(days=1)
    dates = {}
    for language in ("en", "es"):
        with translation.override(language):
            dates[language] = formats.date_format(on, "DATE_FORMAT")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert sorted(bodies) == ["coauthor@example.org", "collab@example.org", "lead@example.org"]
    assert dates["es"] in bodies["coauthor@example.org"] and dates["en"] in bodies["lead@example.org"]
    assert "Three schools test it." in bodies["lead@example.org"]
    assert dict(Notification.objects.values_list("user__email", "url")) == {
        email: world["project"].get_absolute_url() for email in bodies
    }
    (event,) = LiveEvent.objects.filter(type="project.outcome")
    assert (event.group, event.payload) == (groups.challenge(world["challenge"].pk), {"selected": 1, "built": 1})


def test_the_team_s_own_outcome_tells_nobody_by_mail(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome(world, actor="lead")

    assert (len(mail.outbox), Notification.objects.count()) == (0, 0)
    assert LiveEvent.objects.filter(type="project.outcome").count() == 1


def test_lab_figures_count_selected_and_built_in_one_query(world, django_assert_num_queries):
    challenge = world["challenge"]
    for number, state in enumerate([Outcome.PILOTING, Outcome.NOT_BUILT, Outcome.DROPPED_OUT], start=2):
        Project.objects.filter(
            pk=make_project(challenge, f"P{number}", world["people"]["citizen"], number=number).pk
        ).update(outcome=state)

    with django_assert_num_queries(1):
        figures = challenge_lab_figures(challenge.pk)

    assert figures == {"selected": 3, "built": 1, "decided": 2, "known": True}
