"""The demo's lab and after: each part adds what it shows, in the order the parts build on each other."""

from projects.demo.attendance import seed_attendance


def seed_lab(accounts) -> None:
    """Projects, logbooks, the lab programme, follow-up and certificates of the demo's calls."""
    seed_attendance(accounts)
