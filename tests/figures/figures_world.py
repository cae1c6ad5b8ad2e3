"""A network to draw: labs of several kinds and regions, innovators, a public call with proposals from Peru and
abroad, and a private one."""

from datetime import timedelta

from django.utils import timezone

from innovation_platform.accounts.models import Profile
from proposals.models import Proposal
from tests.conftest import make_challenge, make_lab, make_user

NOW = timezone.now()
DAY = timedelta(days=1)


def make_innovators(count: int, *, region: str = "PE-CUS", country: str = "PE", prefix: str = "persona") -> None:
    for index in range(count):
        user = make_user(f"{prefix}-{region}-{index}@example.org", full_name=f"Persona {index}")
        Profile.objects.filter(user=user).update(country=country, region=region if country == "PE" else "")


def make_proposals(challenge, count: int, *, country: str = "PE", region: str = "PE-CUS", submitted_at=None) -> None:
    start = Proposal.objects.filter(challenge=challenge).count()
    Proposal.objects.bulk_create(
        Proposal(
            challenge=challenge,
            title=f"Propuesta {start + index}",
            summary="Resumen",
            status="submitted",
            number=start + index + 1,
            country=country,
            region=region if country == "PE" else "",
            submitted_at=submitted_at or NOW,
        )
        for index in range(count)
    )


def network(rows: int = 3):
    """`rows` labs and proposals, three innovators in Cusco and two in Puno (too few to publish)."""
    labs = [
        make_lab(
            f"lab-{index}", kind=("academia", "public", "private")[index % 3], region=("PE-CUS", "PE-LIM")[index % 2]
        )
        for index in range(rows)
    ]
    make_innovators(3, region="PE-CUS")
    make_innovators(2, region="PE-PUN")
    call = make_challenge(labs[0], "reto-agua", code="AGUA26", visibility="published")
    make_proposals(call, rows - 1)
    make_proposals(call, 1, country="CL")
    private = make_challenge(labs[0], "reto-privado", code="PRIV26", visibility="published", proposals_public=False)
    make_proposals(private, 4)
    return {"labs": labs, "call": call, "private": private}
