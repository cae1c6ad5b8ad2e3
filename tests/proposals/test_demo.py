"""The demo proposals: about 130 in the LABIC call, mostly from Peru's regions; loading again adds nothing."""

import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from challenges.demo import LABIC_SLUG, seed_challenges
from challenges.models import Challenge, QuestionKind
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.labs.demo import seed_labs
from proposals.demo import seed_proposals
from proposals.models import IN_THE_CALL, Answer, Proposal, ProposalMember, ProposalVersion, TaggedProposal
from proposals.selectors.proposals import proposal_missing, proposals_of_user

pytestmark = pytest.mark.django_db

MODELS = [Proposal, ProposalMember, Answer, ProposalVersion, TaggedProposal]


@pytest.fixture
def accounts(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    return accounts


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def labic(accounts):
    seed_proposals(accounts)
    return Challenge.objects.get(slug=LABIC_SLUG)


def test_loading_twice_adds_nothing(accounts):
    assert seed_proposals(accounts) == 132
    first = counts()

    assert seed_proposals(accounts) == 0
    assert counts() == first


def test_the_same_proposals_on_every_load(accounts):
    seed_proposals(accounts)
    first = list(Proposal.objects.order_by("number").values_list("title", "region", "country", "stage")[:20])
    Proposal.objects.all().delete()

    seed_proposals(accounts)

    assert list(Proposal.objects.order_by("number").values_list("title", "region", "country", "stage")[:20]) == first


def test_about_130_proposals_numbered_in_order_mostly_from_peru(labic):
    crowd = labic.proposals.exclude(members__user__email__startswith="lider@")

    assert labic.code == "LABICPE26"
    assert crowd.count() == 130
    assert set(crowd.values_list("status", flat=True)) == {"submitted"}
    assert sorted(crowd.values_list("number", flat=True)) == list(range(1, 131))
    assert crowd.get(number=1).reference == "LABICPE26-0001"
    countries = Counter(crowd.values_list("country", flat=True))
    assert 0.72 <= countries["PE"] / 130 <= 0.88
    assert set(countries) - {"PE"} <= {"CO", "MX", "AR", "CL", "EC", "BO", "ES", "BR", "UY"}
    assert len(countries) >= 6
    regions = Counter(crowd.filter(country="PE").values_list("region", flat=True))
    assert "" not in regions and len(regions) >= 15
    assert regions["PE-LMA"] < countries["PE"] / 4  # most come from outside Lima
    assert set(crowd.filter(country__in=["CO", "MX"]).values_list("region", flat=True)) == {""}


def test_every_proposal_is_complete_with_a_team_categories_answers_and_a_version(labic):
    proposals = list(
        Proposal.objects.filter(challenge=labic, status__in=IN_THE_CALL).prefetch_related(
            "challenge__questions", "answers__question", "members__user", "tags", "versions"
        )
    )

    assert [p.title for p in proposals if proposal_missing(p)] == []
    for proposal in proposals:
        roles = Counter(member.role for member in proposal.members.all())
        assert roles["lead"] == 1 and 0 <= roles["member"] <= 3
        assert all(member.user.email.endswith("@demo.cocrea.pe") for member in proposal.members.all())
        assert 2 <= len(proposal.tags.all()) <= 3
        assert [version.version for version in proposal.versions.all()] == list(range(proposal.version, 0, -1))
    assert len({p.title for p in proposals}) == len(proposals)
    assert sum(1 for p in proposals if p.version == 2) == 10


def test_answers_respect_the_question_kinds_and_choices(labic):
    for answer in Answer.objects.filter(proposal__challenge=labic).select_related("question"):
        question = answer.question
        match question.kind:
            case QuestionKind.SINGLE_CHOICE:
                assert answer.value in question.choices
            case QuestionKind.YES_NO:
                assert isinstance(answer.value, bool)
            case QuestionKind.NUMBER:
                assert isinstance(answer.value, int) and 800 <= answer.value <= 3000
            case _:
                assert isinstance(answer.value, str) and answer.value


def test_the_team_lead_has_a_submitted_proposal_and_a_draft(labic, accounts):
    mine = proposals_of_user(accounts["team lead"])

    assert sorted(mine.values_list("status", "number")) == [("draft", None), ("submitted", 131)]
    draft = Proposal.objects.get(challenge=labic, status="draft")
    assert proposal_missing(Proposal.objects.prefetch_related("answers__question").get(pk=draft.pk)) != []


def test_the_lead_of_a_proposal_shares_its_country_while_possible(labic):
    leads = ProposalMember.objects.filter(proposal__challenge=labic, role="lead", proposal__number__lte=130)
    same = sum(
        1
        for lead in leads.select_related("proposal", "user__profile")
        if lead.user.profile.country == lead.proposal.country
    )

    assert same / 130 >= 0.8


def test_seed_demo_loads_the_proposals_after_the_challenges_and_only_once(db):
    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("seed_demo", labs=6, innovators=20, quiet_accounts=True, stdout=output)

    assert Proposal.objects.filter(challenge__slug=LABIC_SLUG).count() == 132
    assert "Demo proposals: 132 new." in outputs[0].getvalue()
    assert "Demo proposals: 0 new." in outputs[1].getvalue()
