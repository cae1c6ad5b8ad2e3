"""Fan-out benchmark of live updates: N WebSocket clients on one challenge, announcements published to them.

For each configuration (one ASGI worker with the in-memory channel layer; two workers sharing Redis) and each
number of clients, it serves Cocrea's real consumer and then a bare Channels consumer that only relays a group
message (the baseline), connects the clients from separate processes (bench/ws_client.py), publishes the
announcements one at a time through the real broadcast service, and reports the connection setup rate,
publish-to-receipt latency at every client, messages lost and the server's memory per connection. Then a
connect storm on the Redis configuration: many handshakes at once, none may fail. It prints a table and writes
the figures, with machine details, as JSON. See bench/README.md.

    .venv/bin/python bench/fanout.py [--quick] [--clients 1000 5000] [--events 20] [--server uvicorn]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, this directory is on sys.path: the other benchmarks' helpers are shared.
from run import (
    CLOCK_TICKS,
    NOISY_SHARE,
    PYTHON,
    ROOT,
    STARTUP_TIMEOUT,
    BenchError,
    cpu_snapshot,
    django_setup,
    free_port,
    log_tail,
    machine_info,
    manage,
    other_cpu_share,
    stop,
)

SLUG = "reto-en-vivo"
CLIENT = str(ROOT / "bench" / "ws_client.py")
EVENT_TIMEOUT = 60  # seconds for one announcement to reach every client; then it counts what is missing
GAP = 0.2  # seconds between one announcement reaching everyone and the next one
P99_TARGET_MS = 500  # at 1,000 clients
CONFIGS = {"memory": "1 worker, in-memory layer", "redis": "2 workers, Redis layer"}


@dataclass
class Result:
    config: str
    consumer: str  # "cocrea" (the real one) or "bare" (the baseline)
    clients: int
    connected: int
    failed: int  # handshakes that did not succeed
    connect_errors: dict
    connect_seconds: float
    connects_per_s: float
    handshake_p50_ms: float | None
    handshake_p99_ms: float | None
    events: int
    delivered: int
    lost: int  # expected (clients connected × events) minus delivered
    duplicates: int
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    rss_before_mb: float
    rss_after_mb: float
    kb_per_connection: float | None
    other_cpu: float | None = None  # share of the CPUs other processes took meanwhile
    p99_vs_bare: float | None = None
    notes: list[str] = field(default_factory=list)


# --- measuring --------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest rank: the value below which `pct` percent of the values lie."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))], 1)


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def descendants_cpu() -> float:
    """CPU seconds of every live process below this one: servers, publisher, Redis and client processes."""
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    ours, found = set(), {os.getpid()}
    while found:  # one generation at a time
        ours |= found
        found = {pid for pid, parent in parents.items() if parent in found}
    return sum(cpu[pid] for pid in ours - {os.getpid()})


def snapshot():
    """run.py's CPU snapshot with every process of ours counted as ours.

    No process group is -1, so run.py counts only this process and its reaped children; the live ones are added.
    """
    wall, everyone, ours = cpu_snapshot(-1)
    return wall, everyone, ours + descendants_cpu()


# --- processes --------------------------------------------------------------------------


@contextlib.contextmanager
def process(cmd: list[str], env: dict, log_path: Path):
    """A server process in its own session (so Ctrl+C reaches only us), stopped on exit."""
    with log_path.open("ab") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        stop(proc)


def wait_listening(servers: list[tuple[subprocess.Popen, int]], log_path: Path) -> None:
    """Started all at once, waited for together: Django's start-up is the slow part of a short run."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    for proc, port in servers:
        while True:
            if proc.poll() is not None:
                raise BenchError(f"{' '.join(proc.args)} exited with {proc.returncode}:\n{log_tail(log_path)}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise BenchError(f"{' '.join(proc.args)} did not listen in {STARTUP_TIMEOUT}s:\n{log_tail(log_path)}")
            time.sleep(0.2)


def asgi_command(server: str, app: str, port: int) -> list[str]:
    if server == "daphne":
        return [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0", f"bench.fanout_asgi:{app}"]
    return [
        *(PYTHON, "-m", "uvicorn", f"bench.fanout_asgi:{app}", "--host", "127.0.0.1", "--port", str(port)),
        *("--lifespan", "off", "--no-access-log", "--log-level", "warning"),
    ]


@contextlib.contextmanager
def redis_server(log_path: Path):
    port = free_port()
    cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    with process(cmd, os.environ.copy(), log_path) as proc:
        wait_listening([(proc, port)], log_path)
        yield f"redis://127.0.0.1:{port}/0"


class ClientProcess:
    """One bench/ws_client.py process; its JSON lines arrive on a queue shared with the others."""

    def __init__(self, args: list[str], lines: queue.Queue, deadline: float):
        self.proc = subprocess.Popen(
            [PYTHON, CLIENT, *args, "--deadline", str(deadline)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, args=(lines,), daemon=True).start()

    def _read(self, lines: queue.Queue) -> None:
        for line in self.proc.stdout:
            lines.put((self.proc.pid, json.loads(line)))
        lines.put((self.proc.pid, {"exited": self.proc.wait()}))

    def send(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()


def collect(lines: queue.Queue, key: str, count: int, timeout: float, value=None) -> list[dict]:
    """The next `count` messages carrying `key` (with `value`, if given), or what came within `timeout`.

    A late `done` of an announcement that timed out is skipped: it must not count for the next one.
    """
    found, deadline = [], time.monotonic() + timeout
    while len(found) < count:
        try:
            _pid, message = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if "exited" in message:
            raise BenchError(f"a client process exited early (exit {message['exited']})")
        if key in message and (value is None or message[key] == value):
            found.append(message)
    return found


# --- one measurement --------------------------------------------------------------------


def measure(args, *, config: str, consumer: str, clients: int, events: int, in_flight: int, env: dict, tmp: Path):
    """Serve, connect `clients`, publish `events` announcements one at a time, collect; returns a Result."""
    from innovation_platform.live import groups

    group = groups.challenge(env["BENCH_CHALLENGE_ID"])
    workers = 2 if config == "redis" else 1
    ports = [free_port() for _ in range(workers)]
    path = f"ws/challenges/{SLUG}/" if consumer == "cocrea" else f"ws/bare/{group}/"
    urls = [f"ws://127.0.0.1:{port}/{path}" for port in ports]
    log_path = tmp / f"{config}-{consumer}-{clients}.log"
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(process(asgi_command(args.server, consumer, p), env, log_path)) for p in ports]
        listening = list(zip(servers, ports, strict=True))
        if config == "redis":  # publishing from another process, as a WSGI worker does, once for both workers
            publisher_port = free_port()
            command = asgi_command(args.server, "publisher", publisher_port)
            listening.append((stack.enter_context(process(command, env, log_path)), publisher_port))
        else:  # the in-memory layer lives in the one worker: it publishes, as Daphne serving everything would
            publisher_port = ports[0]
        wait_listening(listening, log_path)
        warm_up(urls, log_path)
        rss_before = rss_mb([s.pid for s in servers])

        lines: queue.Queue = queue.Queue()
        per_process = [clients // args.processes + (i < clients % args.processes) for i in range(args.processes)]
        procs = [
            ClientProcess(
                [
                    *("--urls", *urls, "--clients", str(n), "--first", str(sum(per_process[:i]))),
                    *("--in-flight", str(max(1, in_flight // args.processes))),
                ],
                lines,
                deadline=STARTUP_TIMEOUT + 120 + events * (EVENT_TIMEOUT + GAP),
            )
            for i, n in enumerate(per_process)
        ]
        try:
            collect(lines, "ready", len(procs), STARTUP_TIMEOUT)
            before = snapshot()
            for proc in procs:
                proc.send("connect")
            connects = collect(lines, "connected", len(procs), 120 + clients / 10)
            if len(connects) < len(procs):
                raise BenchError(f"the clients did not finish connecting:\n{log_tail(log_path)}")
            rss_after = rss_mb([s.pid for s in servers])
            for seq in range(events):
                urllib.request.urlopen(
                    urllib.request.Request(
                        f"http://127.0.0.1:{publisher_port}/bench/publish?group={group}&seq={seq}", method="POST"
                    ),
                    timeout=EVENT_TIMEOUT,
                ).close()
                collect(lines, "done", len(procs), EVENT_TIMEOUT, seq)  # missing clients show up as lost
                time.sleep(GAP)
            other_cpu = other_cpu_share(before, snapshot())
            for proc in procs:
                proc.send("report")
            reports = collect(lines, "latencies_ms", len(procs), 60)
        finally:
            for proc in procs:
                with contextlib.suppress(OSError):
                    proc.proc.stdin.close()  # after an error, a client waiting for a command exits at once
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.proc.wait(timeout=30)
                if proc.proc.poll() is None:
                    proc.proc.kill()
                    proc.proc.wait()
        if len(reports) < len(procs):
            raise BenchError("a client process did not report")

    connected = sum(c["connected"] for c in connects)
    started, finished = min(c["started"] for c in connects), max(c["finished"] for c in connects)
    errors: dict[str, int] = {}
    for c in connects:
        for kind, n in c["errors"].items():
            errors[kind] = errors.get(kind, 0) + n
    latencies = [ms for r in reports for ms in r["latencies_ms"]]
    handshakes = [ms for r in reports for ms in r["handshake_ms"]]
    delivered = sum(r["received"] for r in reports)
    notes = []
    if unexpected := sum(r["unexpected"] for r in reports):
        notes.append(f"{unexpected} messages other than the announcements")
    if dropped := sum(r["dropped"] for r in reports):
        notes.append(f"{dropped} connections closed by the server during the run")
    return Result(
        config=config,
        consumer=consumer,
        clients=clients,
        connected=connected,
        failed=sum(c["failed"] for c in connects),
        connect_errors=errors,
        connect_seconds=round(finished - started, 2),
        connects_per_s=round(connected / (finished - started), 1),
        handshake_p50_ms=percentile(handshakes, 50),
        handshake_p99_ms=percentile(handshakes, 99),
        events=events,
        delivered=delivered,
        lost=connected * events - delivered,
        duplicates=sum(r["duplicates"] for r in reports),
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        max_ms=round(max(latencies), 1) if latencies else None,
        rss_before_mb=rss_before,
        rss_after_mb=rss_after,
        kb_per_connection=round((rss_after - rss_before) * 1024 / connected, 1) if connected else None,
        other_cpu=other_cpu,
        notes=notes,
    )


def warm_up(urls: list[str], log_path: Path) -> None:
    """One connection per worker before the memory baseline: it loads the code paths, and fails early if refused."""
    from websockets.sync.client import connect

    for url in urls:
        try:
            # A refusal comes as a close right after the handshake (code 4403): wait a moment for it.
            with (
                connect(url, origin=f"http://{url.split('/')[2]}", open_timeout=STARTUP_TIMEOUT) as connection,
                contextlib.suppress(TimeoutError),
            ):
                connection.recv(timeout=0.5)
        except Exception as error:
            raise BenchError(f"the warm-up connection to {url} failed ({error!r}):\n{log_tail(log_path)}") from error


# --- the run ----------------------------------------------------------------------------


def prepare_database(env: dict) -> int:
    """Migrate a fresh database and create the published challenge the clients watch; returns its id."""
    manage(env, "migrate", "--noinput")
    django_setup(env)
    from challenges.models import Challenge, ChallengeKind, Visibility
    from innovation_platform.labs.models import Lab, LabKind

    lab = Lab.objects.create(name="Laboratorio en vivo", slug="laboratorio-en-vivo", kind=LabKind.PUBLIC)
    challenge = Challenge.objects.create(
        lab=lab,
        title="Reto en vivo",
        slug=SLUG,
        code="VIVO",
        theme="carga",
        kind=ChallengeKind.PUBLIC_CHALLENGE,
        visibility=Visibility.PUBLISHED,
    )
    return challenge.pk


def print_table(results: list[Result]) -> None:
    header = (
        f"{'configuration':<26} {'consumer':<8} {'clients':>7} {'conn/s':>7} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'max ms':>8} {'lost':>5} {'KB/conn':>8} {'p99/bare':>8} {'others':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.events == 0:
            continue

        def ms(value):
            return f"{value:>8.1f}" if value is not None else f"{'-':>8}"

        ratio = f"{r.p99_vs_bare:.2f}" if r.p99_vs_bare is not None else "-"
        others = f"{r.other_cpu:.0%}" if r.other_cpu is not None else "-"
        kb = f"{r.kb_per_connection:.1f}" if r.kb_per_connection is not None else "-"
        print(
            f"{CONFIGS[r.config]:<26} {r.consumer:<8} {r.clients:>7,} {r.connects_per_s:>7.0f} {ms(r.p50_ms)}"
            f" {ms(r.p99_ms)} {ms(r.max_ms)} {r.lost:>5} {kb:>8} {ratio:>8} {others:>6}"
        )
        for note in [*r.notes, *(f"{n} handshakes failed: {k}" for k, n in r.connect_errors.items())]:
            print(f"{'':<26} ! {note}")


def targets(results: list[Result], storm: Result | None) -> list[tuple[str, bool]]:
    checks = []
    for r in results:
        if r.consumer != "cocrea":
            continue
        where = f"{CONFIGS[r.config]}, {r.clients:,} clients"
        checks.append((f"{where}: every handshake succeeded and nothing was lost", r.failed == 0 and r.lost == 0))
        if r.clients == 1000:
            checks.append((f"{where}: p99 {r.p99_ms} ms <= {P99_TARGET_MS} ms", (r.p99_ms or 1e9) <= P99_TARGET_MS))
        if r.clients == 5000 and r.p99_vs_bare is not None:
            checks.append((f"{where}: p99 below the bare consumer's ({r.p99_vs_bare:.2f}x)", r.p99_vs_bare < 1))
    if storm is not None:
        checks.append((f"connect storm: {storm.clients:,} handshakes, {storm.failed} failed", storm.failed == 0))
    return checks


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fan-out benchmark of live updates over WebSockets.")
    parser.add_argument("--clients", type=int, nargs="+", help="clients per measurement (default 1000 5000)")
    parser.add_argument("--events", type=int, help="announcements per measurement (default 20)")
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--consumers", nargs="+", choices=["cocrea", "bare"], default=["cocrea", "bare"])
    parser.add_argument("--server", choices=["uvicorn", "daphne"], default="uvicorn", help="ASGI server")
    parser.add_argument("--processes", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--in-flight", type=int, default=200, help="handshakes at a time, all processes (200)")
    parser.add_argument("--storm", type=int, help="connect storm handshakes, 0 to skip (default 2000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 200 clients, 5 announcements, storm of 400")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/fanout-<timestamp>.json)")
    args = parser.parse_args(argv)
    args.clients = sorted(set(args.clients or ([200] if args.quick else [1000, 5000])))
    args.events = args.events if args.events is not None else (5 if args.quick else 20)
    args.storm = args.storm if args.storm is not None else (400 if args.quick else 2000)
    if args.processes < 2:
        parser.error("--processes: at least 2 client processes")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if "redis" in args.configs and shutil.which("redis-server") is None:
        print("redis-server is not installed: install it with: apt-get install redis-server", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # Thousands of sockets: the servers inherit this limit.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"fanout-{started_at:%Y%m%d-%H%M%S}.json"
    results: list[Result] = []
    storm = None
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="cocrea-fanout-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "DATABASE_URL": f"sqlite:///{tmp_path}/fanout.sqlite3",
            "PYTHONPATH": str(ROOT),  # bench/ as a namespace package: bench/judging.py must not shadow judging/
        }
        env.pop("REDIS_URL", None)
        try:
            print("Preparing the database...", flush=True)
            env["BENCH_CHALLENGE_ID"] = str(prepare_database(env))
            for config in args.configs:
                with contextlib.ExitStack() as stack:
                    config_env = dict(env)
                    if config == "redis":
                        config_env["REDIS_URL"] = stack.enter_context(redis_server(tmp_path / "redis.log"))
                    for clients in args.clients:
                        for consumer in args.consumers:
                            print(f"{CONFIGS[config]}: {consumer} consumer, {clients:,} clients...", flush=True)
                            flush_redis(config_env)
                            result = measure(
                                args,
                                config=config,
                                consumer=consumer,
                                clients=clients,
                                events=args.events,
                                in_flight=args.in_flight,
                                env=config_env,
                                tmp=tmp_path,
                            )
                            results.append(result)
                            print(f"  p99 {result.p99_ms} ms, {result.lost} lost", flush=True)
                    if config == "redis" and args.storm and "cocrea" in args.consumers:
                        print(f"Connect storm: {args.storm:,} handshakes, {args.in_flight} in flight...", flush=True)
                        flush_redis(config_env)
                        storm = measure(
                            args,
                            config=config,
                            consumer="cocrea",
                            clients=args.storm,
                            events=0,
                            in_flight=args.in_flight,
                            env=config_env,
                            tmp=tmp_path,
                        )
        except KeyboardInterrupt:
            print("Interrupted; the servers were stopped.", file=sys.stderr)
            return 130
        except BenchError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1

    bare = {(r.config, r.clients): r for r in results if r.consumer == "bare"}
    for r in results:
        baseline = bare.get((r.config, r.clients))
        if r.consumer == "cocrea" and baseline and baseline.p99_ms and r.p99_ms is not None:
            r.p99_vs_bare = round(r.p99_ms / baseline.p99_ms, 2)

    print()
    print(
        f"Cocrea fan-out: {args.events} announcements, {args.processes} client processes, {args.in_flight}"
        f" handshakes in flight, {args.server}; load average before {load_before[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print_table(results)
    if storm is not None:
        print(
            f"\nConnect storm ({CONFIGS['redis']}): {storm.connected:,} of {storm.clients:,} handshakes succeeded,"
            f" {storm.failed} failed, {storm.connects_per_s:.0f}/s, handshake p50 {storm.handshake_p50_ms} ms,"
            f" p99 {storm.handshake_p99_ms} ms"
        )
        for kind, n in storm.connect_errors.items():
            print(f"  ! {n}× {kind}")
    checks = targets(results, storm)
    print("\nTargets:")
    for text, met in checks:
        print(f"  {'met   ' if met else 'MISSED'} {text}")
    noisy = [r for r in [*results, storm] if r and r.other_cpu is not None and r.other_cpu > NOISY_SHARE]
    if noisy:
        print(
            f"\nNoisy: other processes took over {NOISY_SHARE:.0%} of the CPUs during {len(noisy)} of the"
            " measurements ('others'): latencies are higher than this machine can do. Rerun on an idle machine."
        )

    correct = all(r.failed == 0 and r.lost == 0 and r.duplicates == 0 for r in [*results, storm] if r)
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ok": correct,
        "machine": {**machine_info(), "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "server": {"asgi": args.server, "settings": env["DJANGO_SETTINGS_MODULE"], "database": "sqlite"},
        "clients": {"processes": args.processes, "in_flight": args.in_flight, "events": args.events},
        "results": [asdict(r) for r in results],
        "storm": asdict(storm) if storm else None,
        "targets": [{"target": text, "met": met} for text, met in checks],
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nJSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0 if correct else 1


def flush_redis(env: dict) -> None:
    """Each measurement starts from an empty Redis: no group members left over from the previous one."""
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


if __name__ == "__main__":
    sys.exit(main())
