"""The similar-proposals panel on the new and edit pages, and the fragment the script asks for."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from proposals.models import Proposal
from proposals.services.submission import proposal_start
from proposals.views.similar import MAX_QUERY_LENGTH
from tests.conftest import make_challenge
from tests.proposals.test_similar import make_indexed


@pytest.fixture
def client(english_client):
    return english_client


pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab, "reto-agua", code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)}
    )


@pytest.fixture
def crowd(challenge):
    return [
        make_indexed(challenge, "Biohuertos escolares orgánicos", "Huertas en colegios de Puno.", region="PE-PUN"),
        make_indexed(challenge, "Riego por goteo solar", "Agua para chacras altoandinas.", country="CO"),
        make_indexed(challenge, "Cosecha de agua de lluvia", "Reservorios familiares.", region="PE-AYA"),
    ]


def fragment(client, challenge, **params):
    return client.get(reverse("proposals:similar", args=[challenge.slug]), params)


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["similar"]]


class TestFragment:
    def test_lists_matches_with_link_reference_and_region(self, client, challenge, crowd):
        response = fragment(client, challenge, q="biohuertos en escuelas")

        html = response.content.decode()
        assert response.status_code == 200
        assert titles(response) == ["Biohuertos escolares orgánicos"]
        assert f'href="{crowd[0].get_absolute_url()}"' in html
        assert "AGUA26-0001" in html
        assert "Puno" in html
        assert "<html" not in html

    def test_a_proposal_from_abroad_shows_its_country(self, client, challenge, crowd):
        html = fragment(client, challenge, q="goteo").content.decode()

        assert "Colombia" in html

    def test_nothing_found_says_so(self, client, challenge, crowd):
        response = fragment(client, challenge, q="astronomía")

        assert titles(response) == []
        assert "None so far" in response.content.decode()

    def test_excludes_the_proposal_being_edited_and_ignores_a_bad_exclude(self, client, challenge, crowd):
        assert titles(fragment(client, challenge, q="goteo", exclude=crowd[1].pk)) == []
        assert titles(fragment(client, challenge, q="goteo", exclude="x")) == ["Riego por goteo solar"]

    def test_the_text_is_cut_at_its_maximum_length(self, client, challenge, crowd):
        padding = "x" * (MAX_QUERY_LENGTH - 1)

        assert titles(fragment(client, challenge, q=f"{padding} goteo")) == []
        assert titles(fragment(client, challenge, q=f"{padding[:-10]} goteo")) == ["Riego por goteo solar"]

    def test_titles_are_escaped(self, client, challenge):
        make_indexed(challenge, "<script>alert(1)</script> goteo")

        html = fragment(client, challenge, q="goteo alert").content.decode()

        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; goteo" in html

    def test_a_draft_challenge_is_not_found(self, client, lab):
        draft = make_challenge(lab, "reto-borrador")

        assert fragment(client, draft, q="goteo").status_code == 404

    def test_a_challenge_without_public_gallery_lists_nothing(self, client, challenge, crowd):
        Challenge.objects.filter(pk=challenge.pk).update(proposals_public=False)

        assert titles(fragment(client, challenge, q="goteo")) == []

    def test_only_answers_get(self, client, challenge):
        assert client.post(reverse("proposals:similar", args=[challenge.slug])).status_code == 405

    @pytest.mark.parametrize("count", [1, 3])
    def test_queries_are_bounded(self, client, challenge, count, django_assert_max_num_queries):
        for number in range(count):
            make_indexed(challenge, f"Quinua andina {number}")

        with django_assert_max_num_queries(3):
            response = fragment(client, challenge, q="quinua andina")

        assert len(response.context["similar"]) == count


class TestPanel:
    def test_the_edit_page_shows_similar_proposals_but_not_itself(self, client, challenge, crowd, citizen):
        proposal = proposal_start(challenge=challenge, actor=citizen, title="Biohuertos para escuelas")
        client.force_login(citizen)

        html = client.get(reverse("proposals:edit", args=[proposal.pk])).content.decode()

        assert "Similar proposals in this challenge" in html
        assert f'data-similar-exclude="{proposal.pk}"' in html
        assert f'href="{crowd[0].get_absolute_url()}"' in html
        assert f'href="{proposal.get_absolute_url()}"' not in html
        assert 'aria-live="polite"' in html
        assert "js/similar.js" in html

    def test_the_new_page_has_the_panel_for_the_script(self, client, challenge, citizen):
        client.force_login(citizen)

        html = client.get(reverse("proposals:start", args=[challenge.slug])).content.decode()

        assert reverse("proposals:similar", args=[challenge.slug]) in html
        assert "data-similar-exclude" not in html

    def test_the_new_page_lists_similar_proposals_for_a_typed_title_kept_on_error(
        self, client, challenge, crowd, citizen
    ):
        client.force_login(citizen)
        title = "Biohuertos " + "x" * 150  # too long: the form is shown again

        response = client.post(reverse("proposals:start", args=[challenge.slug]), {"title": title})

        assert response.status_code == 200
        assert Proposal.objects.filter(title=title).count() == 0
        assert f'href="{crowd[0].get_absolute_url()}"' in response.content.decode()

    def test_no_panel_when_the_challenge_shows_no_proposals(self, client, challenge, citizen):
        Challenge.objects.filter(pk=challenge.pk).update(proposals_public=False)
        proposal = proposal_start(challenge=challenge, actor=citizen, title="Biohuertos")
        client.force_login(citizen)

        html = client.get(reverse("proposals:edit", args=[proposal.pk])).content.decode()

        assert "Similar proposals in this challenge" not in html
