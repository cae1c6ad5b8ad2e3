"""Similar proposals: terms of a text, their indexing by the services, the scored selector and the command."""

import io
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from challenges.demo import LABIC_SLUG, seed_challenges
from challenges.models import Challenge
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.core.search import MAX_QUERY_TERMS, fold, query_terms, stem
from innovation_platform.labs.demo import seed_labs
from proposals.demo import seed_proposals
from proposals.models import IN_THE_CALL, Proposal, ProposalTerm
from proposals.selectors.similar import similar_proposals
from proposals.services.similar import proposal_terms_index, proposal_terms_rebuild
from proposals.services.submission import proposal_save, proposal_start, proposal_submit
from proposals.similarity import weighted_terms
from tests.conftest import make_challenge

NOW = timezone.now()
DAY = timedelta(days=1)


def make_indexed(challenge: Challenge, title: str, summary: str = "", *, status: str = "submitted", **fields):
    number = None
    if status in IN_THE_CALL:
        number = Proposal.objects.filter(challenge=challenge).exclude(number=None).count() + 1
    proposal = Proposal.objects.create(
        challenge=challenge, title=title, summary=summary, status=status, number=number, **fields
    )
    proposal_terms_index(proposal=proposal)
    return proposal


@pytest.fixture
def challenge(lab):
    return make_challenge(
        lab, "reto-agua", code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)}
    )


@pytest.fixture
def crowd(challenge):
    """Proposals on different subjects, so that rare words stand out from common ones."""
    return {
        "huertos": make_indexed(challenge, "Biohuertos escolares orgánicos", "Huertas en colegios rurales de Puno."),
        "riego": make_indexed(challenge, "Riego por goteo solar", "Agua para chacras altoandinas."),
        "cosecha": make_indexed(challenge, "Cosecha de agua de lluvia", "Reservorios familiares en Ayacucho."),
        "anemia": make_indexed(challenge, "Menos anemia infantil", "Sangrecita y menestras en comedores populares."),
        "quinua": make_indexed(challenge, "Quinua para el desayuno", "Cadenas cortas con productoras de Juliaca."),
    }


class TestTerms:
    def test_text_is_folded_stemmed_and_stripped_of_stop_words(self):
        assert weighted_terms("Los Biohuertos orgánicos", "de las huertas Orgánicas y la NUTRICIÓN") == {
            "biohuert": 3,
            "organic": 4,
            "huert": 1,
            "nutricion": 1,
        }

    def test_plurals_and_endings_meet_their_singular(self):
        pairs = [
            ("organizaciones", "organizacion"),
            ("comunidades", "comunidad"),
            ("mujeres", "mujer"),
            ("raices", "raiz"),
            ("communities", "community"),
            ("rapidamente", "rapido"),
        ]

        assert [stem(plural) for plural, _ in pairs] == [stem(singular) for _, singular in pairs]

    def test_accents_and_tilde_are_folded(self):
        assert fold("Cañete Nutrición ÁNDES") == "canete nutricion andes"

    def test_short_long_and_numeric_words_are_dropped(self):
        assert query_terms("té 2026 al " + "x" * 41 + " ají") == ["aji"]

    def test_title_words_weigh_more_and_repetition_is_capped(self):
        weights = weighted_terms("Quinua", "quinua " * 20 + "cañihua")

        assert weights == {"quinu": 10, "canihu": 1}

    def test_queries_are_cut_to_a_bounded_number_of_terms(self):
        text = " ".join(f"palabra{n:02d}x" for n in range(60))

        assert len(query_terms(text)) == MAX_QUERY_TERMS


class TestIndexing:
    def test_start_save_and_submit_replace_the_terms(self, challenge, citizen):
        proposal = proposal_start(challenge=challenge, actor=citizen, title="Biohuertos escolares")
        assert set(proposal.terms.values_list("term", flat=True)) == {"biohuert", "escolar"}

        proposal_save(
            proposal=proposal,
            actor=citizen,
            expected_version=1,
            data={"title": "Riego por goteo", "summary": "Chacras de Puno"},
            tags=[],
            answers={},
        )
        assert dict(proposal.terms.values_list("term", "weight")) == {
            "riego": 3,
            "goteo": 3,
            "chacr": 1,
            "puno": 1,
        }

        ProposalTerm.objects.filter(proposal=proposal).delete()
        Proposal.objects.filter(pk=proposal.pk).update(
            **dict.fromkeys(("problem", "solution", "beneficiaries", "expected_impact"), "x"),
            stage="idea",
            licence="cc0",
            region="PE-PUN",
        )
        proposal_submit(proposal=proposal, actor=citizen)
        assert set(proposal.terms.values_list("term", flat=True)) == {"riego", "goteo", "chacr", "puno"}

    def test_rows_carry_the_challenge(self, challenge):
        proposal = make_indexed(challenge, "Quinua andina")

        assert set(ProposalTerm.objects.filter(proposal=proposal).values_list("challenge", flat=True)) == {challenge.pk}

    def test_rebuild_indexes_in_batches_and_replaces_old_rows(self, challenge, django_assert_max_num_queries):
        proposals = [make_indexed(challenge, f"Huerto {name}") for name in ("uno", "dos", "tres")]
        ProposalTerm.objects.all().delete()
        ProposalTerm.objects.create(proposal=proposals[0], challenge=challenge, term="obsoleto")

        # One read, then per batch the team's names, a savepoint, two deletes, two inserts (similar and
        # search terms) and the release.
        with django_assert_max_num_queries(1 + 2 * 7):
            assert proposal_terms_rebuild(batch_size=2) == 3

        # "uno" and "dos" are stop words.
        assert sorted(ProposalTerm.objects.values_list("term", flat=True)) == ["huert", "huert", "huert", "tres"]

    def test_command_rebuilds_one_challenge_or_all(self, challenge, lab):
        other = make_challenge(lab, "reto-otro")
        make_indexed(challenge, "Quinua andina")
        make_indexed(other, "Cacao nativo")
        ProposalTerm.objects.all().delete()

        call_command("index_proposals", "--challenge", "reto-agua", stdout=io.StringIO())
        assert set(ProposalTerm.objects.values_list("term", flat=True)) == {"quinu", "andin"}

        call_command("index_proposals", stdout=io.StringIO())
        assert set(ProposalTerm.objects.values_list("term", flat=True)) == {"quinu", "andin", "cacao", "nativ"}


