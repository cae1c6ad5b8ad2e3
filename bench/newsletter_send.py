"""Sending a newsletter to N readers (10,000 by default): the worker's time and peak memory, and every reader
e-mailed once with their own unsubscribe headers.

It seeds, in a fresh SQLite database of its own, N innovators who asked for the newsletter and verified their
address (a third reading in English, with an English version of the issue), then times the request's part (count
and queue, with the task backend that only records the task) and the worker's part: the delivery task run as the
worker runs it, with an in-memory e-mail backend (Django's locmem backend, keeping of each message only what the
checks read: locmem's outbox would keep a deep copy of all N messages, measuring the outbox rather than the
worker). The time is taken untraced; then a second issue goes to the same readers under tracemalloc for the
worker's peak of Python memory (tracing slows it several times). The process's maximum resident size
(getrusage) is reported too.

    .venv/bin/python bench/newsletter_send.py [--readers 10000] [--no-trace]
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE = Path(tempfile.mkdtemp(prefix="cocrea-bench-newsletter-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.local")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.mail.backends.locmem import EmailBackend  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from innovation_platform.accounts.models import Profile, User  # noqa: E402
from newsletter.models import Newsletter, NewsletterVersion  # noqa: E402
from newsletter.services import newsletter_send  # noqa: E402
from newsletter.tasks import newsletter_deliver  # noqa: E402

BODY = (
    "## Novedades de la red\n\n"
    "Se abrió la convocatoria **LABIC Perú: seguridad alimentaria**. [Postula aquí](https://example.org/reto).\n\n"
    "- Mentorías en diciembre\n- Feria de prototipos en enero\n"
)


class SummaryBackend(EmailBackend):
    """locmem, keeping of each message its address, subject and one-click header (see the docstring above)."""

    def send_messages(self, messages):
        for message in messages:
            message.message()  # built as a real backend builds it
            one_click = message.extra_headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
            mail.outbox.append((message.to[0], message.subject, one_click))
        return len(messages)


def seed(readers: int) -> tuple[Newsletter, User]:
    call_command("migrate", verbosity=0)
    staff = User.objects.create_user(email="staff@bench.example", password=None, full_name="Staff", is_staff=True)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"lector{number}@bench.example",
                full_name=f"Lectora Ñusta {number}",
                language="en" if number % 3 == 0 else "es",
            )
            for number in range(readers)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=2000
    )
    Profile.objects.bulk_create(
        [
            Profile(user=user, slug=f"lector-{user.pk}", newsletter_consent=True, newsletter_consent_at=now)
            for user in users
        ],
        batch_size=2000,
    )
    newsletter = Newsletter.objects.create(author=staff, subject="Boletín de diciembre", body=BODY, language="es")
    NewsletterVersion.objects.create(newsletter=newsletter, language="en", subject="December news", body=BODY)
    return newsletter, staff


def trace(newsletter: Newsletter, staff: User) -> int:
    """The peak of Python memory while a second issue goes to the same readers."""
    second = Newsletter.objects.create(author=staff, subject="Boletín de enero", body=BODY, language="es")
    tracemalloc.start()
    newsletter_deliver.call(second.pk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mail.outbox = []
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--no-trace", dest="trace", action="store_false", help="skip the traced second sending")
    args = parser.parse_args()
    newsletter, staff = seed(args.readers)

    # The request: count and queue (the dummy backend records the task instead of running it).
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        newsletter_send(newsletter=newsletter, actor=staff)
        request_seconds = time.perf_counter() - started

    # The worker: the delivery task, untraced for its time. A running worker has its URL configuration loaded (the
    # unsubscribe links are reversed): loaded here first so that its one-time import is not counted.
    reverse("newsletter:archive")
    with override_settings(EMAIL_BACKEND="__main__.SummaryBackend"):
        mail.outbox = []
        started = time.perf_counter()
        newsletter_deliver.call(newsletter.pk)
        worker_seconds = time.perf_counter() - started
        outbox, mail.outbox = mail.outbox, []
        traced_peak = trace(newsletter, staff) if args.trace else None
    # Linux reports ru_maxrss in KiB.
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    addresses = [address for address, _subject, _one_click in outbox]
    one_click = all(flag for _address, _subject, flag in outbox)
    english = sum(subject == "December news" for _address, subject, _flag in outbox)
    newsletter.refresh_from_db()
    figures = {
        "readers": args.readers,
        "request_seconds": round(request_seconds, 3),
        "request_queries": len(queries),
        "worker_seconds": round(worker_seconds, 1),
        "ms_per_email": round(worker_seconds * 1000 / max(len(outbox), 1), 2),
        "worker_traced_peak_mib": None if traced_peak is None else round(traced_peak / 2**20, 1),
        "process_max_rss_mib": round(max_rss_mib, 1),
        "emails": len(outbox),
        "distinct_readers": len(set(addresses)),
        "english_edition": english,
        "all_with_one_click_unsubscribe": one_click,
        "status": newsletter.status,
        "delivered_count": newsletter.delivered_count,
    }
    print(json.dumps(figures, indent=2))
    ok = len(outbox) == len(set(addresses)) == args.readers == newsletter.delivered_count and one_click
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
