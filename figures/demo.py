"""Demo: a year of the network's growth. The labs and the synthetic innovators joined over the twelve months before
the demo was first loaded (the LABIC call's creation), a quarter of them before: the figures page's growth charts
then show a year, not a single day. Deterministic (each one's place in the order of creation) and idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from challenges.demo import LABIC_SLUG, LIMA
from challenges.models import Challenge
from innovation_platform.accounts.demo import DEMO_DOMAIN
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import Lab

YEAR_DAYS = 365
FOUNDERS = 0.25  # the share of the network already there a year before


def joined(index: int, count: int, anchor: datetime) -> datetime:
    """When the `index`-th of `count` joined: the founders 13 to 18 months before `anchor`, the others spread over
    the last year, more of them lately (the network gathers pace)."""
    share = index / max(count, 1)
    if share < FOUNDERS:
        days = YEAR_DAYS + 30 + round(150 * (1 - share / FOUNDERS))
    else:
        days = round(YEAR_DAYS * (1 - ((share - FOUNDERS) / (1 - FOUNDERS)) ** 0.6))
    return datetime.combine(anchor.date() - timedelta(days=days), time(10, 0), tzinfo=LIMA)


def seed_network_growth(*, now: datetime | None = None) -> None:
    created = Challenge.objects.filter(slug=LABIC_SLUG).values_list("created_at", flat=True).first()
    anchor = timezone.localtime(created or now or timezone.now(), LIMA)
    labs = list(Lab.objects.order_by("pk").only("pk"))
    for index, lab in enumerate(labs):
        lab.created_at = joined(index, len(labs), anchor)
    Lab.objects.bulk_update(labs, ["created_at"], batch_size=500)
    people = list(User.objects.filter(email__startswith="innovador", email__endswith=DEMO_DOMAIN).order_by("pk"))
    for index, person in enumerate(people):
        person.date_joined = joined(index, len(people), anchor)
    User.objects.bulk_update(people, ["date_joined"], batch_size=500)
