"""Word search over a call's proposals: accents and case ignored, words not substrings, team names too."""

import pytest

from proposals.models import Proposal, ProposalMember
from proposals.selectors.proposals import proposal_search
from proposals.services.similar import proposal_terms_index
from proposals.services.teams import team_leave
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, "reto-agua", code="AGUA26")


def indexed(challenge, title, summary="", *, number, members=()):
    proposal = Proposal.objects.create(
        challenge=challenge, title=title, summary=summary, status="submitted", number=number
    )
    for user in members:
        ProposalMember.objects.create(proposal=proposal, user=user)
    proposal_terms_index(proposal=proposal)
    return proposal


def titles(challenge, text) -> list[str]:
    found = Proposal.objects.filter(challenge=challenge).filter(proposal_search(challenge, text))
    return sorted(found.values_list("title", flat=True))


@pytest.fixture
def proposals(challenge):
    indexed(challenge, "Biohuertos en San Jerónimo", "Huertos escolares del distrito.", number=1)
    indexed(challenge, "Red de biohuertos familiares", "Una red de familias que cultivan.", number=2)
    indexed(
        challenge,
        "Ferias agroecológicas",
        "Mercados de productores.",
        number=12,
        members=[make_user("nilda@example.org", full_name="Nilda Ñahui Cáceres")],
    )
    indexed(make_challenge(challenge.lab, "otro-reto"), "Biohuertos de otro reto", number=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("San Jeronimo", ["Biohuertos en San Jerónimo"]),
        ("SAN JERÓNIMO", ["Biohuertos en San Jerónimo"]),
        ("red biohuertos", ["Red de biohuertos familiares"]),
        ("biohuerto", ["Biohuertos en San Jerónimo", "Red de biohuertos familiares"]),
        ("biohuert", ["Biohuertos en San Jerónimo", "Red de biohuertos familiares"]),
        ("ronimo", []),  # words, not substrings
        ("nahui caceres", ["Ferias agroecológicas"]),  # a team member's name
        ("AGUA26-0012", ["Ferias agroecológicas"]),
        ("12", ["Ferias agroecológicas"]),
        ("escolares", ["Biohuertos en San Jerónimo"]),  # the summary
        ("de la", []),  # nothing but common words
        ("biohuertos mercados", []),  # every word must match
    ],
)
def test_search(challenge, proposals, text, expected):
    assert titles(challenge, text) == expected


def test_a_member_who_leaves_is_no_longer_found_by_name(challenge):
    member = make_user("wayra@example.org", full_name="Wayra Condori")
    proposal = indexed(challenge, "Quinua andina", number=1, members=[member])
    assert titles(challenge, "Wayra") == ["Quinua andina"]

    team_leave(proposal=proposal, user=member)

    assert titles(challenge, "Wayra") == []
