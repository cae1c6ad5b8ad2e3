"""The demo's year of growth: labs and demo innovators joined over the twelve months before the demo's call, a
quarter of them before, the same dates on every run."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from figures.demo import seed_network_growth
from figures.selectors import network_figures
from innovation_platform.accounts.models import User
from innovation_platform.labs.models import Lab
from tests.conftest import make_lab, make_user

pytestmark = pytest.mark.django_db
LIMA = ZoneInfo("America/Lima")
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=LIMA)


@time_machine.travel(NOW, tick=False)
def test_a_year_of_growth_the_same_on_every_run():
    for index in range(40):
        make_lab(f"lab-{index}")
        make_user(f"innovador{index:05d}@demo.cocrea.pe")
    make_user("ciudadana@demo.cocrea.pe")

    seed_network_growth()
    first = list(Lab.objects.order_by("pk").values_list("created_at", flat=True))
    seed_network_growth()

    assert list(Lab.objects.order_by("pk").values_list("created_at", flat=True)) == first
    growth = network_figures()["growth"]
    assert growth["months"][0] == "2026-01-01" and growth["months"][-1] == "2026-12-01"
    assert 10 <= growth["labs"][0] < 15  # the founders (a quarter) with the first month's
    assert sum(growth["labs"]) == 40
    assert sum(1 for joined in growth["labs"][1:] if joined) >= 9  # most months see labs join
    assert sum(growth["innovators"]) == 41
    assert User.objects.get(email="ciudadana@demo.cocrea.pe").date_joined.date() == NOW.date()  # accounts kept
