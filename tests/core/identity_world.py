"""The demo, loaded once into a test's database, and its people signed in: what the identity tests walk through."""

import io

from django.core.management import call_command

from tests.browser.key_pages import CITIZEN, DEMO_PASSWORD, JUROR, LEAD, MENTOR, ORGANIZER, STAFF

PEOPLE = (None, CITIZEN, LEAD, JUROR, MENTOR, ORGANIZER, STAFF)


def load_demo() -> None:
    """A smaller network than `make run`'s (the calls, proposals and juries are the same)."""
    call_command("seed_demo", labs=8, innovators=20, quiet_accounts=True, stdout=io.StringIO())


__all__ = ["DEMO_PASSWORD", "PEOPLE", "load_demo"]
