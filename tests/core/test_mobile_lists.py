"""Mobile-first lists: the sort is in the URL (validated: an unknown sort keeps the default order), filters and sort
keep each other, the filters panel is a <details> closed in the markup with the results right after it (complete
without JavaScript), query counts do not grow with the rows; tables scroll in focusable regions, Mis propuestas
stacks and the review page jumps to the scoring panel (the expo's vote on the first screen: tests/browser)."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_challenge, make_lab
from tests.core.mobile_world import (
    DAY,
    NOW,
    call_with_supports,
    filters_panel,
    labs_in_three_regions,
    make_proposal,
    public_innovator,
    support,
    titles,
)
from tests.judging import scoring_world
from tests.judging.scoring_world import assign

pytestmark = pytest.mark.django_db
world = scoring_world.world  # a rubric round with jurors, for the review page


def names(response) -> list[str]:
    return [row.name for row in response.context["page"].object_list]


def people(response) -> list[str]:
    return [row.user.full_name for row in response.context["page"].object_list]


class TestSortInTheUrl:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["A Laboratorio", "B Laboratorio", "C Laboratorio"]),  # by name, by default
            ("name", ["A Laboratorio", "B Laboratorio", "C Laboratorio"]),
            ("newest", ["C Laboratorio", "A Laboratorio", "B Laboratorio"]),
            ("region", ["C Laboratorio", "B Laboratorio", "A Laboratorio"]),  # Arequipa, Cusco, Puno
            ("drop table", ["A Laboratorio", "B Laboratorio", "C Laboratorio"]),  # unknown: the default order
            ("-name", ["A Laboratorio", "B Laboratorio", "C Laboratorio"]),
        ],
    )
    def test_labs(self, client, sort, expected):
        labs_in_three_regions()
        response = client.get(reverse("labs:list"), {"sort": sort})
        assert response.status_code == 200
        assert names(response) == expected

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["Ana Ccori", "Beto Apaza", "Carla Huamán"]),
            ("newest", ["Carla Huamán", "Ana Ccori", "Beto Apaza"]),
            ("region", ["Carla Huamán", "Beto Apaza", "Ana Ccori"]),
            ("nonsense", ["Ana Ccori", "Beto Apaza", "Carla Huamán"]),
        ],
    )
    def test_innovators(self, client, sort, expected):
        public_innovator("beto@example.org", "Beto Apaza", "PE-CUS")
        public_innovator("ana@example.org", "Ana Ccori", "PE-PUN")
        public_innovator("carla@example.org", "Carla Huamán", "PE-ARE")
        response = client.get(reverse("accounts:innovator_list"), {"sort": sort})
        assert response.status_code == 200
        assert people(response) == expected

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["Reto pronto", "Reto tarde"]),  # the nearest deadline first
            ("title", ["Reto pronto", "Reto tarde"]),
            ("newest", ["Reto tarde", "Reto pronto"]),
            ("¿?", ["Reto pronto", "Reto tarde"]),
        ],
    )
    def test_challenges(self, client, lab, sort, expected):
        make_challenge(
            lab, "pronto", title="Reto pronto", visibility="published", published_at=NOW - 9 * DAY,
            phases={"proposals": (NOW - DAY, NOW + DAY)},
        )  # fmt: skip
        make_challenge(
            lab, "tarde", title="Reto tarde", visibility="published", published_at=NOW - DAY,
            phases={"proposals": (NOW - DAY, NOW + 30 * DAY)},
        )  # fmt: skip
        response = client.get(reverse("challenges:list"), {"sort": sort})
        assert response.status_code == 200
        assert titles(response) == expected

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["Huertos", "Agua", "Quinua"]),  # by reference
            ("title", ["Agua", "Huertos", "Quinua"]),
            ("region", ["Quinua", "Huertos", "Agua"]),  # Arequipa, Cusco, Puno
            ("supported", ["Huertos", "Agua", "Quinua"]),  # counts hidden: not offered, so ignored
        ],
    )
    def test_gallery(self, client, lab, sort, expected):
        challenge = call_with_supports(lab, supports_counts="after")
        make_proposal(challenge, "Huertos", region="PE-CUS")
        make_proposal(challenge, "Agua", region="PE-PUN")
        make_proposal(challenge, "Quinua", region="PE-ARE")
        response = client.get(reverse("proposals:gallery", args=[challenge.slug]), {"sort": sort})
        assert response.status_code == 200
        assert titles(response) == expected
        assert "supported" not in dict(response.context["form"].fields["sort"].choices)

    def test_gallery_by_supports_where_their_counts_are_shown(self, client, lab):
        challenge = call_with_supports(lab, supports_counts="live")
        for title, supports in [("Huertos", 1), ("Agua", 3), ("Quinua", 0), ("Ferias", 1)]:
            support(make_proposal(challenge, title), supports)
        response = client.get(reverse("proposals:gallery", args=[challenge.slug]), {"sort": "supported"})
        assert titles(response) == ["Agua", "Huertos", "Ferias", "Quinua"]  # ties by reference
        assert response.context["form"].sort_key == "supported"

    def test_newest_proposals_first(self, client, lab):
        challenge = call_with_supports(lab)
        for days, title in [(3, "Tres"), (1, "Uno"), (2, "Dos")]:
            make_proposal(challenge, title, submitted_at=NOW - days * DAY)
        response = client.get(reverse("proposals:gallery", args=[challenge.slug]), {"sort": "newest"})
        assert titles(response) == ["Uno", "Dos", "Tres"]


class TestFiltersAndSortKeepEachOther:
    def test_the_sort_form_carries_the_filters_and_the_filters_carry_the_sort(self, client):
        labs_in_three_regions()
        html = client.get(
            reverse("labs:list"), {"q": "laboratorio", "kind": "public", "sort": "region", "page": "1"}
        ).text
        sort_form = re.search(r'<form method="get" class="list-sort">.*?</form>', html, re.S).group(0)
        assert '<input type="hidden" name="q" value="laboratorio">' in sort_form
        assert '<input type="hidden" name="kind" value="public">' in sort_form
        assert 'name="page"' not in sort_form  # a new order starts on its first page
        assert '<option value="region" selected>' in sort_form
        assert '<input type="hidden" name="sort" value="region">' in filters_panel(html)

    def test_without_a_sort_the_filters_add_none(self, client):
        labs_in_three_regions()
        assert 'name="sort"' not in filters_panel(client.get(reverse("labs:list")).text)

    def test_the_panel_says_how_many_filters_apply(self, english_client):
        labs_in_three_regions()
        summary = re.search(r"<summary>.*?</summary>", english_client.get("/labs/?q=lab&kind=public").text, re.S)
        assert ">2 applied<" in summary.group(0)


def list_pages(lab) -> dict[str, str]:
    challenge = call_with_supports(lab)
    make_proposal(challenge, "Huertos")
    return {
        "gallery": reverse("proposals:gallery", args=[challenge.slug]),
        "challenges": reverse("challenges:list"),
        "labs": reverse("labs:list"),
        "innovators": reverse("accounts:innovator_list"),
        "projects": reverse("projects:gallery"),
    }


@pytest.mark.parametrize("page", ["gallery", "challenges", "labs", "innovators", "projects"])
def test_without_javascript_the_results_come_first_and_the_filters_fold(client, lab, page):
    """The panel is closed in the markup (static/js/filters.js opens it on wide screens); its summary is the only
    thing between the count and the results; its form works as a plain GET form."""
    public_innovator("ana@example.org", "Ana Ccori", "PE-PUN")
    page_html = client.get(list_pages(lab)[page]).text
    html = page_html[page_html.index("<main") :]  # the header's menus are <details> too
    panel = filters_panel(html)
    opening = panel[: panel.index(">") + 1]
    assert opening == '<details class="filters-panel" data-open-wide>'  # no `open`
    assert '<form method="get" class="filter-form">' in panel
    assert html.index("</details>") < html.index('id="results-title"')
    assert html.index("<h1") < html.index("<details") < html.index('id="results-title"')
    assert "js/filters.js" in page_html
    if page != "projects":  # the projects' gallery pages by position after the newest: no other order
        assert html.index('class="list-sort"') < html.index("<details")


@pytest.mark.parametrize("sort", ["name", "newest", "region"])
def test_the_labs_directory_query_count_does_not_grow(client, sort, django_assert_num_queries):
    make_lab("lab-0", name="Lab 0")
    with django_assert_num_queries(3) as one:
        client.get(reverse("labs:list"), {"sort": sort, "q": "lab"})
    for i in range(1, 30):
        make_lab(f"lab-{i}", name=f"Lab {i}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("labs:list"), {"sort": sort, "q": "lab"})
    assert len(response.context["page"].object_list) == 24


@pytest.mark.parametrize("sort", ["name", "newest", "region"])
def test_the_innovators_directory_query_count_does_not_grow(client, sort, django_assert_num_queries):
    public_innovator("p0@example.org", "Persona 0", "PE-CUS")
    with django_assert_num_queries(7) as one:
        client.get(reverse("accounts:innovator_list"), {"sort": sort, "q": "persona"})
    for i in range(1, 3):
        public_innovator(f"p{i}@example.org", f"Persona {i}", "PE-PUN")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("accounts:innovator_list"), {"sort": sort, "q": "persona"})
    assert len(response.context["page"].object_list) == 3


@pytest.mark.parametrize("sort", ["reference", "newest", "title", "region", "supported"])
def test_the_gallery_query_count_does_not_grow(client, lab, sort, django_assert_num_queries):
    challenge = call_with_supports(lab)
    support(make_proposal(challenge, "P0"), 1)
    url = reverse("proposals:gallery", args=[challenge.slug])
    client.get(url)  # the cached facets and figures, as on any later visit
    # The challenge, its phases; the facets; the page's count, rows and categories; the supports shown.
    with django_assert_num_queries(8):
        client.get(url, {"sort": sort})
    for i in range(1, 3):
        support(make_proposal(challenge, f"P{i}"), 2)
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url, {"sort": sort})
    assert len(response.context["page"].object_list) == 3


class TestTables:
    def test_my_proposals_stack_into_cards_whose_cells_name_their_column(self, client, citizen, lab):
        challenge = call_with_supports(lab)
        make_proposal(challenge, "Huertos", lead=citizen)
        client.force_login(citizen)
        html = client.get(reverse("proposals:mine")).text
        assert '<table class="proposal-table stack-table">' in html
        assert '<th scope="row" class="stack-title">Huertos</th>' in html
        for label in ["Reto", "Código de referencia", "Estado", "Último cambio", "Acciones"]:
            assert f'data-label="{label}"' in html
        assert re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="([^"]+)">', html)

    def test_every_table_scroll_region_is_focusable_and_named(self):
        """Each wide table's scroll area takes keyboard focus (to scroll it) and says what it holds."""
        from pathlib import Path

        from django.conf import settings

        unnamed = []
        for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
            for tag in re.findall(r'<div class="table-scroll"[^>]*>', template.read_text()):
                if 'tabindex="0"' not in tag or 'role="region"' not in tag or "aria-label" not in tag:
                    unnamed.append(f"{template.name}: {tag}")
        assert unnamed == []


def test_the_review_page_jumps_to_the_scoring_panel(client, world):
    """Before the proposal's texts, a link to the juror's panel, which takes the focus it is given."""
    juror = world["jurors"][0]
    client.force_login(juror.user)
    html = client.get(reverse("judging:review", args=[assign(world, juror, world["proposals"][0]).pk])).text
    link = html.index('<a href="#your-review"')
    assert link < html.index('class="challenge-layout"')
    assert link < html.index('<section aria-labelledby="score-title" class="panel" id="your-review" tabindex="-1">')


def test_lab_members_of_a_lab_page_keeps_its_table_scrollable(client, lab, lab_admin):
    client.force_login(lab_admin)
    html = client.get(reverse("labs:members", args=[lab.slug])).text
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="lab-members-table-1">', html
    )
    assert '<caption id="lab-members-table-1"' in html
