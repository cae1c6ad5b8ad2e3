"""A challenge's public gallery: who sees it, what it lists, filters, facets, cards and queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge
from innovation_platform.labs.models import LabMembership
from proposals.models import IN_THE_CALL, Proposal, ProposalMember
from proposals.services.similar import proposal_terms_index
from tests.conftest import make_challenge, make_user
from tests.core import page_cache_world

page_cache_on = page_cache_world.page_cache_on
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests in English leave English active in this thread; later tests expect the default."""
    yield
    translation.deactivate()


NOW = timezone.now()
DAY = timedelta(days=1)


def make_proposal(challenge: Challenge, title: str, *, status: str = "submitted", lead=None, tags=(), **fields):
    """A proposal as the services leave it: numbered in order once in the call, with its lead."""
    number = None
    if status in IN_THE_CALL:
        number = (Proposal.objects.filter(challenge=challenge).exclude(number=None).count()) + 1
    fields.setdefault("summary", f"Resumen de {title}")
    proposal = Proposal.objects.create(challenge=challenge, title=title, status=status, number=number, **fields)
    if lead is not None:
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    if tags:
        proposal.tags.set(list(tags))
    proposal_terms_index(proposal=proposal)
    return proposal


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab, "reto-agua", code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)}
    )


@pytest.fixture
def gallery(challenge, citizen):
    """Four proposals in the call, in four statuses, plus a draft and a withdrawn one never listed."""
    make_proposal(
        challenge,
        "Biohuertos escolares",
        lead=citizen,
        summary="Huertos contra la anemia infantil.",
        region="PE-PUN",
        stage="idea",
        tags=["biohuertos", "anemia"],
    )
    make_proposal(
        challenge, "Ferias agroecológicas", status="shortlisted", region="PE-CUS", stage="prototype", tags=["ferias"]
    )
    make_proposal(
        challenge,
        "Quinua en la escuela",
        status="selected",
        country="CO",
        stage="pilot",
        summary="Loncheras con quinua; menos anemia.",
        tags=["quinua", "anemia"],
    )
    make_proposal(
        challenge, "Agua para riego", status="not_selected", region="PE-PUN", stage="prototype", tags=["agua"]
    )
    make_proposal(challenge, "Borrador secreto", status="draft", region="PE-LMA", stage="idea", tags=["secreto"])
    withdrawn = make_proposal(challenge, "Retirada", region="PE-LMA", stage="idea", tags=["retirada"])
    Proposal.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    return challenge


def url(challenge) -> str:
    return reverse("proposals:gallery", args=[challenge.slug])


def listed(client, challenge, **params) -> list[str]:
    response = client.get(url(challenge), params)
    assert response.status_code == 200
    return [proposal.title for proposal in response.context["page"]]


ALL = ["Biohuertos escolares", "Ferias agroecológicas", "Quinua en la escuela", "Agua para riego"]


class TestWhoSeesIt:
    def test_lists_the_proposals_in_the_call_by_number_and_never_drafts_or_withdrawn_ones(self, client, gallery):
        assert listed(client, gallery) == ALL

    def test_not_found_when_the_challenge_hides_its_proposals(self, client, gallery, citizen):
        Challenge.objects.filter(pk=gallery.pk).update(proposals_public=False)

        assert client.get(url(gallery)).status_code == 404
        client.force_login(citizen)
        assert client.get(url(gallery)).status_code == 404

    def test_its_organizers_are_taken_to_their_list_when_the_proposals_are_private(
        self, english_client, gallery, lab_admin
    ):
        Challenge.objects.filter(pk=gallery.pk).update(proposals_public=False)
        english_client.force_login(lab_admin)

        response = english_client.get(url(gallery), follow=True)

        assert response.redirect_chain == [(reverse("call_proposals:list", args=[gallery.slug]), 302)]
        assert [str(message) for message in response.context["messages"]] == [
            "The proposals of this call are not public: this is the organizers' list of them."
        ]

    def test_not_found_when_the_challenge_is_a_draft_even_for_its_organizers(self, client, gallery, lab_admin):
        Challenge.objects.filter(pk=gallery.pk).update(visibility="draft")

        assert client.get(url(gallery)).status_code == 404
        client.force_login(lab_admin)
        assert client.get(url(gallery)).status_code == 404

    def test_an_archived_challenge_keeps_its_gallery(self, client, gallery):
        Challenge.objects.filter(pk=gallery.pk).update(visibility="archived")

        assert listed(client, gallery) == ALL

    def test_an_unknown_challenge_is_not_found(self, client):
        assert client.get(reverse("proposals:gallery", args=["nope"])).status_code == 404


class TestFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"q": "anemia"}, ["Biohuertos escolares", "Quinua en la escuela"]),
            ({"q": "FERIAS"}, ["Ferias agroecológicas"]),
            ({"q": "secreto"}, []),
            ({"region": "PE-PUN"}, ["Biohuertos escolares", "Agua para riego"]),
            ({"region": "PE-LMA"}, []),
            ({"country": "CO"}, ["Quinua en la escuela"]),
            ({"country": "co"}, ALL),  # not a choice: dropped
            ({"category": "anemia"}, ["Biohuertos escolares", "Quinua en la escuela"]),
            ({"category": "secreto"}, []),
            ({"stage": "prototype"}, ["Ferias agroecológicas", "Agua para riego"]),
            ({"status": "shortlisted"}, ["Ferias agroecológicas"]),
            ({"status": "not_selected"}, ["Agua para riego"]),
            ({"region": "PE-PUN", "stage": "idea"}, ["Biohuertos escolares"]),
        ],
    )
    def test_each_filter(self, client, gallery, params, expected):
        assert listed(client, gallery, **params) == expected

    @pytest.mark.parametrize("status", ["draft", "withdrawn", "nope"])
    def test_a_status_outside_the_call_is_dropped_and_never_lists_drafts(self, client, gallery, status):
        assert listed(client, gallery, status=status) == ALL

    def test_another_challenges_proposals_are_not_listed(self, client, gallery, lab):
        other = make_challenge(lab, "otro-reto", visibility="published")
        make_proposal(other, "De otro reto", region="PE-PUN")

        assert listed(client, gallery, region="PE-PUN") == ["Biohuertos escolares", "Agua para riego"]


class TestFacets:
    def facets(self, client, challenge, **params) -> dict:
        facets = client.get(url(challenge), params).context["facets"]
        return {
            name: {item["value"]: item["count"] for item in items} for name, items in facets.items() if name != "total"
        }

    def test_counts_of_everything_in_the_call(self, client, gallery):
        assert self.facets(client, gallery) == {
            "regions": {"PE-PUN": 2, "PE-CUS": 1},
            "countries": {"PE": 3, "CO": 1},
            "categories": {"anemia": 2, "agua": 1, "biohuertos": 1, "ferias": 1, "quinua": 1},
            "stages": {"idea": 1, "prototype": 2, "pilot": 1},
            "statuses": {"submitted": 1, "shortlisted": 1, "selected": 1, "not_selected": 1},
        }

    def test_counts_follow_the_filters(self, client, gallery):
        assert self.facets(client, gallery, category="anemia") == {
            "regions": {"PE-PUN": 1},
            "countries": {"PE": 1, "CO": 1},
            "categories": {"anemia": 2, "biohuertos": 1, "quinua": 1},
            "stages": {"idea": 1, "pilot": 1},
            "statuses": {"submitted": 1, "selected": 1},
        }

    def test_facets_are_ordered_by_count_and_carry_labels(self, client, gallery):
        facets = client.get(url(gallery), HTTP_ACCEPT_LANGUAGE="en").context["facets"]

        assert facets["total"] == 4
        assert [(item["label"], item["count"]) for item in facets["regions"]] == [("Puno", 2), ("Cusco", 1)]
        assert [(item["label"], item["count"]) for item in facets["countries"]] == [("Peru", 3), ("Colombia", 1)]
        assert [item["label"] for item in facets["stages"]] == ["Idea", "Prototype", "Pilot"]

    def test_facets_are_kept_until_the_calls_proposals_change(
        self, client, gallery, page_cache_on, django_capture_on_commit_callbacks
    ):
        client.force_login(make_user("lectora@example.org"))  # signed in: the page is rendered, its facets kept
        before = self.facets(client, gallery)
        with CaptureQueriesContext(connection) as queries:
            assert self.facets(client, gallery) == before
        assert not [query for query in queries if "GROUP BY" in query["sql"]]

        with django_capture_on_commit_callbacks(execute=True):
            make_proposal(gallery, "Recién llegada", region="PE-CUS", stage="idea")

        assert self.facets(client, gallery)["regions"] == {"PE-PUN": 2, "PE-CUS": 2}
        assert self.facets(client, gallery, stage="idea")["regions"] == {"PE-PUN": 1, "PE-CUS": 1}


