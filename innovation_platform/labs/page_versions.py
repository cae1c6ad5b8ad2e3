"""The public pages that show labs and their people (core/page_cache.py): every page names its lab."""

from innovation_platform.core.page_cache import DIRECTORY, pages_follow
from innovation_platform.labs.models import Lab, LabMembership


def register() -> None:
    pages_follow(Lab, lambda lab: [DIRECTORY])
    pages_follow(LabMembership, lambda membership: [DIRECTORY])
