from django.core.management.base import BaseCommand

from opendata.datasets import DATASETS
from opendata.services import datasets_publish


class Command(BaseCommand):
    help = (
        "Publish the open datasets of /datos/: a new dated snapshot of each dataset whose data changed since its "
        "latest one. Run it once a day (cron: `15 3 * * * .venv/bin/python manage.py opendata_publish`); running "
        "it twice publishes nothing twice."
    )

    def handle(self, *args, **options):
        published = datasets_publish()
        names = ", ".join(snapshot.dataset for snapshot in published) or "none"
        self.stdout.write(f"{len(published)} of {len(DATASETS)} dataset(s) published again: {names}.")
