"""The labs and innovators directories for signed-in visitors (core/page_cache.py): their filters, cards and figures
are kept rendered for everyone (`{% shared %}`), their counts and facets under the directory's version, while what
is the visitor's own (their name, the "Register a lab" button their verified address earns) stays theirs; filtered,
searched and paginated addresses keep their own parts and read as with the cache off."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.services import profile_update
from innovation_platform.core.models import PageVersion
from innovation_platform.core.page_cache import DIRECTORY
from innovation_platform.labs.models import LabKind
from innovation_platform.labs.services import lab_create
from tests.conftest import make_lab, make_user
from tests.core import page_cache_world

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
world = page_cache_world.world

LABS = "/labs/"
INNOVATORS = "/innovators/"
# What only the kept parts read: a second visitor must not query these tables (nor count or group anything).
PART_TABLES = {LABS: ['"labs_lab"'], INNOVATORS: ['"accounts_profile"', '"taggit_tag"']}
CARDS = re.compile(r'<section class="list-results".*?</section>', re.S)


def signed_in(user) -> Client:
    visitor = Client(headers={"accept-language": "en"})
    visitor.force_login(user)
    return visitor


def without_token(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def public_profile(email: str, full_name: str, *, region: str = "PE-CUS", skills=("agua",)) -> Profile:
    profile = Profile.objects.get(user=make_user(email, full_name=full_name))
    return profile_update(
        profile=profile,
        user_data={},
        profile_data={"is_public": True, "region": region, "organization": "Colectivo Andino"},
        skills=list(skills),
        interests=["clima"],
    )


def bump_directory(version: int) -> None:
    """As the commit of rows added outside a service (the tests' transaction runs no commit callbacks)."""
    PageVersion.objects.update_or_create(scope=DIRECTORY, defaults={"version": version})


@pytest.mark.parametrize("url", [LABS, INNOVATORS])
def test_signed_in_visitors_share_the_directory_and_keep_their_own_header(world, url):
    """The second signed-in visitor gets the filters, cards and figures the first one's view rendered, without a
    query for them, and their own name in the header; the first visitor's never shows."""
    public_profile("pedro@example.org", "Pedro Puma")
    first = signed_in(make_user("ana@example.org", full_name="Ana Arce")).get(url).content.decode()
    other = signed_in(make_user("beto@example.org", full_name="Beto Bravo"))
    with CaptureQueriesContext(connection) as queries:
        second = other.get(url).content.decode()
    read = [q["sql"] for q in queries if any(table in q["sql"] for table in PART_TABLES[url])]
    assert not read
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    assert CARDS.search(first).group() == CARDS.search(second).group()
    assert "Beto Bravo" in second and "Ana Arce" not in second
    if url == LABS:
        assert "Laboratorio Altiplano" in second and "Labs by region and kind" in second
    else:
        assert "Rosa Mamani" in second and "Pedro Puma" in second and "agua" in second


def test_the_register_button_stays_each_visitors_own(world):
    """Only a person with a verified address may register a lab: the button follows the visitor, not whoever
    rendered the kept parts first."""
    pages = [
        signed_in(make_user(email, full_name=name, verified=verified)).get(LABS).content.decode()
        for email, name, verified in [
            ("ana@example.org", "Ana Arce", True),
            ("beto@example.org", "Beto Bravo", False),
            ("carla@example.org", "Carla Cruz", True),
        ]
    ]
    assert ["Register a lab" in page for page in pages] == [True, False, True]


def add_rows(url: str, count: int, start: int) -> None:
    for i in range(start, start + count):
        if url == LABS:
            make_lab(f"lab-{i}", name=f"Laboratorio {i}", kind=LabKind.ACADEMIA if i % 2 else LabKind.PUBLIC)
        else:
            public_profile(f"p{i}@example.org", f"Persona {i}", skills=(f"oficio-{i}", "agua"))


@pytest.mark.parametrize("url", [LABS, INNOVATORS])
def test_a_signed_in_directory_costs_the_same_few_queries_for_3_and_30_rows(world, url):
    """The same queries whether the directory lists 3 or 30 rows (more than a page): when its parts are rendered
    after a change, and fewer once they are kept."""
    visitor = signed_in(make_user("ana@example.org"))
    rendering, kept = [], []
    for version, (extra, start) in enumerate([(2, 0), (27, 2)], start=1):
        add_rows(url, extra, start)
        bump_directory(version)
        for counts in (rendering, kept):
            with CaptureQueriesContext(connection) as queries:
                assert visitor.get(url).status_code == 200
            counts.append(len(queries))
    assert rendering[0] == rendering[1]
    assert kept[0] == kept[1] < rendering[0]


@pytest.fixture
def figures_kept(settings):
    """Whole-table figures kept for minutes, as in production (the tests' settings keep none)."""
    settings.FIGURES_CACHE_SECONDS = 300


def test_a_lab_registered_shows_in_the_count_and_figures_at_once(
    world, figures_kept, django_capture_on_commit_callbacks
):
    """The count and the network's figures are kept under the directory's version, not for minutes."""
    visitor = signed_in(make_user("ana@example.org", full_name="Ana Arce"))
    before = visitor.get(LABS).content.decode()
    assert "1 lab found" in before and "Laboratorio Costero" not in before
    with django_capture_on_commit_callbacks(execute=True):
        lab_create(
            creator=world["organizer"],
            data={"name": "Laboratorio Costero", "kind": LabKind.ACADEMIA, "country": "PE", "region": "PE-PIU"},
        )
    after = visitor.get(LABS).content.decode()
    assert "2 labs found" in after and "Laboratorio Costero" in after
    piura_row, total = '<a href="?region=PE-PIU">Piura</a></th>', "<td>2</td></tr></tfoot>"  # the figures table
    assert piura_row not in before and total not in before
    assert piura_row in after and total in after


def test_a_profile_made_public_shows_in_the_count_and_facets_at_once(
    world, figures_kept, django_capture_on_commit_callbacks
):
    visitor = signed_in(make_user("ana@example.org", full_name="Ana Arce"))
    before = visitor.get(INNOVATORS).content.decode()
    assert "1 innovator found" in before and "?skill=riego" not in before
    with django_capture_on_commit_callbacks(execute=True):
        public_profile("pedro@example.org", "Pedro Puma", region="PE-ARE", skills=["riego"])
    after = visitor.get(INNOVATORS).content.decode()
    assert "2 innovators found" in after and "Pedro Puma" in after
    assert "?skill=riego" in after and "?region=PE-ARE" in after


FILTERED = [
    LABS,
    "/labs/?kind=academia",
    "/labs/?q=laboratorio+1",
    "/labs/?q=jeronimo",
    "/labs/?region=PE-CUS&sort=newest",
    "/labs/?page=2",
    "/labs/?kind=bogus&page=99",
    "/labs/?q=nada+de+nada",
    INNOVATORS,
    "/innovators/?skill=oficio-3",
    "/innovators/?q=persona+2",
    "/innovators/?region=PE-CUS&sort=region",
    "/innovators/?interest=clima&page=2",
    "/innovators/?q=nadie",
]


def test_filtered_searched_and_paginated_directories_read_as_with_the_cache_off(world, settings):
    """Each address keeps its own parts: a kept page (read twice, by two visitors) is the page rendered with the
    cache off, for every filter, search, sort and page."""
    make_lab("san-jeronimo", name="Laboratorio de San Jerónimo", city="Cusco")
    add_rows(LABS, 30, 0)
    add_rows(INNOVATORS, 30, 0)
    first, second = (signed_in(make_user(f"{name}@example.org", full_name=name)) for name in ("Ana", "Beto"))
    kept = {}
    for url in FILTERED:
        first.get(url)
        kept[url] = without_token(second.get(url).content)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for url in FILTERED:
        assert kept[url] == without_token(second.get(url).content), url
    assert "Laboratorio de San Jerónimo" in kept["/labs/?q=jeronimo"]
    assert "No lab matches these filters." in kept["/labs/?q=nada+de+nada"]
    assert "Persona 3" in kept["/innovators/?skill=oficio-3"]
    assert CARDS.search(kept[LABS]).group() != CARDS.search(kept["/labs/?page=2"]).group()
