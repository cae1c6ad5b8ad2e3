import random

from django.core.files import File
from django.core.management.base import BaseCommand

from challenges.demo import seed_challenges
from challenges.models import Challenge
from figures.demo import seed_network_growth
from innovation_platform.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    seed_accounts,
    seed_innovators,
    seed_policies,
)
from innovation_platform.core.artwork import demo_cover_path, demo_logo_path
from innovation_platform.core.images import COVER_THUMBNAIL, LOGO_THUMBNAIL, Thumbnail, clean_image, store_image
from innovation_platform.labs.demo import seed_labs
from innovation_platform.labs.models import Lab
from judging.demo import seed_judging
from judging.demo_messages import seed_demo_messages
from newsletter.demo import seed_newsletters
from opendata.demo import seed_open_data
from projects.demo import seed_lab
from proposals.demo import seed_proposals
from proposals.demo.collaborators import seed_finished_collaborators
from proposals.demo.dropout import seed_finished_dropout
from proposals.models import Proposal


class Command(BaseCommand):
    help = "Load the reproducible Spanish demo (idempotent: running it again adds nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument("--labs", type=int, default=40, help="How many labs the network should have.")
        parser.add_argument("--innovators", type=int, default=160, help="How many synthetic innovators.")
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, labs, innovators, quiet_accounts, **options):
        rng = random.Random(2023)
        accounts = seed_accounts()
        new_labs = seed_labs(labs, rng, accounts)
        new_people = seed_innovators(innovators, rng)
        new_challenges = seed_challenges(accounts)
        new_proposals = seed_proposals(accounts)
        self.stdout.write(f"Demo proposals: {new_proposals} new.")
        # The hackathon's jury selects its teams, one drops out (the waitlist moves up), then its collaborator call
        # completes them.
        new_rounds = seed_judging(accounts)
        seed_finished_dropout(accounts)
        seed_finished_collaborators()
        seed_demo_messages(accounts)
        seed_lab(accounts)
        seed_imagery()
        seed_newsletters(accounts)
        seed_network_growth()  # a year of labs and innovators joining, for the figures page
        seed_policies()  # every demo account accepted the policies in force
        new_datasets = seed_open_data()  # last: the datasets of /datos/ come from all of the above
        self.stdout.write(f"Demo judging rounds: {new_rounds} new.")
        self.stdout.write(f"Open datasets published: {new_datasets}.")
        self.stdout.write(
            f"Demo ready: {new_labs} new labs, {new_people} new innovators, {new_challenges} new challenges."
        )
        if not quiet_accounts:
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for role, email, _name, _staff in DEMO_ACCOUNTS:
                self.stdout.write(f"  {role:<10} {email}")


def seed_imagery() -> None:
    """Covers for every challenge and two proposals in three, logos for three labs in four, from the pictures
    drawn into demo_assets/ (manage.py draw_artwork), each through the upload pipeline. The others keep the
    designed placeholder, so the demo shows both. Only what has no picture yet gets one: running it again adds
    nothing."""
    for index, challenge in enumerate(Challenge.objects.order_by("pk")):
        _give_picture(challenge, "cover", demo_cover_path(index), COVER_THUMBNAIL)
    for index, proposal in enumerate(Proposal.objects.order_by("pk")):
        if index % 3 != 2:
            _give_picture(proposal, "cover", demo_cover_path(index + 3), COVER_THUMBNAIL)
    for index, lab in enumerate(Lab.objects.order_by("pk")):
        if index % 4 != 3:
            _give_picture(lab, "logo", demo_logo_path(index), LOGO_THUMBNAIL)


def _give_picture(instance, field: str, path, box: Thumbnail) -> None:
    if getattr(instance, field):
        return
    with path.open("rb") as file:
        store_image(instance, field, f"{field}_thumbnail", clean_image(File(file, name=path.name)), box)
    instance.save(update_fields=[field, f"{field}_thumbnail"])
