"""A call's rules on origin are enforced at submission and stated before anyone types."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from innovation_platform.core.errors import ApplicationError
from proposals.models import Proposal, ProposalMember
from proposals.selectors.proposals import proposal_for_editing
from proposals.services.submission import proposal_save, proposal_start, proposal_submit
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Refusals read as in the source (the catalogue's Spanish is tested elsewhere)."""
    with translation.override("en"):
        yield


NOW = timezone.now()
DAY = timedelta(days=1)
TEXTS = {
    "title": "Biohuertos escolares",
    "summary": "Huertos en colegios rurales.",
    "problem": "Anemia infantil.",
    "solution": "Huertos con riego por goteo.",
    "beneficiaries": "300 escolares.",
    "expected_impact": "Menos anemia.",
    "stage": "idea",
    "licence": "cc-by",
}


def call(lab, slug="reto-cajamarca", **fields):
    return make_challenge(
        lab,
        slug,
        code=slug[-6:].upper(),
        visibility="published",
        phases={"proposals": (NOW - DAY, NOW + 10 * DAY)},
        **fields,
    )


def complete_draft(challenge, lead, *, country="PE", region="") -> Proposal:
    draft = proposal_start(challenge=challenge, actor=lead, title="Borrador")
    proposal_save(
        proposal=draft,
        actor=lead,
        expected_version=draft.version,
        data={**TEXTS, "country": country, "region": region},
        tags=[],
        answers={},
    )
    return proposal_for_editing(draft.pk)


class TestOrigin:
    def test_a_regional_call_refuses_a_proposal_from_another_region(self, lab, citizen):
        challenge = call(lab, scope="regional", eligible_regions=["PE-CAJ"])
        draft = complete_draft(challenge, citizen, region="PE-LIM")

        with pytest.raises(ApplicationError) as refusal:
            proposal_submit(proposal=draft, actor=citizen)

        assert refusal.value.message == "This call accepts proposals from Cajamarca only."
        assert Proposal.objects.get().status == "draft"

    def test_a_regional_call_accepts_a_proposal_from_its_region(self, lab, citizen):
        challenge = call(lab, scope="regional", eligible_regions=["PE-CAJ"])
        draft = complete_draft(challenge, citizen, region="PE-CAJ")

        assert proposal_submit(proposal=draft, actor=citizen).status == "submitted"

    def test_a_call_for_two_countries_refuses_a_third(self, lab, citizen):
        challenge = call(lab, scope="international", eligible_countries=["PE", "CO"])
        refused = complete_draft(challenge, citizen, country="US")
        accepted = complete_draft(challenge, make_user("co@example.org"), country="CO")

        with pytest.raises(ApplicationError) as refusal:
            proposal_submit(proposal=refused, actor=citizen)

        assert refusal.value.message == "This call accepts proposals from Colombia, Peru only."
        assert proposal_submit(proposal=accepted, actor=accepted.members.get().user).status == "submitted"
        assert Proposal.objects.get(pk=refused.pk).status == "draft"

    def test_a_call_requiring_residence_checks_every_co_author(self, lab, citizen):
        challenge = call(lab, scope="regional", eligible_regions=["PE-CAJ"], team_residence_required=True, team_max=3)
        citizen.profile.region = "PE-CAJ"
        citizen.profile.save()
        outsider = make_user("lima@example.org", full_name="Pedro Lima")
        outsider.profile.region = "PE-LIM"
        outsider.profile.save()
        draft = complete_draft(challenge, citizen, region="PE-CAJ")
        ProposalMember.objects.create(proposal=draft, user=outsider, role="member")

        with pytest.raises(ApplicationError) as refusal:
            proposal_submit(proposal=proposal_for_editing(draft.pk), actor=citizen)

        assert refusal.value.message == (
            "Every team member must live in a place the call accepts; by their profiles, these do not: Pedro Lima."
        )
        assert Proposal.objects.get().status == "draft"

    def test_the_editor_says_what_breaks_the_rules_before_submitting(self, client, lab, citizen, english_client):
        challenge = call(lab, scope="regional", eligible_regions=["PE-CAJ"])
        draft = complete_draft(challenge, citizen, region="PE-LIM")
        english_client.force_login(citizen)

        response = english_client.get(reverse("proposals:edit", args=[draft.pk]))

        assert response.context["meter"]["ineligible"] == ["This call accepts proposals from Cajamarca only."]
        assert "This proposal cannot be submitted as it stands" in response.content.decode()

    def test_the_start_page_states_the_rules(self, lab, citizen, english_client):
        challenge = call(lab, scope="regional", eligible_regions=["PE-CAJ"], team_min=2, team_max=4)
        english_client.force_login(citizen)

        html = english_client.get(reverse("proposals:start", args=[challenge.slug])).content.decode()

        assert "<dd>Cajamarca</dd>" in html
        assert "From 2 to 4 people" in html
