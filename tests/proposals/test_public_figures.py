"""Key figures of the proposals on the challenge's page, through the proposals' template tag."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge
from proposals.models import Proposal
from tests.conftest import make_challenge
from tests.proposals.test_public_gallery import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests in English leave English active in this thread; later tests expect the default."""
    yield
    translation.deactivate()


NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def challenge(lab):
    """Three proposals in the call from two regions of Peru and Colombia; a draft and a withdrawn
    one, from elsewhere, that do not count."""
    challenge = make_challenge(
        lab, "reto-agua", visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)}
    )
    make_proposal(challenge, "Uno", region="PE-PUN")
    make_proposal(challenge, "Dos", status="shortlisted", region="PE-CUS")
    make_proposal(challenge, "Tres", country="CO")
    make_proposal(challenge, "Borrador", status="draft", region="PE-LMA")
    withdrawn = make_proposal(challenge, "Retirada", country="MX")
    Proposal.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    return challenge


def figures_on_the_page(client, challenge) -> dict[str, str]:
    html = client.get(challenge.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = re.search(r'<section aria-labelledby="proposal-figures-title".*?</section>', html, re.S)
    if section is None:
        return {}
    return dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", section.group()))


def gallery_link(challenge) -> str:
    # The whole attribute: other pages of the challenge (people looking for a team, roles) share the prefix.
    return f'href="{reverse("proposals:gallery", args=[challenge.slug])}"'


def test_the_challenge_page_shows_proposals_countries_and_regions(client, challenge):
    assert figures_on_the_page(client, challenge) == {
        "Proposals submitted": "3",
        "Countries": "2",
        "Regions of Peru": "2",
    }
    assert gallery_link(challenge) in client.get(challenge.get_absolute_url()).content.decode()


def test_no_link_to_the_gallery_when_the_proposals_are_not_public(client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(proposals_public=False)

    assert figures_on_the_page(client, challenge)["Proposals submitted"] == "3"
    assert gallery_link(challenge) not in client.get(challenge.get_absolute_url()).content.decode()


def test_an_open_call_without_proposals_shows_zeros(client, lab):
    challenge = make_challenge(lab, "vacio", visibility="published", phases={"proposals": (NOW - DAY, NOW + DAY)})

    assert figures_on_the_page(client, challenge) == {
        "Proposals submitted": "0",
        "Countries": "0",
        "Regions of Peru": "0",
    }


def test_nothing_before_the_call_opens(client, lab):
    challenge = make_challenge(lab, "pronto", visibility="published", phases={"proposals": (NOW + DAY, NOW + 9 * DAY)})

    assert figures_on_the_page(client, challenge) == {}


def test_the_simple_tag_gives_the_figures_to_any_template(challenge):
    template = Template(
        "{% load proposal_figures %}{% challenge_proposal_figures challenge as figures %}"
        "{{ figures.submitted }}/{{ figures.countries }}/{{ figures.regions }}"
    )

    assert template.render(Context({"challenge": challenge})) == "3/2/2"
