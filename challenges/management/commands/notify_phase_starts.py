from django.core.management.base import BaseCommand

from challenges.services import phases_announce_started


class Command(BaseCommand):
    help = "E-mail followers about phases that have just started. Run it every few minutes (cron, systemd timer)."

    def handle(self, *args, **options):
        self.stdout.write(f"{phases_announce_started()} phase start(s) announced.")
