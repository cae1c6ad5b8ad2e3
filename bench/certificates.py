"""Issuing 1,000 certificates: time per certificate to issue them (through the service) and to draw each PDF, and
every PDF checked (one page, with its verification code in its text).

It seeds, in a fresh SQLite database of its own, an edition whose lab phase lasted five days and N participants
who checked in on one to five of them (names with Spanish accents, languages alternating), then issues the
participants' certificate to everyone who attended at least one day, and renders and validates every PDF.

    .venv/bin/python bench/certificates.py [--people 1000]
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE = Path(tempfile.mkdtemp(prefix="cocrea-bench-certificates-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from challenges.models import Challenge, Phase  # noqa: E402
from innovation_platform.accounts.models import User  # noqa: E402
from innovation_platform.labs.models import Lab  # noqa: E402
from projects.certificate_document import certificate_pdf  # noqa: E402
from projects.models import Certificate, CheckIn  # noqa: E402
from projects.selectors.certificates import CertificateRule  # noqa: E402
from projects.services import certificates as service  # noqa: E402

FIRST = ["Ñusta", "José", "María", "Ángel", "Lucía", "Raúl", "Inés", "Martín", "Sofía", "Jesús"]
LAST = ["Quispe Huamán", "Mamani Condori", "Pérez Núñez", "Ccori Apaza", "Gutiérrez Ríos", "Chávez Loayza"]
DAYS = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(5)]


def seed(people: int) -> tuple[Challenge, User]:
    call_command("migrate", verbosity=0)
    lab = Lab.objects.create(slug="lab-bench", name="Laboratorio de Innovación Ciudadana de Arequipa", country="PE")
    challenge = Challenge.objects.create(
        lab=lab, slug="bench-lab", title="Hackatón del agua 2026", theme="agua", kind="hackathon"
    )
    Phase.objects.create(
        challenge=challenge,
        kind="lab",
        starts_at=datetime(2026, 3, 2, 5, tzinfo=UTC),
        ends_at=datetime(2026, 3, 7, 5, tzinfo=UTC),
    )
    organizer = User.objects.create_user(email="org@bench.example", password=None, full_name="Organizadora")
    users = User.objects.bulk_create(
        [
            User(
                email=f"p{number}@bench.example",
                full_name=f"{FIRST[number % len(FIRST)]} {LAST[number % len(LAST)]} {number}",
                language="en" if number % 3 == 0 else "es",
            )
            for number in range(people)
        ]
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(challenge=challenge, user=user, day=day)
            for number, user in enumerate(users)
            for day in DAYS[: 1 + number % len(DAYS)]
        ],
        batch_size=2000,
    )
    return challenge, organizer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    challenge, organizer = seed(args.people)
    service.INLINE_LIMIT = args.people  # all in this process, in batches, as the background task would

    started = time.perf_counter()
    outcome = service.certificates_issue(
        challenge=challenge, rule=CertificateRule("participant", min_days=1), actor=organizer
    )
    issuing = time.perf_counter() - started
    again = service.certificates_issue(
        challenge=challenge, rule=CertificateRule("participant", min_days=1), actor=organizer
    )

    certificates = list(Certificate.objects.select_related("challenge__lab").order_by("pk"))
    invalid, sizes = [], []
    started = time.perf_counter()
    pdfs = [(certificate, certificate_pdf(certificate)) for certificate in certificates]
    rendering = time.perf_counter() - started
    for certificate, data in pdfs:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) != 1 or certificate.code not in reader.pages[0].extract_text():
            invalid.append(certificate.code)
        sizes.append(len(data))
    identical = certificate_pdf(certificates[0]) == pdfs[0][1]

    figures = {
        "people": args.people,
        "issued": outcome.issued,
        "issued_again": again.issued,
        "skipped_again": again.skipped,
        "issue_seconds": round(issuing, 3),
        "issue_ms_per_certificate": round(1000 * issuing / max(outcome.issued, 1), 3),
        "render_seconds": round(rendering, 3),
        "render_ms_per_certificate": round(1000 * rendering / max(len(pdfs), 1), 3),
        "pdf_bytes_mean": round(sum(sizes) / max(len(sizes), 1)),
        "valid_pdfs": len(pdfs) - len(invalid),
        "invalid_pdfs": invalid[:10],
        "same_bytes_when_drawn_again": identical,
    }
    print(json.dumps(figures, indent=2))
    return 0 if outcome.issued == args.people and not invalid and identical and not again.issued else 1


if __name__ == "__main__":
    sys.exit(main())
