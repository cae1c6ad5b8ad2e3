"""Deadline-burst benchmark: every citizen saves, attaches and submits in the call's last minute.

N verified citizens, each signed in (sessions written to the database before the clock starts)
with one draft in a challenge whose call for proposals closes one minute after the load begins.
Then, concurrently, each one saves the complete texts (with the version the editor started
from), uploads a small PDF and submits; 10% submit a second time, as a retried request would.
It reports submissions per second, p50/p99 latency per step and every unexpected answer, then
checks the database: each proposal submitted exactly once, numbered 1..N without gaps or
duplicates, with one attachment whose file is on disk, and no extra proposals. It exits 1 when
anything was lost or duplicated or the server answered 5xx. See bench/README.md.

    .venv/bin/python bench/deadline_burst.py [--quick] [--citizens 500] [--concurrency 64] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# Run as a script, this directory is on sys.path: the load benchmark's helpers are shared.
from run import (
    NOISY_SHARE,
    ROOT,
    BenchError,
    cpu_snapshot,
    database_name,
    django_setup,
    gunicorn,
    log_tail,
    machine_info,
    manage,
    other_cpu_share,
    redact,
)

STEPS = ["save", "attach", "submit", "resubmit"]
RETRY_EVERY = 10  # every 10th citizen submits twice
CLIENT_TIMEOUT = 120  # seconds; longer than gunicorn's 30 s worker timeout, so the server's answer is seen
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SLUG = "reto-cierre-de-convocatoria"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Citizen:
    index: int
    proposal: int
    cookie: str
    csrf: str


@dataclass
class Call:
    step: str
    status: int  # 0: no HTTP answer (connection reset, timeout)
    ms: float
    ok: bool
    outcome: str  # what the answer meant, for the error table: "302 → receipt", "409", "no answer"…
    sent_at: float  # epoch seconds, to tell a request sent before the deadline from one sent after


@dataclass
class Load:
    deadline: float  # epoch seconds
    calls: list[Call] = field(default_factory=list)
    seconds: float = 0.0
    other_cpu: float | None = None  # share of the CPUs other processes took meanwhile (PostgreSQL's included)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)


# --- the Django side: runs in this process, against the same database as the server -------


def prepare(citizens: int) -> tuple[list[Citizen], int]:
    """The challenge, N verified citizens with a session and a draft each; returns them and the question id."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from challenges.models import Challenge, ChallengeKind, Phase, PhaseKind, Question, QuestionKind, Visibility
    from innovation_platform.accounts.models import User
    from innovation_platform.labs.models import Lab, LabKind
    from proposals.models import MemberRole, Proposal, ProposalMember

    now = timezone.now()
    with transaction.atomic():
        lab = Lab.objects.create(name="Laboratorio de carga", slug="laboratorio-de-carga", kind=LabKind.PUBLIC)
        challenge = Challenge.objects.create(
            lab=lab,
            title="Reto: cierre de convocatoria",
            slug=SLUG,
            code="CIERRE",
            theme="carga",
            kind=ChallengeKind.PUBLIC_CHALLENGE,
            visibility=Visibility.PUBLISHED,
            published_at=now - timedelta(days=30),
        )
        # Open for a day while preparing; the deadline is moved to "in one minute" when the load starts.
        Phase.objects.create(
            challenge=challenge,
            kind=PhaseKind.PROPOSALS,
            starts_at=now - timedelta(days=20),
            ends_at=now + timedelta(days=1),
        )
        question = Question.objects.create(
            challenge=challenge, label="¿A quién beneficia?", kind=QuestionKind.LONG_TEXT, required=True
        )
        # Passwords are never used (sessions are written directly): skipping the hashing keeps setup fast.
        users = User.objects.bulk_create(
            User(email=f"ciudadana{i:05d}@carga.example", full_name=f"Ciudadana {i}", password="!")
            for i in range(citizens)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        drafts = Proposal.objects.bulk_create(
            Proposal(challenge=challenge, title=f"Borrador {i}") for i in range(citizens)
        )
        ProposalMember.objects.bulk_create(
            ProposalMember(proposal=draft, user=user, role=MemberRole.LEAD)
            for draft, user in zip(drafts, users, strict=True)
        )
        store, sessions, people = SessionStore(), [], []
        for i, (user, draft) in enumerate(zip(users, drafts, strict=True)):
            key, csrf = store._get_new_session_key(), secrets.token_hex(16)  # a 32-character CSRF secret
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[1],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=now + timedelta(days=1))
            )
            cookie = f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}"
            people.append(Citizen(index=i, proposal=draft.pk, cookie=cookie, csrf=csrf))
        Session.objects.bulk_create(sessions)
    return people, question.pk


