from django.core.management.base import BaseCommand

from innovation_platform.accounts.services import data_exports_purge


class Command(BaseCommand):
    help = (
        "Delete the copies of personal data whose download time is up. Run it daily (cron, systemd timer); the "
        "download refuses an expired copy anyway."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{data_exports_purge()} expired copy(ies) of personal data deleted.")
