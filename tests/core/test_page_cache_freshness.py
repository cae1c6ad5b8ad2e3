"""A change is never stale: after the commit of each kind of change, the next request of each public page that shows
it renders the change, although the page before it came from the cache (core/page_cache.py): the whole page for a
signed-out reader, the parts every visitor sees (`{% shared %}`) and the rows they show for a signed-in one.

Each test reads the page once (which caches it), checks the second read used the cache, makes the change through
the service that makes it in the application with its commit callbacks run (as a real commit would), and reads the
page again. Runs on SQLite and, in CI, PostgreSQL.
"""

import re

import pytest
from django.core.cache import cache

from challenges.models import Announcement, Visibility
from challenges.services import challenge_publish, challenge_update, section_save
from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.services import profile_update
from innovation_platform.labs.services import lab_set_verified, lab_update
from proposals.models import Proposal
from proposals.services.moderation import content_hide
from proposals.services.screening import proposals_shortlist
from proposals.services.submission import proposal_submit
from proposals.services.waitlist import waitlist_promote
from tests.conftest import make_challenge, make_user
from tests.core import page_cache_world
from tests.core.page_cache_world import DAY, complete_draft

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
english = page_cache_world.english
world = page_cache_world.world

GALLERY = "/proposals/challenge/reto-lluvia/"
CHALLENGE = "/challenges/reto-lluvia/"


@pytest.fixture(params=["signed out", "signed in"])
def reader(request, world, english):
    """Someone reading the public pages in English: signed out, or signed in without any role in the call."""
    if request.param == "signed out":
        return english
    english.force_login(make_user("reader@example.org", full_name="Lucía Lectora"))
    return english


def cached_read(client, url: str) -> str:
    """The page, read twice: the second answer must come from the cache (a kept page, or kept parts for a signed-in
    reader, exist before it), the same page but for the CSRF token, which is masked anew on every answer."""
    first = client.get(url)
    assert first.status_code == 200
    kept = ":part:" if "_auth_user_id" in client.session else ":page:"
    assert any(kept in key for key in cache._cache), "nothing of the page was kept"
    second = client.get(url)
    assert without_token(second.content) == without_token(first.content)
    return second.content.decode()


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def etag(client, url: str) -> str:
    """The page's ETag once the visitor has the CSRF cookie the first answer sets (the ETag depends on it)."""
    client.get(url)
    return client.get(url)["ETag"]


def proposal_url(world) -> str:
    return f"/proposals/{world['shown'].pk}/"


@pytest.mark.parametrize("url", [GALLERY, CHALLENGE])
def test_a_proposal_submitted(world, reader, url, django_capture_on_commit_callbacks):
    citizen = make_user("citizen@example.org", full_name="Ciro Condori")
    draft = complete_draft(world["challenge"], citizen, "Cosecha de lluvia en Ayaviri")
    before = cached_read(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=draft, actor=citizen)
    after = reader.get(url).content.decode()
    if url == GALLERY:
        assert "Cosecha de lluvia en Ayaviri" not in before and "Cosecha de lluvia en Ayaviri" in after
    else:  # the call's figures: one proposal more
        assert before != after


def test_a_proposal_submitted_in_the_api_count(world, english, django_capture_on_commit_callbacks):
    url = "/api/v1/proposals/?challenge=reto-lluvia"
    assert english.get(url).json()["count"] == 1
    citizen = make_user("citizen@example.org")
    draft = complete_draft(world["challenge"], citizen, "Cosecha de lluvia en Ayaviri")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=draft, actor=citizen)
    assert english.get(url).json()["count"] == 2


