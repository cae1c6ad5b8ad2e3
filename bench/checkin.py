"""Check-in benchmark: 300 people through the door in 5 minutes, checked in from 4 phones.

An event with N participants, each with an entry pass, and 4 staff members (its organizers), each signed in on
"a phone": a client that posts codes one after another to the real check-in page (/console/<slug>/check-in/) of
a gunicorn server running the production settings. The line is shared by the 4 phones; on top of the N people,
10% show their pass again at another phone (a second scan), 5% of the posts are re-sent at once (a retry after
a timeout) and 2% are mistyped codes. By default the people arrive as fast as the phones take them (the
capacity); with --pace they arrive evenly over --minutes (the real door). It reports p50/p99 latency and the
throughput, then checks the database: exactly N check-ins, one per person, none twice. It exits 1 when a
check-in is missing or doubled, an answer is unexpected, or the server answered 5xx. See bench/README.md.

    .venv/bin/python bench/checkin.py [--people 300] [--phones 4] [--pace] [--minutes 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# Run as a script, this directory is on sys.path: the load benchmark's helpers are shared.
from run import (
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

SLUG = "evento-puerta"
CLIENT_TIMEOUT = 60
SECOND_SCAN_SHARE, RETRY_SHARE, TYPO_SHARE = 0.10, 0.05, 0.02
# What each answer of the check-in page says, by the class of its message (the same in every language).
ANSWERS = {"check-in-ok": "checked in", "message-warning": "already checked in", "message-error": "refused"}


@dataclass
class Phone:
    index: int
    cookie: str
    csrf: str


@dataclass
class Post:
    kind: str  # "first", "second scan", "retry", "typo"
    code: str
    status: int  # 0: no HTTP answer
    answer: str  # "checked in", "already checked in", "refused", or what else came
    ms: float


@dataclass
class Load:
    posts: list[Post] = field(default_factory=list)
    seconds: float = 0.0
    other_cpu: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, post: Post) -> None:
        with self.lock:
            self.posts.append(post)


# --- the Django side: runs in this process, against the same database as the server -------


def prepare(people: int, phones: int) -> tuple[list[str], list[Phone], str]:
    """The event, its participants with their entry passes, and its staff signed in; returns the codes, the phones
    and the event's date in its time zone."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from challenges.models import Challenge, ChallengeKind, ChallengeRole, Visibility
    from innovation_platform.accounts.models import User
    from innovation_platform.labs.models import Lab, LabKind
    from projects.entry_codes import code_new
    from projects.models import EntryPass

    now = timezone.now()
    with transaction.atomic():
        lab = Lab.objects.create(name="Laboratorio de la puerta", slug="laboratorio-puerta", kind=LabKind.PUBLIC)
        event = Challenge.objects.create(
            lab=lab,
            title="Encuentro de laboratorios",
            slug=SLUG,
            theme="carga",
            kind=ChallengeKind.MEETUP,
            visibility=Visibility.PUBLISHED,
            published_at=now - timedelta(days=30),
        )
        # Passwords are never used (sessions are written directly): skipping the hashing keeps setup fast.
        participants = User.objects.bulk_create(
            User(email=f"asistente{i:05d}@puerta.example", full_name=f"Asistente {i}", password="!")
            for i in range(people)
        )
        codes = list({code_new() for _ in range(people * 2)})[:people]
        EntryPass.objects.bulk_create(
            EntryPass(challenge=event, user=user, code=code) for user, code in zip(participants, codes, strict=True)
        )
        staff = User.objects.bulk_create(
            User(email=f"puerta{i}@puerta.example", full_name=f"Puerta {i}", password="!") for i in range(phones)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in staff
        )
        ChallengeRole.objects.bulk_create(ChallengeRole(challenge=event, user=user, role="organizer") for user in staff)
        store, sessions, signed_in = SessionStore(), [], []
        for index, user in enumerate(staff):
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
            signed_in.append(Phone(index=index, cookie=cookie, csrf=csrf))
        Session.objects.bulk_create(sessions)
    return codes, signed_in, timezone.localdate(now, event.tzinfo).isoformat()


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def verify(codes: list[str]) -> list[str]:
    """What went wrong, as sentences; empty when each participant is checked in exactly once, at the door."""
    from django.db.models import Count

    from projects.models import CheckIn

    check_ins = CheckIn.objects.filter(challenge__slug=SLUG)
    problems = []
    total = check_ins.count()
    if total != len(codes):
        problems.append(f"{total} check-ins for {len(codes)} people")
    doubled = check_ins.values("user", "day", "session").annotate(rows=Count("pk")).filter(rows__gt=1).count()
    if doubled:
        problems.append(f"{doubled} people checked in more than once")
    missing = len(codes) - check_ins.values("user").distinct().count()
    if missing:
        problems.append(f"{missing} people were not checked in")
    if check_ins.exclude(session=None).exists():
        problems.append("check-ins at a session, not at the door")
    if check_ins.filter(checked_in_by=None).exists():
        problems.append("check-ins without who checked them in")
    return problems