def set_deadline(seconds: int) -> datetime:
    from django.utils import timezone

    from challenges.models import Phase, PhaseKind

    deadline = timezone.now() + timedelta(seconds=seconds)
    Phase.objects.filter(challenge__slug=SLUG, kind=PhaseKind.PROPOSALS).update(ends_at=deadline)
    return deadline


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def verify(people: list[Citizen]) -> list[str]:
    """What went wrong, as sentences; empty when every citizen's submission is there exactly once."""
    from django.db.models import Count, Q

    from innovation_platform.core.models import AuditLogEntry
    from proposals.models import Proposal, ProposalStatus

    proposals = list(
        Proposal.objects.filter(challenge__slug=SLUG)
        .annotate(
            attachments_count=Count("attachments", distinct=True),
            snapshots=Count("versions", distinct=True),
            leads=Count("members", filter=Q(members__role="lead"), distinct=True),
        )
        .prefetch_related("attachments")
    )
    problems = []
    expected = {citizen.proposal for citizen in people}
    extra = [p.pk for p in proposals if p.pk not in expected]
    if extra:
        problems.append(f"{len(extra)} proposals nobody drafted: {extra[:10]}")
    by_pk = {p.pk: p for p in proposals}
    missing = sorted(expected - by_pk.keys())
    if missing:
        problems.append(f"{len(missing)} drafts disappeared: {missing[:10]}")
    not_submitted = [p.pk for p in proposals if p.status != ProposalStatus.SUBMITTED]
    if not_submitted:
        problems.append(f"{len(not_submitted)} proposals not submitted (lost): {not_submitted[:10]}")
    numbers = sorted(p.number for p in proposals if p.number is not None)
    if numbers != list(range(1, len(people) + 1)):
        duplicates = [n for n, count in Counter(numbers).items() if count > 1]
        gaps = sorted(set(range(1, len(people) + 1)) - set(numbers))
        problems.append(f"numbers are not 1..{len(people)}: duplicates {duplicates[:10]}, missing {gaps[:10]}")
    twice = [p.pk for p in proposals if p.snapshots > 1]
    if twice:
        problems.append(f"{len(twice)} proposals have more than one submission snapshot: {twice[:10]}")
    submitted_logs = Counter(
        AuditLogEntry.objects.filter(action="proposal.submitted", object_id__in=expected).values_list(
            "object_id", flat=True
        )
    )
    logged_twice = [pk for pk, count in submitted_logs.items() if count > 1]
    if logged_twice:
        problems.append(f"{len(logged_twice)} proposals were logged as submitted more than once: {logged_twice[:10]}")
    wrong_files = [p.pk for p in proposals if p.attachments_count != 1]
    if wrong_files:
        problems.append(f"{len(wrong_files)} proposals without exactly one attachment: {wrong_files[:10]}")
    absent = [
        attachment.file.name
        for p in proposals
        for attachment in p.attachments.all()
        if not attachment.file.storage.exists(attachment.file.name)
    ]
    if absent:
        problems.append(f"{len(absent)} attachment files are not on disk: {absent[:5]}")
    no_lead = [p.pk for p in proposals if p.leads != 1]
    if no_lead:
        problems.append(f"{len(no_lead)} proposals without exactly one lead: {no_lead[:10]}")
    return problems