def test_saving_a_draft_changes_no_public_page(world, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # a new person is on the directory's pages
        citizen = make_user("citizen@example.org")
    before = etag(english, GALLERY)
    with django_capture_on_commit_callbacks(execute=True):
        complete_draft(world["challenge"], citizen, "Borrador")
    assert english.get(GALLERY, headers={"if-none-match": before}).status_code == 304


@pytest.mark.parametrize("page", ["gallery", "proposal"])
def test_a_proposal_hidden(world, reader, page, django_capture_on_commit_callbacks):
    url = GALLERY if page == "gallery" else proposal_url(world)
    assert "Bofedales vivos" in cached_read(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        content_hide(content=world["shown"], actor=world["organizer"], reason="Datos personales")
    response = reader.get(url)
    if page == "gallery":
        assert "Bofedales vivos" not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("page", ["gallery", "proposal"])
def test_a_proposal_selected_from_the_waitlist(world, reader, page, django_capture_on_commit_callbacks):
    Proposal.objects.filter(pk=world["shown"].pk).update(status="waitlisted", waitlist_position=1)
    url = GALLERY if page == "gallery" else proposal_url(world)
    assert 'badge">Selected<' not in cached_read(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        waitlist_promote(challenge=world["challenge"], actor=world["organizer"])
    assert 'badge">Selected<' in reader.get(url).content.decode()


def test_proposals_shortlisted_in_bulk(world, reader, django_capture_on_commit_callbacks):
    """The shortlist changes statuses with one UPDATE, which sends no signal: the service bumps the version."""
    assert 'badge">Shortlisted<' not in cached_read(reader, GALLERY)
    with django_capture_on_commit_callbacks(execute=True):
        proposals_shortlist(challenge=world["challenge"], proposals=Proposal.objects.all(), actor=world["organizer"])
    assert 'badge">Shortlisted<' in reader.get(GALLERY).content.decode()


@pytest.mark.parametrize("url", [CHALLENGE, "/challenges/", GALLERY])
def test_a_challenge_edited(world, reader, url, django_capture_on_commit_callbacks):
    assert "Reto Lluvia" in cached_read(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        challenge_update(
            challenge=world["challenge"], actor=world["organizer"], data={"title": "Reto Agua de Lluvia"}, tags=[]
        )
    assert "Reto Agua de Lluvia" in reader.get(url).content.decode()


def test_a_challenge_published(world, reader, django_capture_on_commit_callbacks):
    phases = {"proposals": (world["now"], world["now"] + DAY)}
    draft = make_challenge(world["lab"], "reto-nuevo", title="Reto Nuevo", visibility=Visibility.DRAFT, phases=phases)
    assert "Reto Nuevo" not in cached_read(reader, "/challenges/")
    with django_capture_on_commit_callbacks(execute=True):
        challenge_publish(challenge=draft, actor=world["organizer"])
    assert "Reto Nuevo" in reader.get("/challenges/").content.decode()


def test_an_announcement_published(world, reader, django_capture_on_commit_callbacks):
    assert "Taller en Ayaviri" not in cached_read(reader, CHALLENGE)
    announcement = Announcement(title="Taller en Ayaviri", body="El sábado.", author=world["organizer"])
    with django_capture_on_commit_callbacks(execute=True):
        section_save(challenge=world["challenge"], actor=world["organizer"], obj=announcement, section="announcements")
    assert "Taller en Ayaviri" in reader.get(CHALLENGE).content.decode()


@pytest.mark.parametrize("url", ["/labs/", CHALLENGE])
def test_a_lab_renamed(world, reader, url, django_capture_on_commit_callbacks):
    assert "Laboratorio Altiplano" in cached_read(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        lab_update(lab=world["lab"], data={"name": "Laboratorio del Lago"})
    assert "Laboratorio del Lago" in reader.get(url).content.decode()


def featured_labs(page: str) -> str:
    """The home page's section of verified labs (its calls name their labs too)."""
    return page.split('id="labs-title"', 1)[1] if 'id="labs-title"' in page else ""


def test_a_lab_verified_is_featured_on_the_home_page(world, reader, django_capture_on_commit_callbacks):
    assert "Laboratorio Altiplano" not in featured_labs(cached_read(reader, "/"))
    with django_capture_on_commit_callbacks(execute=True):
        lab_set_verified(lab=world["lab"], actor=world["organizer"], verified=True)
    assert "Laboratorio Altiplano" in featured_labs(reader.get("/").content.decode())


@pytest.mark.parametrize("page", ["innovators", "proposal"])
def test_a_profile_changed(world, reader, page, django_capture_on_commit_callbacks):
    url = "/innovators/" if page == "innovators" else proposal_url(world)
    assert "Rosa Mamani" in cached_read(reader, url)
    profile = Profile.objects.get(user=world["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(
            profile=profile,
            user_data={"full_name": "Rosa Mamani Quispe"},
            profile_data={},
            skills=[],
            interests=[],
        )
    assert "Rosa Mamani Quispe" in reader.get(url).content.decode()


def test_a_sign_in_changes_no_public_page(world, english, client, django_capture_on_commit_callbacks):
    """Saving last_login is no change to any page: the cached copies stay valid."""
    before = etag(english, "/innovators/")
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(world["lead"])
    assert english.get("/innovators/", headers={"if-none-match": before}).status_code == 304