# --- the load: plain HTTP, one connection per request (sync workers do not keep connections alive) ---


def post(base: str, phone: Phone, fields: dict) -> tuple[int, str, float]:
    """POST the check-in form: (status, what the page answered, milliseconds); status 0: no answer came."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=CLIENT_TIMEOUT)
    headers = {
        "Cookie": phone.cookie,
        "X-CSRFToken": phone.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": "es",
    }
    started = time.perf_counter()
    try:
        connection.request("POST", f"/console/{SLUG}/check-in/", body=urlencode(fields).encode(), headers=headers)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        status = response.status
    except (OSError, http.client.HTTPException):
        status, body = 0, ""
    finally:
        connection.close()
    answer = next((meaning for marker, meaning in ANSWERS.items() if marker in body), f"HTTP {status}")
    return status, answer, (time.perf_counter() - started) * 1000


def arrivals(codes: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """The line at the door: (kind, code) in arrival order, second scans a little after the first."""
    line = [("first", code) for code in codes]
    for code in rng.sample(codes, round(len(codes) * SECOND_SCAN_SHARE)):
        position = line.index(("first", code))
        line.insert(min(position + rng.randint(1, 12), len(line)), ("second scan", code))
    for position in sorted(rng.sample(range(len(line)), round(len(codes) * TYPO_SHARE)), reverse=True):
        line.insert(position, ("typo", "ZZZZ" + secrets.token_hex(2).upper().translate(str.maketrans("01", "23"))))
    return line


def run_load(base: str, phones: list[Phone], line: list[tuple[str, str]], day: str, spacing: float) -> Load:
    """The phones take the next person in the line, each as soon as it has answered the previous one; with
    `spacing`, person k arrives `k * spacing` seconds after the start and a free phone waits for them."""
    load, waiting, rng = Load(), queue.Queue(), random.Random(7)
    for item in enumerate(line):
        waiting.put(item)
    started = time.perf_counter()

    def phone_at_work(phone: Phone) -> None:
        while True:
            try:
                position, (kind, code) = waiting.get_nowait()
            except queue.Empty:
                return
            delay = started + position * spacing - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            fields = {"target": "day", "day": day, "code": f"{code[:4]}-{code[4:]}".lower()}
            status, answer, ms = post(base, phone, fields)
            load.add(Post(kind=kind, code=code, status=status, answer=answer, ms=ms))
            if kind == "first" and rng.random() < RETRY_SHARE:  # the phone did not see the answer and sends again
                status, answer, ms = post(base, phone, fields)
                load.add(Post(kind="retry", code=code, status=status, answer=answer, ms=ms))

    threads = [threading.Thread(target=phone_at_work, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    return load


# --- the report ------------------------------------------------------------------------


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def unexpected(load: Load) -> Counter:
    """Answers that should not have come: a mistyped code is refused; each person's scans (their first, a second
    scan at another phone, a retry) give exactly one "checked in" and otherwise "already checked in", whichever
    phone's request the server took first."""
    odd = Counter(f"typo: {post.answer}" for post in load.posts if post.kind == "typo" and post.answer != "refused")
    by_person: dict[str, list[str]] = {}
    for post in load.posts:
        if post.kind != "typo":
            by_person.setdefault(post.code, []).append(post.answer)
    for answers in by_person.values():
        counts = Counter(answers)
        if counts["checked in"] != 1 or counts["checked in"] + counts["already checked in"] != len(answers):
            odd[" + ".join(sorted(answers))] += 1
    return odd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check-in at the door: N people, 4 phones, a real server.")
    parser.add_argument("--people", type=int, default=300, help="participants with an entry pass (default 300)")
    parser.add_argument("--phones", type=int, default=4, help="staff phones checking people in (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--pace", action="store_true", help="people arrive evenly over --minutes, as at a door")
    parser.add_argument("--minutes", type=float, default=5, help="the time the door has for everyone (default 5)")
    parser.add_argument("--database-url", help="a throwaway database, e.g. PostgreSQL; FLUSHED before the run")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/checkin-<timestamp>.json)")
    args = parser.parse_args(argv)
    if args.database_url and "bench" not in database_name(args.database_url):
        parser.error("--database-url is flushed before the run: its database name must contain 'bench'")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"checkin-{started_at:%Y%m%d-%H%M%S}.json"
    with tempfile.TemporaryDirectory(prefix="cocrea-checkin-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_URL": "dummymail://",
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp_path}/checkin.sqlite3",
        }
        log_path = tmp_path / "gunicorn.log"
        try:
            manage(env, "collectstatic", "--noinput", "-v", "0")
            manage(env, "migrate", "--noinput")
            if args.database_url:
                manage(env, "flush", "--noinput")
            django_setup(env)
            codes, phones, day = prepare(args.people, args.phones)
            line = arrivals(codes, random.Random(2026))
            close_connections()
            spacing = args.minutes * 60 / len(line) if args.pace else 0.0
            with gunicorn(env, args.workers, log_path) as (base, server_pgid):
                how = f"arriving over {args.minutes:g} min" if args.pace else "as fast as the phones go"
                print(f"Load: {len(line)} people in line ({how}), {args.phones} phones...", flush=True)
                before = cpu_snapshot(server_pgid)
                load = run_load(base, phones, line, day, spacing)
                load.other_cpu = other_cpu_share(before, cpu_snapshot(server_pgid))
                server_log = log_tail(log_path, 40)
            problems = verify(codes)
        except KeyboardInterrupt:
            print("Interrupted; the server was stopped.", file=sys.stderr)
            return 130
        except BenchError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1

    latencies = [post.ms for post in load.posts]
    server_errors = sum(1 for post in load.posts if post.status >= 500 or post.status == 0)
    odd = unexpected(load)
    checked_in = sum(1 for post in load.posts if post.answer == "checked in")
    database = redact(args.database_url) if args.database_url else "sqlite (a temporary file)"
    figures = {
        "posts": len(load.posts),
        "by_kind": dict(Counter(post.kind for post in load.posts)),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "seconds": round(load.seconds, 2),
        "people_per_minute": round(checked_in / load.seconds * 60, 1),
        "posts_per_s": round(len(load.posts) / load.seconds, 2),
    }
    print(f"\nCocrea check-in: {args.people} people, {args.phones} phones, gunicorn sync x{args.workers}, {database}")
    print(f"posts {figures['posts']} {figures['by_kind']}")
    print(f"latency p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms")
    print(
        f"{checked_in} checked in in {load.seconds:.1f} s: {figures['people_per_minute']} people/min, "
        f"{figures['posts_per_s']} posts/s (the door needs {args.people / args.minutes:.0f} people/min)"
    )
    print(f"unexpected answers: {dict(odd) or 0}; 5xx or no answer: {server_errors}")
    if load.other_cpu is not None:
        print(f"Other processes' share of the CPUs during the load: {load.other_cpu:.0%}")
    print("Database check: " + ("one check-in per person, none twice" if not problems else "FAILED"))
    for problem in problems:
        print(f"  ! {problem}")
    if server_errors:
        print(f"\nThe end of gunicorn's log:\n{server_log}", file=sys.stderr)
    failed = bool(problems or server_errors or odd)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "ok": not failed,
        "machine": machine_info(),
        "server": {"gunicorn_workers": args.workers, "worker_class": "sync", "settings": env["DJANGO_SETTINGS_MODULE"]},
        "database": database,
        "people": args.people,
        "phones": args.phones,
        "paced_minutes": args.minutes if args.pace else None,
        **figures,
        "unexpected": dict(odd),
        "server_errors": server_errors,
        "other_cpu": load.other_cpu,
        "problems": problems,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nJSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