# --- the load: plain HTTP, one connection per request (sync workers do not keep connections alive) ---


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(base: str, path: str, citizen: Citizen, body: bytes, content_type: str) -> tuple[int, str, float, float]:
    """POST without following redirects: (status, Location, milliseconds, sent at); status 0: no answer came."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=CLIENT_TIMEOUT)
    headers = {"Cookie": citizen.cookie, "X-CSRFToken": citizen.csrf, "Content-Type": content_type}
    sent_at, started = time.time(), time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status, location = response.status, response.getheader("Location") or ""
    except (OSError, http.client.HTTPException):
        status, location = 0, ""
    finally:
        connection.close()
    return status, location, (time.perf_counter() - started) * 1000, sent_at


def texts(citizen: Citizen, question: int) -> dict[str, str]:
    """The complete proposal the citizen saves: everything the completeness check asks for."""
    return {
        "version": "1",
        "title": f"Huertos urbanos del barrio {citizen.index}",
        "summary": "Huertos comunitarios en azoteas y patios para abastecer a las ollas comunes del barrio.",
        "problem": "Las ollas comunes compran verduras caras y de lejos; muchas familias no comen verduras a diario.",
        "solution": "Instalar huertos con riego por goteo, formar a promotoras y repartir la cosecha cada semana.",
        "beneficiaries": "120 familias de ollas comunes del barrio.",
        "territory": "San Juan de Lurigancho, Lima",
        "expected_impact": "Verduras frescas tres veces por semana en cada olla común.",
        "stage": "idea",
        "country": "PE",
        "region": "PE-LMA",
        "licence": "cc-by",
        "tags": "huertos, ollas comunes",
        f"question_{question}": "Familias de ollas comunes y sus hijas e hijos.",
    }


def journey(base: str, citizen: Citizen, question: int, load: Load) -> None:
    """One citizen's last minute: save, attach, submit (and, for some, submit again)."""
    pk = citizen.proposal
    edit, files, submit, receipt = (f"/proposals/{pk}/{page}/" for page in ("edit", "files", "submit", "receipt"))

    def record(step: str, answer: tuple[int, str, float, float], expected: str) -> None:
        status, location, ms, sent_at = answer
        ok = status == 302 and urlsplit(location).path == expected
        if status == 0:
            outcome = "no answer"
        elif status == 302:
            outcome = f"302 → {urlsplit(location).path.rstrip('/').rsplit('/', 1)[-1] or '/'}"
        else:
            outcome = str(status)
        load.add(Call(step=step, status=status, ms=ms, ok=ok, outcome=outcome, sent_at=sent_at))

    record("save", post(base, edit, citizen, urlencode(texts(citizen, question)).encode(), FORM), edit)
    body, content_type = multipart({"kind": "attachment"}, {"file": ("presupuesto.pdf", PDF, "application/pdf")})
    record("attach", post(base, files, citizen, body, content_type), files)
    record("submit", post(base, submit, citizen, b"", FORM), receipt)
    if citizen.index % RETRY_EVERY == 0:
        record("resubmit", post(base, submit, citizen, b"", FORM), receipt)


def run_load(base: str, people: list[Citizen], question: int, concurrency: int, deadline: datetime) -> Load:
    load = Load(deadline=deadline.timestamp())
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(journey, base, citizen, question, load) for citizen in people]:
            future.result()
    load.seconds = time.perf_counter() - started
    return load


# --- the report ------------------------------------------------------------------------


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def step_rows(load: Load) -> list[dict]:
    by_step = defaultdict(list)
    for call in load.calls:
        by_step[call.step].append(call)
    rows = []
    for step in STEPS:
        calls = by_step.get(step, [])
        if not calls:
            continue
        latencies = [call.ms for call in calls]
        rows.append(
            {
                "step": step,
                "requests": len(calls),
                "ok": sum(call.ok for call in calls),
                "p50_ms": round(percentile(latencies, 50), 1),
                "p99_ms": round(percentile(latencies, 99), 1),
                "max_ms": round(max(latencies), 1),
                "unexpected": dict(Counter(call.outcome for call in calls if not call.ok)),
                "server_errors": sum(1 for call in calls if call.status >= 500 or call.status == 0),
            }
        )
    return rows


def late_refusals(load: Load) -> dict:
    """Submissions sent back to the editor (the service refused them: here, only the deadline can)."""
    refused = [c for c in load.calls if c.step in ("submit", "resubmit") and c.outcome == "302 → edit"]
    return {"refused": len(refused), "sent_before_deadline": sum(1 for c in refused if c.sent_at < load.deadline)}


