from django.core.management.base import BaseCommand

from challenges.services import phases_announce_ended, phases_announce_started


class Command(BaseCommand):
    help = (
        "Announce phases that have just started (e-mail to followers, live pages) or ended (live pages). "
        "Run it every few minutes (cron, systemd timer)."
    )

    def handle(self, *args, **options):
        started, ended = phases_announce_started(), phases_announce_ended()
        self.stdout.write(f"{started} phase start(s) and {ended} phase end(s) announced.")
