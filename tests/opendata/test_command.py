"""The scheduled job publishes what changed, and nothing the second time; the demo publishes once."""

from io import StringIO

from django.core.management import call_command

from opendata.datasets import DATASETS
from opendata.demo import seed_open_data
from opendata.models import Snapshot
from tests.opendata.opendata_world import network  # noqa: F401


def run() -> str:
    out = StringIO()
    call_command("opendata_publish", stdout=out)
    return out.getvalue()


def test_the_job_publishes_every_dataset_then_nothing_twice(network):  # noqa: F811
    assert run().startswith(f"{len(DATASETS)} of {len(DATASETS)} dataset(s) published again")
    assert run() == f"0 of {len(DATASETS)} dataset(s) published again: none.\n"
    assert Snapshot.objects.count() == len(DATASETS)
    assert list(Snapshot.objects.order_by().values_list("published_by", flat=True).distinct()) == [None]


def test_the_demo_publishes_once(network):  # noqa: F811
    assert (seed_open_data(), seed_open_data()) == (len(DATASETS), 0)


def test_seed_demo_publishes_the_datasets_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("seed_demo", labs=6, innovators=20, quiet_accounts=True, stdout=output)
    assert f"Open datasets published: {len(DATASETS)}." in outputs[0].getvalue()
    assert "Open datasets published: 0." in outputs[1].getvalue()
    assert Snapshot.objects.get(dataset="proposals").rows > 0
