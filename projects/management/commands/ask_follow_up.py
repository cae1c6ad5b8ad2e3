from django.core.management.base import BaseCommand

from projects.services.followup import follow_up_ask_due


class Command(BaseCommand):
    help = (
        "Ask each project's team to answer the follow-up checkpoints that are open (once), and remind those that "
        "have not answered (twice at most). Run it every few minutes with announce_phases (cron, systemd timer); "
        "running it twice asks nobody twice."
    )

    def handle(self, *args, **options):
        asked, reminded = follow_up_ask_due()
        self.stdout.write(f"{asked} team(s) asked and {reminded} reminder(s) sent for follow-up checkpoints.")
