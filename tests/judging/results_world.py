"""A scored rubric round with four proposals, three jurors and one review still to do.

Review totals (two criteria of weight 1 on 1-5, so a total is the mean of (score - 1) / 4, times 100):

    juror   P1 (Lima)  P2 (Lima)  P3 (Cusco)  P4 (Puno)
    Jana       100        75         50           0
    Jorge       75       100         25           0
    Julia       50        50         50       (to do)

Raw means: P1 75, P2 75 (a tie, broken by the draw: the tie-breaker's means are equal too), P3 41.67, P4 0.
Julia gave the same total everywhere, so her reviews stay raw; on the normalised scale P1 is ahead of P2 (Jana's
100 stands further above her mean than Jorge's 100 above his).
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from challenges.models import Quota
from innovation_platform.labs.models import LabMembership
from judging.models import Assignment, Criterion, Round, Score
from proposals.models import Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.judging.scoring_world import make_juror

DAY = timedelta(days=1)
TOTALS = {  # juror → proposal → the same score on both criteria (None: still to do)
    "jana": [5, 4, 3, 1],
    "jorge": [4, 5, 2, 1],
    "julia": [3, 3, 3, None],
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    now = timezone.now()
    organizer = make_user("org@example.org", full_name="Olga Organiza")
    lab = make_lab("lab-jury")
    LabMembership.objects.create(lab=lab, user=organizer, role="organizer")
    challenge = make_challenge(
        lab, "reto-jurado", code="JUR26", visibility="published", selection_count=2, waitlist_size=1
    )
    round_ = Round.objects.create(
        challenge=challenge, name="Preselection", starts_at=now - 9 * DAY, ends_at=now + DAY, seed=7
    )
    first = Criterion.objects.create(round=round_, name="Impact", position=1)
    second = Criterion.objects.create(round=round_, name="Feasibility", position=2)
    round_.tie_break = second
    round_.save()
    regions = ["PE-LMA", "PE-LMA", "PE-CUS", "PE-PUN"]
    leads = [make_user(f"lead{i}@example.org", full_name=f"Lead {i}") for i in range(1, 5)]
    proposals = []
    for i, (region, lead) in enumerate(zip(regions, leads, strict=True), start=1):
        proposal = Proposal.objects.create(
            challenge=challenge, title=f"Proposal {i}", number=i, status="submitted", region=region
        )
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
        proposals.append(proposal)
    jurors = {}
    for name, scores in TOTALS.items():
        user = make_user(f"{name}@example.org", full_name=name.title())
        juror = jurors[name] = make_juror(round_, user)
        for proposal, score in zip(proposals, scores, strict=True):
            assignment = Assignment.objects.create(
                round=round_, juror=juror, proposal=proposal, status="assigned" if score is None else "submitted"
            )
            if score is not None:
                Score.objects.bulk_create(
                    [Score(assignment=assignment, criterion=c, value=score) for c in (first, second)]
                )
    return {
        "now": now,
        "lab": lab,
        "organizer": organizer,
        "challenge": challenge,
        "round": round_,
        "criteria": [first, second],
        "proposals": proposals,
        "leads": leads,
        "jurors": jurors,
    }


def add_outside_capital_quota(world, count=1):
    return Quota.objects.create(challenge=world["challenge"], kind="min_outside_capital", count=count)