class TestCards:
    def test_a_card_shows_reference_title_summary_place_stage_and_categories_but_no_contact(
        self, client, gallery, citizen
    ):
        Proposal.objects.filter(number=1).update(cover_thumbnail="proposals/1/portada.jpg")

        html = client.get(url(gallery), HTTP_ACCEPT_LANGUAGE="en").content.decode()

        assert "AGUA26-0001" in html and "AGUA26-0004" in html
        assert '<img src="/media/proposals/1/portada.jpg" alt=""' in html
        assert "Huertos contra la anemia infantil." in html
        assert "Puno, Peru · Idea" in html
        assert '<span class="tag">biohuertos</span>' in html
        assert citizen.email not in html and "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
        assert reverse("proposals:detail", args=[Proposal.objects.get(number=1).pk]) in html

    def test_a_long_summary_is_truncated(self, client, gallery):
        Proposal.objects.filter(number=1).update(summary="palabra " * 100)

        card = client.get(url(gallery)).content.decode()

        assert "palabra " * 27 + "pal…" in card
        assert "palabra " * 40 not in card

    def test_titles_are_escaped(self, client, gallery):
        make_proposal(gallery, "<script>alert(1)</script>")

        html = client.get(url(gallery)).content.decode()

        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestPagesAndQueries:
    def test_pages_of_twenty_four_on_a_live_count(self, client, challenge):
        for i in range(25):
            make_proposal(challenge, f"Propuesta {i:02d}")

        first = client.get(url(challenge))
        second = client.get(url(challenge), {"page": 2})

        assert (len(first.context["page"]), len(second.context["page"])) == (24, 1)
        assert [p.title for p in second.context["page"]] == ["Propuesta 24"]

    @pytest.mark.parametrize("as_organizer", [False, True])
    def test_page_uses_a_constant_number_of_queries(self, client, challenge, django_assert_num_queries, as_organizer):
        """1 and 3 proposals, each with categories and a cover: the same count."""
        # The challenge; the facets (grouped counts, categories); the page's count, rows and categories.
        expected = 6
        if as_organizer:
            organizer = make_user("org@example.org")
            LabMembership.objects.create(lab=challenge.lab, user=organizer, role="organizer")
            client.force_login(organizer)
            client.get(url(challenge))  # warm the session
            expected += 2  # session and user
        for i in range(1):
            make_proposal(challenge, f"P{i}", region="PE-CUS", tags=[f"tema {i}", "agua"], cover_thumbnail="x.jpg")
        with django_assert_num_queries(expected):
            client.get(url(challenge))
        for i in range(1, 3):
            make_proposal(challenge, f"P{i}", country="MX", tags=[f"tema {i}", "agua"], cover_thumbnail="x.jpg")
        with django_assert_num_queries(expected):
            response = client.get(url(challenge))
        assert len(response.context["page"]) == 3
