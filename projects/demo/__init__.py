"""The demo's lab and after: each part adds what it shows, in the order the parts build on each other."""

from projects.demo.attendance import seed_attendance
from projects.demo.certificates import seed_certificates
from projects.demo.followup import seed_followup
from projects.demo.logbook import seed_logbook
from projects.demo.projects import seed_projects


def seed_lab(accounts) -> None:
    """Projects, logbooks, the lab programme, follow-up and certificates of the demo's calls."""
    seed_projects(accounts)
    seed_logbook(accounts)
    seed_followup(accounts)
    seed_attendance(accounts)
    seed_certificates(accounts)  # last: mentors, attendance and teams earn theirs
