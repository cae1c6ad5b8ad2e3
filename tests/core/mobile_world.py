"""Rows for the mobile-first list tests: labs, public innovators, challenges and a call's proposals, each named so
that every sort gives a different order."""

import re
from datetime import timedelta

from django.utils import timezone

from challenges.models import Challenge
from innovation_platform.accounts.services import profile_update
from innovation_platform.labs.models import Lab
from proposals.models import IN_THE_CALL, Proposal, ProposalMember, Support
from proposals.services.similar import proposal_terms_index
from tests.conftest import make_challenge, make_lab, make_user

NOW = timezone.now()
DAY = timedelta(days=1)


def labs_in_three_regions() -> list[Lab]:
    """Created in this order: Cusco's B lab, Puno's A lab, Arequipa's C lab."""
    return [
        make_lab("lab-b", name="B Laboratorio", region="PE-CUS"),
        make_lab("lab-a", name="A Laboratorio", region="PE-PUN"),
        make_lab("lab-c", name="C Laboratorio", region="PE-ARE"),
    ]


def public_innovator(email: str, name: str, region: str):
    user = make_user(email, full_name=name)
    profile_update(
        profile=user.profile,
        user_data={},
        profile_data={"is_public": True, "region": region, "country": "PE"},
        skills=["diseño"],
        interests=[],
    )
    return user


def make_proposal(challenge: Challenge, title: str, *, lead=None, **fields) -> Proposal:
    """A proposal in the call, numbered in order, indexed for the search."""
    number = Proposal.objects.filter(challenge=challenge).exclude(number=None).count() + 1
    fields.setdefault("status", "submitted")
    assert fields["status"] in IN_THE_CALL
    proposal = Proposal.objects.create(
        challenge=challenge, title=title, number=number, summary=f"Resumen de {title}", **fields
    )
    if lead is not None:
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    proposal_terms_index(proposal=proposal)
    return proposal


def call_with_supports(lab, **fields) -> Challenge:
    return make_challenge(
        lab,
        "reto-agua",
        code="AGUA26",
        visibility="published",
        supports_enabled=True,
        phases={"proposals": (NOW - DAY, NOW + 9 * DAY)},
        **fields,
    )


def support(proposal: Proposal, count: int) -> None:
    for i in range(count):
        Support.objects.create(
            proposal=proposal, challenge_id=proposal.challenge_id, user=make_user(f"fan{proposal.pk}-{i}@example.org")
        )


def titles(response) -> list[str]:
    return [row.title for row in response.context["page"].object_list]


def filters_panel(html: str) -> str:
    """The collapsible filters panel's opening tag and content."""
    match = re.search(r"<details class=\"filters-panel\"[^>]*>.*?</details>", html, re.S)
    assert match, "no filters panel"
    return match.group(0)