class TestSimilarProposals:
    def test_best_match_first_and_unrelated_ones_left_out(self, challenge, crowd):
        found = similar_proposals(challenge, "Huertos orgánicos en escuelas de Puno")

        assert [proposal.title for proposal in found] == ["Biohuertos escolares orgánicos"]

    def test_shared_rare_title_word_is_enough(self, challenge, crowd):
        found = similar_proposals(challenge, "Goteo")

        assert [proposal.title for proposal in found] == ["Riego por goteo solar"]

    def test_word_common_to_many_proposals_is_not_enough(self, challenge, crowd):
        for name in ("uno", "dos", "tres", "cuatro"):
            make_indexed(challenge, f"Agua {name}", "agua")

        assert similar_proposals(challenge, "Agua") == []

    def test_scores_are_ordered_and_ties_follow_the_number(self, challenge, crowd):
        both = make_indexed(challenge, "Riego y cosecha de lluvia")

        found = similar_proposals(challenge, "riego cosecha lluvia")

        assert [proposal.pk for proposal in found][:2] == [both.pk, crowd["cosecha"].pk]
        assert found[0].score > found[1].score

    def test_excludes_the_proposal_being_edited(self, challenge, crowd):
        found = similar_proposals(challenge, "Biohuertos escolares", exclude=crowd["huertos"].pk)

        assert found == []

    @pytest.mark.parametrize(
        "change",
        [{"status": "draft"}, {"status": "withdrawn"}, {"hidden_at": NOW}],
        ids=["draft", "withdrawn", "hidden"],
    )
    def test_only_public_proposals(self, challenge, crowd, change):
        Proposal.objects.filter(pk=crowd["quinua"].pk).update(**change)

        assert similar_proposals(challenge, "Quinua para el desayuno") == []

    @pytest.mark.parametrize(
        "change", [{"proposals_public": False}, {"visibility": "draft"}], ids=["gallery-off", "draft-challenge"]
    )
    def test_nothing_when_the_challenge_does_not_show_its_proposals(self, challenge, crowd, change):
        Challenge.objects.filter(pk=challenge.pk).update(**change)
        challenge.refresh_from_db()

        assert similar_proposals(challenge, "Quinua para el desayuno") == []

    def test_other_challenges_are_not_searched(self, challenge, crowd, lab):
        other = make_challenge(lab, "reto-otro", visibility="published")

        assert similar_proposals(other, "Quinua para el desayuno") == []

    def test_limit(self, challenge, crowd):
        for name in ("uno", "dos", "tres"):
            make_indexed(challenge, f"Quinua {name} desayuno")

        assert len(similar_proposals(challenge, "quinua desayuno", limit=2)) == 2

    def test_references_need_no_extra_query(self, challenge, crowd, django_assert_num_queries):
        found = similar_proposals(challenge, "quinua desayuno")

        with django_assert_num_queries(0):
            assert [proposal.reference for proposal in found] == ["AGUA26-0005"]

    @pytest.mark.parametrize("extra", [0, 2])
    def test_queries_are_bounded(self, challenge, crowd, extra, django_assert_max_num_queries):
        for number in range(extra):
            make_indexed(challenge, f"Quinua {number} desayuno")

        with django_assert_max_num_queries(2):
            found = similar_proposals(challenge, "Quinua para el desayuno")

        assert len(found) == 1 + extra

    def test_empty_text_costs_no_query(self, challenge, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert similar_proposals(challenge, " de la y ") == []


def test_the_demo_proposals_are_indexed_and_find_each_other(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    seed_proposals(accounts)
    labic = Challenge.objects.get(slug=LABIC_SLUG)
    proposal = labic.proposals.filter(status__in=IN_THE_CALL).order_by("number").first()

    found = similar_proposals(labic, f"{proposal.title} {proposal.summary}", exclude=proposal.pk)

    assert ProposalTerm.objects.values("proposal").distinct().count() == Proposal.objects.count()
    assert found
    assert proposal not in found
