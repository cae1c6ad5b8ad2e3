"""The demo lets each README role finish its journey today, as Mi espacio shows it: the citizen's invitation, the
lead's draft he can complete and submit, the juror's reviews due now and her expo round, and what waits for the
organizer."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from challenges.demo import EVALUATION_SLUG, LABIC_SLUG
from innovation_platform.accounts.models import User
from proposals.models import Proposal
from tests.space import space_world

client = space_world.client

pytestmark = pytest.mark.django_db


def space_of(client, email: str):
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse("space:mine"))
    assert response.status_code == 200
    return response.context["sections"]


def test_every_demo_role_has_something_to_do_in_its_space(client):
    call_command("seed_demo", labs=6, innovators=160, quiet_accounts=True, stdout=StringIO())
    now = timezone.now()

    citizen = space_of(client, "ciudadana@demo.cocrea.pe")
    assert [i.proposal.title for i in citizen["invitations"].items] == ["Mercado virtual de productores del Cusco"]
    assert User.objects.filter(email="equipo@demo.cocrea.pe", emailaddress__verified=True).exists()

    lead = space_of(client, "lider@demo.cocrea.pe")
    steps = {proposal.title: proposal.next_step for proposal in lead["proposals"].items}
    draft = steps["Mercado virtual de productores del Cusco"]
    assert (draft.text, draft.urgent) == ("2 items missing", True)
    labic = Proposal.objects.get(title="Mercado virtual de productores del Cusco").challenge
    assert (labic.slug, labic.proposals_per_person) == (LABIC_SLUG, 2)  # his submitted one leaves room for it

    juror = space_of(client, "jurado@demo.cocrea.pe")
    judged_now = [seat for seat in juror["reviews"].items if seat.round.challenge.slug == EVALUATION_SLUG]
    rubric, expo = sorted(judged_now, key=lambda seat: seat.round.position)
    assert rubric.round.starts_at <= now < rubric.round.ends_at and rubric.to_do > 0
    assert expo.round.method == "pairwise" and expo.round.starts_at <= now < expo.round.ends_at

    organizer = space_of(client, "organizadora@demo.cocrea.pe")
    calls = {call.slug: call for call in organizer["organizing"].items}
    figures = calls[LABIC_SLUG].figures
    assert (figures.appeals, figures.reports) == (1, 3) and figures.to_screen > 0
    assert calls[EVALUATION_SLUG].reviews_done < calls[EVALUATION_SLUG].reviews_counted

    mentor = space_of(client, "mentora@demo.cocrea.pe")
    assert mentor["mentoring"].items