def print_report(args, rows: list[dict], load: Load, submissions: int, problems: list[str], database: str) -> None:
    print()
    print(
        f"Cocrea deadline burst: {args.citizens} citizens, {args.concurrency} at a time, "
        f"gunicorn sync x{args.workers} workers, {database}"
    )
    header = f"{'step':<9} {'requests':>8} {'ok':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  unexpected answers"
    print(header)
    print("-" * len(header))
    for row in rows:
        unexpected = ", ".join(f"{count}× {outcome}" for outcome, count in sorted(row["unexpected"].items())) or "0"
        figures = f"{row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}"
        print(f"{row['step']:<9} {row['requests']:>8} {row['ok']:>6} {figures}  {unexpected}")
    print(
        f"\n{submissions} submissions in {load.seconds:.1f} s: {submissions / load.seconds:.1f} submissions/s; "
        f"{len(load.calls) / load.seconds:.1f} requests/s"
    )
    server_errors = sum(row["server_errors"] for row in rows)
    print(f"5xx or no answer: {server_errors}")
    late = late_refusals(load)
    if late["refused"]:
        print(
            f"Submissions refused by the deadline: {late['refused']}, of which {late['sent_before_deadline']} were "
            "sent before it and waited in the server's queue until after it"
        )
    if load.other_cpu is not None:
        noisy = " (noisy: figures lower than this machine can do)" if load.other_cpu > NOISY_SHARE else ""
        print(f"Other processes' share of the CPUs during the load: {load.other_cpu:.0%}{noisy}")
    print(
        "Database check: "
        + ("every submission there exactly once, numbered 1..N, one file each" if not problems else "FAILED")
    )
    for problem in problems:
        print(f"  ! {problem}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Deadline burst: N citizens save, attach and submit in the last minute."
    )
    parser.add_argument("--citizens", type=int, help="citizens, one draft each (default 500, 60 with --quick)")
    parser.add_argument("--concurrency", type=int, default=64, help="citizens acting at the same time (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--deadline", type=int, default=60, help="seconds from the start of the load to the deadline")
    parser.add_argument("--quick", action="store_true", help="smoke run with 60 citizens")
    parser.add_argument("--database-url", help="a throwaway database, e.g. PostgreSQL; FLUSHED before the run")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/burst-<timestamp>.json)")
    args = parser.parse_args(argv)
    args.citizens = args.citizens or (60 if args.quick else 500)
    if args.database_url and "bench" not in database_name(args.database_url):
        parser.error("--database-url is flushed before the run: its database name must contain 'bench'")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"burst-{started_at:%Y%m%d-%H%M%S}.json"
    with tempfile.TemporaryDirectory(prefix="cocrea-burst-") as tmp:
        tmp_path = Path(tmp)
        env = {
            "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            # Receipts are rendered and "sent" on every submission, as in production, but go nowhere.
            "EMAIL_URL": "dummymail://",
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp_path}/burst.sqlite3",
        }
        env = {**os.environ, **env}
        log_path = tmp_path / "gunicorn.log"
        try:
            manage(env, "collectstatic", "--noinput", "-v", "0")
            manage(env, "migrate", "--noinput")
            if args.database_url:
                manage(env, "flush", "--noinput")
            django_setup(env)
            print(f"Preparing {args.citizens} citizens with a session and a draft...", flush=True)
            prepared = time.monotonic()
            people, question = prepare(args.citizens)
            print(f"  prepared in {time.monotonic() - prepared:.1f} s", flush=True)
            close_connections()
            with gunicorn(env, args.workers, log_path) as (base, server_pgid):
                deadline = set_deadline(args.deadline)
                close_connections()
                print(f"Load: the call closes at {deadline:%H:%M:%S} UTC, in {args.deadline} s...", flush=True)
                before = cpu_snapshot(server_pgid)
                load = run_load(base, people, question, args.concurrency, deadline)
                load.other_cpu = other_cpu_share(before, cpu_snapshot(server_pgid))
                server_log = log_tail(log_path, 40)
            problems = verify(people)
        except KeyboardInterrupt:
            print("Interrupted; the server was stopped.", file=sys.stderr)
            return 130
        except BenchError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1

    rows = step_rows(load)
    submissions = next((row["ok"] for row in rows if row["step"] == "submit"), 0)
    server_errors = sum(row["server_errors"] for row in rows)
    database = redact(args.database_url) if args.database_url else "sqlite (a temporary file)"
    print_report(args, rows, load, submissions, problems, database)
    if server_errors:
        print(f"\nThe end of gunicorn's log:\n{server_log}", file=sys.stderr)
    failed = bool(problems or server_errors)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ok": not failed,
        "machine": machine_info(),
        "server": {"gunicorn_workers": args.workers, "worker_class": "sync", "settings": env["DJANGO_SETTINGS_MODULE"]},
        "database": database,
        "citizens": args.citizens,
        "concurrency": args.concurrency,
        "deadline_s": args.deadline,
        "load_seconds": round(load.seconds, 2),
        "submissions_per_s": round(submissions / load.seconds, 2),
        "requests_per_s": round(len(load.calls) / load.seconds, 2),
        "steps": rows,
        "server_errors": server_errors,
        "late_refusals": late_refusals(load),
        "other_cpu": load.other_cpu,
        "problems": problems,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nJSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
