"""A small public world for the page cache's tests: a lab, a published call open for proposals with one required
question, a submitted proposal whose lead has a public profile, and the cache turned on."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from challenges.models import Question
from innovation_platform.accounts.models import Profile
from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalMember
from proposals.services.similar import proposal_terms_index
from proposals.services.submission import proposal_save, proposal_start
from tests.conftest import make_challenge, make_lab, make_user

DAY = timedelta(days=1)
COMPLETE = {
    "title": "Cosecha de lluvia en Ayaviri",
    "summary": "Techos que recogen agua.",
    "problem": "Sequía.",
    "solution": "Canaletas y tanques.",
    "beneficiaries": "40 familias.",
    "expected_impact": "Agua todo el año.",
    "stage": "prototype",
    "country": "PE",
    "region": "PE-PUN",
    "licence": "cc-by",
}


# The tests read the kept pages' keys and the clock, which a process-local cache shows; the suite's Redis run (CI)
# would keep entries across tests and expire them on its own clock.
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}}


@pytest.fixture
def page_cache_on(settings):
    settings.CACHES = LOCAL_CACHE
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    yield
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def english():
    """A signed-out visitor reading in English (the source strings)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def world(db, page_cache_on, django_capture_on_commit_callbacks):
    # Set up as committed: its commit callbacks run, so no version bump is left pending for a test's change.
    with django_capture_on_commit_callbacks(execute=True):
        return _world()


def _world() -> dict:
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-puno", name="Laboratorio Altiplano")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab,
        "reto-lluvia",
        title="Reto Lluvia",
        code="LLUVIA",
        visibility="published",
        selection_count=2,
        phases={"proposals": (now - DAY, now + 9 * DAY)},
    )
    Question.objects.create(challenge=challenge, label="¿Cuántas familias?", kind="number", required=True)
    lead = make_user("lead@example.org", full_name="Rosa Mamani")
    Profile.objects.filter(user=lead).update(region="PE-PUN", is_public=True, bio="Ingeniera.")
    shown = Proposal.objects.create(
        challenge=challenge, title="Bofedales vivos", summary="Riego.", status="submitted", number=1
    )
    ProposalMember.objects.create(proposal=shown, user=lead, role="lead")
    proposal_terms_index(proposal=shown)
    return {"now": now, "organizer": organizer, "lab": lab, "challenge": challenge, "lead": lead, "shown": shown}


def complete_draft(challenge, actor, title: str) -> Proposal:
    """A draft its lead could submit now."""
    draft = proposal_start(challenge=challenge, actor=actor, title=title)
    return proposal_save(
        proposal=draft,
        actor=actor,
        expected_version=draft.version,
        data={**COMPLETE, "title": title},
        tags=["agua"],
        answers={challenge.questions.get().pk: 40},
    )
