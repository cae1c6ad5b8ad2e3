"""Load benchmark of Cocrea's production configuration: gunicorn sync workers under wrk.

For each data size it seeds a database, starts gunicorn on a free loopback port and
measures requests per second and p50/p99 latency of the public pages side by side with
/healthz, which does no work and so is the ceiling of this machine and server. It prints
a table and writes the same figures, with machine details, as JSON. See bench/README.md.

    .venv/bin/python bench/run.py [--quick] [--sizes 100 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable
CEILING = "/healthz"
PAGES = ["/", "/labs/", "/innovators/"]
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
WRK_TIMEOUT = "2s"  # wrk's default, made explicit: a slower response counts as an error
NOISY_SHARE = 0.10  # above this share of the CPUs taken by other processes, a figure is suspect


@dataclass
class Result:
    size: int
    endpoint: str
    status: int  # of one plain GET before the load: anything but 200 disqualifies the row
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    timeouts: int  # no answer within WRK_TIMEOUT; such requests are missing from the latencies
    socket_errors: int  # connect + read + write
    other_cpu: float | None = None  # share of the CPUs other processes took meanwhile
    ratio_to_healthz: float | None = None

    @property
    def failed(self) -> bool:
        return self.status != 200 or self.non_2xx_3xx > 0 or self.timeouts > 0 or self.socket_errors > 0

    def errors_text(self) -> str:
        if self.status != 200:
            return f"HTTP {self.status} !"
        counts = {"non-2xx": self.non_2xx_3xx, "timeouts": self.timeouts, "socket": self.socket_errors}
        errors = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        return f"{errors} !" if errors else "0"


class BenchError(RuntimeError):
    pass


# --- wrk -------------------------------------------------------------------------------

# wrk prints durations with the largest unit that fits.
_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(output: str) -> dict:
    """The figures we report from `wrk --latency` output; raises if a figure is missing."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchError(f"unexpected wrk output (no match for {pattern!r}):\n{output}")
        return match

    def percentile_ms(pct: int) -> float:
        value, unit = find(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$").groups()
        return round(float(value) * _TO_MS[unit], 3)

    # These two lines only appear when their count is not zero.
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    connect, read, write, timeout = (int(n) for n in sockets.groups()) if sockets else (0, 0, 0, 0)
    return {
        "rps": float(find(r"^Requests/sec:\s+([\d.]+)").group(1)),
        "p50_ms": percentile_ms(50),
        "p99_ms": percentile_ms(99),
        "requests": int(find(r"^\s*(\d+) requests in").group(1)),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "timeouts": timeout,
        "socket_errors": connect + read + write,
    }


def run_wrk(url: str, *, threads: int, connections: int, seconds: int, headers: dict | None = None) -> dict:
    cmd = [
        *("wrk", "--latency", "--timeout", WRK_TIMEOUT),
        *(arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")),
        *("-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s", url),
    ]
    # Bounded: wrk stops itself after `seconds`; the margin only guards against a hang.
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {url} (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return parse_wrk(done.stdout)


# --- noise: CPU taken by other processes (Linux) ----------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pgid: int) -> tuple[float, float, float] | None:
    """(wall clock, CPU time of every process, CPU time of ours: this script, wrk, gunicorn)."""
    if not Path("/proc/stat").exists():
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    everyone = (user + nice + system + irq + softirq + steal) / CLOCK_TICKS  # steal: other VMs
    usages = [resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)]
    ours = sum(usage.ru_utime + usage.ru_stime for usage in usages)  # children: wrk and manage.py, once reaped
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == server_pgid:  # process group: gunicorn's master and workers
                ours += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return time.monotonic(), everyone, ours


def other_cpu_share(before, after) -> float | None:
    if before is None or after is None:
        return None
    wall, everyone, ours = (b - a for a, b in zip(before, after, strict=True))
    return round(min(max((everyone - ours) / (wall * (os.cpu_count() or 1)), 0.0), 1.0), 3)


# --- the server under test -------------------------------------------------------------


def manage(env: dict, *args: str) -> None:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect surfaces as an HTTPError with its 3xx status


_opener = urllib.request.build_opener(_NoRedirect)


def http_status(url: str, headers: dict | None = None) -> int:
    """Status of one GET, redirects not followed: wrk counts 3xx as success, we must not."""
    try:
        with _opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def log_tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def gunicorn(env: dict, workers: int, log_path: Path):
    """Serve the WSGI app with sync workers on a free loopback port; always stopped on exit.

    Yields the base URL and the server's process group id (its pid: it leads its session).
    """
    port = free_port()
    cmd = [
        *(PYTHON, "-m", "gunicorn", "innovation_platform.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync"),
        *("--log-level", "warning", "--graceful-timeout", "5", "--no-control-socket"),
    ]
    with log_path.open("ab") as log:
        # Its own session, so Ctrl+C reaches only us and we stop it (and its workers) in order.
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if server.poll() is not None:
                raise BenchError(f"gunicorn exited with {server.returncode}:\n{log_tail(log_path)}")
            with contextlib.suppress(OSError):
                if http_status(base + CEILING) == 200:
                    break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer {CEILING} within {STARTUP_TIMEOUT}s:\n{log_tail(log_path)}")
            time.sleep(0.2)
        yield base, server.pid
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # gunicorn's graceful shutdown: the master stops its workers
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
    # Anything left in the server's own process group (a stuck worker) is killed.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


# --- databases -------------------------------------------------------------------------


def production_env(tmp_path: Path) -> dict:
    """The environment of the server under test: the production settings on loopback, media in `tmp_path`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innovation_platform.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters, new every run
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(tmp_path / "media"),
        # All load comes from one loopback address: the API's per-address rate limit would answer most requests
        # with a cheap 429, so the figures would measure the limit instead of the endpoint.
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
    }


def database_name(url: str) -> str:
    return Path(urlsplit(url).path).name


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def prepare_database(env: dict, size: int, *, shared: bool) -> float:
    """Migrate and seed `size` labs and innovators; returns the seconds seeding took.

    A shared database (--database-url) is flushed first: seed_demo only ever adds, so the
    smaller size would otherwise see the larger one's rows.
    """
    manage(env, "migrate", "--noinput")
    if shared:
        manage(env, "flush", "--noinput")
    started = time.monotonic()
    manage(env, "seed_demo", "--labs", str(size), "--innovators", str(size), "--quiet-accounts")
    seconds = time.monotonic() - started
    if not env["DATABASE_URL"].startswith("sqlite"):
        # PostgreSQL's autovacuum would analyze the fresh rows soon; do it now so plans are steady.
        manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    return seconds


# --- the run ---------------------------------------------------------------------------


def bench_size(args, env: dict, size: int, log_path: Path) -> list[Result]:
    results = []
    with gunicorn(env, args.workers, log_path) as (base, server_pgid):
        for endpoint in [CEILING, *PAGES]:
            url = base + endpoint
            status = http_status(url)
            # The warm-up fills the template cache, lazy imports and the database's page cache.
            run_wrk(url, threads=args.threads, connections=args.connections, seconds=args.warmup)
            before = cpu_snapshot(server_pgid)
            figures = run_wrk(url, threads=args.threads, connections=args.connections, seconds=args.duration)
            other_cpu = other_cpu_share(before, cpu_snapshot(server_pgid))
            results.append(Result(size=size, endpoint=endpoint, status=status, other_cpu=other_cpu, **figures))
            print(f"  {endpoint:<13} {figures['rps']:>9.1f} req/s", flush=True)
        if any(r.status >= 500 or r.non_2xx_3xx for r in results):
            # The temporary directory goes away with the run: show why the server failed now.
            print(f"Server errors; the end of gunicorn's log:\n{log_tail(log_path)}", file=sys.stderr)
    ceiling = results[0].rps
    for result in results:
        result.ratio_to_healthz = round(result.rps / ceiling, 3) if ceiling else None
    return results


def flat_cost(results: list[Result], small: int, large: int) -> list[dict]:
    by_key = {(r.size, r.endpoint): r for r in results}
    return [
        {
            "endpoint": page,
            f"rps_at_{small}": by_key[small, page].rps,
            f"rps_at_{large}": by_key[large, page].rps,
            "large_over_small": round(by_key[large, page].rps / by_key[small, page].rps, 3),
        }
        for page in PAGES
        if by_key[small, page].rps
    ]


def print_table(results: list[Result]) -> None:
    columns = f"{'rps':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs healthz':>10} {'others':>6}"
    header = f"{'size':>6}  {'endpoint':<13} {columns}  errors"
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = f"{r.ratio_to_healthz:.3f}" if r.ratio_to_healthz is not None else "-"
        others = f"{r.other_cpu:.0%}" if r.other_cpu is not None else "-"
        figures = f"{r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {ratio:>10} {others:>6}"
        print(f"{r.size:>6,}  {r.endpoint:<13} {figures}  {r.errors_text()}")


def rps_cell(figure: dict) -> str:
    """A page's requests per second and, in brackets, its share of /healthz of the same run."""
    return f"{figure['rps']:>9.1f} ({figure.get('ratio_to_healthz', 1):.3f})"


def share_factor(results: dict[int, dict], name: str, small: int, large: int) -> float:
    """A page's rate at `large` over its rate at `small`, each read as its share of /healthz of the same run: the
    factor that is left when the machine's load moved between the sizes (/healthz moved with it)."""
    before = results[small][name].get("ratio_to_healthz", 1)
    return results[large][name].get("ratio_to_healthz", 1) / before if before else 0


def django_setup(env: dict) -> None:
    """Django in this process, against the database the benchmark's server uses (to seed it or to check it)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_bench_args(description: str, *, sizes: list[int], sizes_help: str, argv=None) -> argparse.Namespace:
    """The options of a page benchmark that seeds one database per size (organizers, judging pages, projects), with
    their defaults applied. Exits with 2 when wrk is missing."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes, help=sizes_help)
    parser.add_argument("--duration", type=int, help="seconds of load per page (default 10, 3 with --quick)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per page (default 2, 1 with --quick)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    args.duration = args.duration or (3 if args.quick else 10)
    args.warmup = args.warmup or (1 if args.quick else 2)
    args.sizes = sorted(set(args.sizes))
    if shutil.which("wrk") is None:
        print("wrk is not installed: install it with: apt-get install wrk", file=sys.stderr)
        raise SystemExit(2)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return args


def per_size(args, measure) -> dict[int, dict] | None:
    """`measure(env, size, log_path)` (which seeds its own database first) for each size, under the production
    configuration, each size on its own SQLite database; None, said on stderr, when a run fails."""
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="cocrea-bench-") as tmp:
        tmp_path = Path(tmp)
        env = production_env(tmp_path)
        try:
            manage(env, "collectstatic", "--noinput", "-v", "0")
            for size in args.sizes:
                size_env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path}/bench-{size}.sqlite3"}
                results[size] = measure(size_env, size, tmp_path / "gunicorn.log")
        except BenchError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return None
    return results


def measure_page(args, url: str, pgid: int, headers: dict | None = None) -> dict:
    """One page under load: `args.warmup` seconds of warm-up, then wrk for `args.duration`; its rate, p50/p99, the
    answers that were not 2xx/3xx or did not come, and the other processes' share of the CPUs meanwhile."""
    options = {"threads": args.threads, "connections": args.connections, "headers": headers}
    run_wrk(url, seconds=args.warmup, **options)
    before = cpu_snapshot(pgid)
    result = run_wrk(url, seconds=args.duration, **options)
    return {
        "rps": result["rps"],
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "errors": result["non_2xx_3xx"] + result["timeouts"] + result["socket_errors"],
        "other_cpu": other_cpu_share(before, cpu_snapshot(pgid)),
    }


def add_ratios(figures: dict, names) -> None:
    """Each named page's rate as a share of /healthz (`figures["healthz"]`) of the same run."""
    ceiling = figures["healthz"]["rps"]
    for name in names:
        figures[name]["ratio_to_healthz"] = round(figures[name]["rps"] / ceiling, 4) if ceiling else None


def write_page_results(args, output: Path, started_at: datetime, results: dict, **extra) -> None:
    """The JSON of a page benchmark (the `page_bench_args` kind): when, on what, with which load, what else the
    script adds (`extra`), and its figures per size; then where it is."""
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": machine_info(),
        "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration},
        "workers": args.workers,
        **extra,
        "results": {str(size): figures for size, figures in results.items()},
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nJSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


def machine_info() -> dict:
    def command(*cmd: str, any_exit: bool = False) -> str | None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=10, check=False)
            if done.returncode == 0 or any_exit:
                return done.stdout.strip()
        return None

    status = command("git", "status", "--porcelain")
    wrk_version = command("wrk", "-v", any_exit=True)  # prints its version, then usage, and exits 1
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "gunicorn": command(PYTHON, "-m", "gunicorn", "--version"),
        "wrk": wrk_version.splitlines()[0] if wrk_version else None,
        "git_commit": command("git", "rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load benchmark of the production configuration (gunicorn + wrk).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000], help="labs and innovators per run")
    parser.add_argument("--duration", type=int, help="seconds of load per endpoint (default 10, 3 with --quick)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per endpoint (default 2, 1 with --quick)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--quick", action="store_true", help="short smoke run: 3 s per endpoint")
    parser.add_argument("--database-url", help="a throwaway database, e.g. PostgreSQL; FLUSHED for each size")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/<timestamp>.json)")
    args = parser.parse_args(argv)
    args.duration = args.duration or (3 if args.quick else 10)
    args.warmup = args.warmup or (1 if args.quick else 2)
    args.sizes = sorted(set(args.sizes))
    if args.database_url and "bench" not in database_name(args.database_url):
        parser.error("--database-url is flushed for each size: its database name must contain 'bench'")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: install it with: apt-get install wrk", file=sys.stderr)
        return 2
    # SIGTERM takes the same path as Ctrl+C, so the server is stopped either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"{started_at:%Y%m%d-%H%M%S}.json"
    results: list[Result] = []
    seeding: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="cocrea-bench-") as tmp:
        tmp_path = Path(tmp)
        env = production_env(tmp_path)
        log_path = tmp_path / "gunicorn.log"
        try:
            # Production's manifest storage refuses to render a page without the manifest.
            manage(env, "collectstatic", "--noinput", "-v", "0")
            for size in args.sizes:
                size_env = {**env, "DATABASE_URL": args.database_url or f"sqlite:///{tmp_path}/bench-{size}.sqlite3"}
                print(f"Seeding {size:,} labs and innovators...", flush=True)
                seeding[size] = prepare_database(size_env, size, shared=bool(args.database_url))
                print(f"  seeded in {seeding[size]:.1f} s; {args.duration} s of load per endpoint:", flush=True)
                results += bench_size(args, size_env, size, log_path)
        except KeyboardInterrupt:
            print("Interrupted; the server was stopped.", file=sys.stderr)
            return 130
        except BenchError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1

    database = redact(args.database_url) if args.database_url else "sqlite (a temporary file per size)"
    print()
    print(
        f"Cocrea load benchmark: gunicorn sync x{args.workers} workers, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {database}"
    )
    print_table(results)
    comparison = []
    if len(args.sizes) > 1:
        small, large = args.sizes[0], args.sizes[-1]
        comparison = flat_cost(results, small, large)
        print(f"\nFlat cost: rps at {large:,} vs at {small:,} labs and innovators")
        for row in comparison:
            before, after = row[f"rps_at_{small}"], row[f"rps_at_{large}"]
            print(f"  {row['endpoint']:<13} {before:>8.1f} -> {after:>8.1f} req/s  ({row['large_over_small']:.2f}x)")

    failed = [r for r in results if r.failed]
    if failed:
        print("\n! = the endpoint answered something other than 200 or wrk saw errors: its figures do not count.")
    noisy = [r for r in results if r.other_cpu is not None and r.other_cpu > NOISY_SHARE]
    if noisy:
        print(
            f"\nNoisy: other processes took over {NOISY_SHARE:.0%} of the CPUs during {len(noisy)} of the measurements"
            " ('others'): their rps are lower than this machine can do. Rerun on an idle machine."
        )

    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ok": not failed,
        "machine": machine_info(),
        "server": {"gunicorn_workers": args.workers, "worker_class": "sync", "settings": env["DJANGO_SETTINGS_MODULE"]},
        "wrk": {
            "threads": args.threads,
            "connections": args.connections,
            "duration_s": args.duration,
            "timeout": WRK_TIMEOUT,
        },
        "warmup_s": args.warmup,
        "database": database,
        "seeding_seconds": {str(size): round(seconds, 1) for size, seconds in seeding.items()},
        "results": [{**asdict(r), "failed": r.failed} for r in results],
        "flat_cost": comparison,
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nJSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
