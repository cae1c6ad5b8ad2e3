"""The demo's lab and after: each part adds what it shows, in the order the parts build on each other."""

from projects.demo.logbook import seed_logbook


def seed_lab(accounts) -> None:
    """Projects, logbooks, the lab programme, follow-up and certificates of the demo's calls."""
    seed_logbook(accounts)
