from django.core.management.base import BaseCommand

from innovation_platform.live.services import live_events_prune


class Command(BaseCommand):
    help = (
        "Delete stored live events older than --days (default 7). Run it daily (cron, systemd timer); "
        "a client away for longer reloads the page instead of replaying."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        self.stdout.write(f"{live_events_prune(days=days)} live event(s) deleted.")
