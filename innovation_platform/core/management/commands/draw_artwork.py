from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from innovation_platform.core.artwork import write_artwork


class Command(BaseCommand):
    help = "Draw the favicon's PNG fallbacks and the demo's covers and lab logos into the repository (deterministic)."

    def handle(self, *args, **options):
        for path in write_artwork(Path(settings.BASE_DIR) / "static"):
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}  {path.stat().st_size / 1024:.1f} KB")
