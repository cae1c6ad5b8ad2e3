"""Load benchmark of the public pages, signed out and signed in, and of the API's proposals list, at several call
sizes, each measured against /healthz of the same server in the same run.

For each size it seeds a judged call with its directories (`bench/seed_call.py N --judged --public`: N proposals,
each lead with a public profile, a third of the teams with a second member, a scored round, N labs), serves the
production configuration with gunicorn sync workers and measures each page. Signed-out visitors get the cached
pages (core/page_cache.py); wrk sends no If-None-Match, so every answer is a whole page, never a 304. Signed in,
the pages are rendered for the person. See bench/README.md.

    .venv/bin/python bench/public_pages.py [--quick] [--sizes 130 1000 10000]
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
# name → path ({proposal}: the first proposal the signed-in citizen is not on the team of)
PAGES = {
    "home": "/",
    "challenges": "/challenges/",
    "challenge": "/challenges/bench-call/",
    "gallery": "/proposals/challenge/bench-call/",
    "gallery_filtered": "/proposals/challenge/bench-call/?stage=idea&status=selected",
    "proposal": "/proposals/{proposal}/",
    "labs": "/labs/",
    "innovators": "/innovators/",
}
API = {"api_proposals": "/api/v1/proposals/?challenge=bench-call"}
# The targets: signed-out public pages >= 25% of /healthz at every size, signed in >= 5%; the API list, like
# the organizers' pages, >= 80% of its own rate (as a share of /healthz) at the largest size and >= 2% of /healthz.
ANONYMOUS_TARGET = 0.25
SIGNED_IN_TARGET = 0.05
FLAT_TARGET = 0.8
CEILING_TARGET = 0.02


def seed(env: dict, size: int) -> dict:
    load.manage(env, "migrate", "--noinput")
    started = time.monotonic()
    done = subprocess.run(
        [load.PYTHON, "bench/seed_call.py", str(size), "--judged", "--public"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")
    _organizer, _juror, _round, citizen, proposal = done.stdout.strip().splitlines()[-1].split()
    seconds = time.monotonic() - started
    print(f"  seeded in {seconds:.1f} s", flush=True)
    return {"citizen": citizen, "proposal": proposal, "seed_seconds": round(seconds, 1)}


def endpoints(seeded: dict) -> dict[str, tuple[str, str | None]]:
    """name → (path, session or None)."""
    found = {"healthz": (load.CEILING, None), "healthz_signed_in": (load.CEILING, seeded["citizen"])}
    for name, path in PAGES.items():
        path = path.format(proposal=seeded["proposal"])
        found[name] = (path, None)
        found[f"{name}_signed_in"] = (path, seeded["citizen"])
    found |= {name: (path, None) for name, path in API.items()}
    return found


def bench_size(args, env: dict, seeded: dict, log_path: Path) -> dict:
    figures: dict = {"seed_seconds": seeded["seed_seconds"]}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        for name, (path, session) in endpoints(seeded).items():
            url = base + path
            headers = {"Cookie": f"sessionid={session}"} if session else {}
            status = load.http_status(url, headers)
            if status != 200:
                raise load.BenchError(f"{path} answered {status}:\n{load.log_tail(log_path)}")
            figures[name] = result = load.measure_page(args, url, pgid, headers)
            print(f"  {name:<28} {result['rps']:>9.1f} req/s  p50 {result['p50_ms']:.1f} ms", flush=True)
    load.add_ratios(figures, [name for name, value in figures.items() if isinstance(value, dict)])
    return figures


def verdict(results: dict[int, dict], name: str, sizes: list[int]) -> tuple[str, bool]:
    """The target of a line and whether every size meets it."""
    errors = any(results[size][name]["errors"] for size in sizes)
    if name.startswith("healthz"):
        return "", True
    if name in API:
        adjusted = load.share_factor(results, name, sizes[0], sizes[-1])
        met = adjusted >= FLAT_TARGET and results[sizes[-1]][name]["ratio_to_healthz"] >= CEILING_TARGET
        target = f">= {FLAT_TARGET:.0%} of own, >= {CEILING_TARGET:.0%}"
    else:
        floor = SIGNED_IN_TARGET if name.endswith("_signed_in") else ANONYMOUS_TARGET
        met = all(results[size][name]["ratio_to_healthz"] >= floor for size in sizes)
        target = f">= {floor:.0%}"
    met &= not errors
    return f"{target:<22} {'met' if met else 'MISSED'}", met


def report(args, results: dict[int, dict]) -> bool:
    small, large = args.sizes[0], args.sizes[-1]
    print(
        f"\nPublic pages: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, SQLite; req/s (share of /healthz), p50/p99 ms"
    )
    print(
        f"{'page':<28}"
        + "".join(f"{size:>30,}" for size in args.sizes)
        + f"{f'{large:,}/{small:,}':>13}{'of /healthz':>12}  target"
    )
    ok = True
    names = [name for name in results[small] if isinstance(results[small][name], dict)]
    for name in names:
        cells = "".join(
            f"{load.rps_cell(r)} {r['p50_ms']:>6.1f}/{r['p99_ms']:<6.1f}"
            for r in (results[size][name] for size in args.sizes)
        )
        factor = results[large][name]["rps"] / results[small][name]["rps"] if results[small][name]["rps"] else 0
        adjusted = load.share_factor(results, name, small, large)
        text, met = verdict(results, name, args.sizes)
        ok &= met
        print(f"{name:<28}{cells}{factor:>13.2f}{adjusted:>12.2f}  {text}")
    others = [r["other_cpu"] or 0 for figures in results.values() for r in figures.values() if isinstance(r, dict)]
    print(
        f"Targets: signed out >= {ANONYMOUS_TARGET:.0%} of /healthz (anonymous) at every size, signed in >= "
        f"{SIGNED_IN_TARGET:.0%}; the API list >= {FLAT_TARGET:.0%} of its share at {small:,} and >= "
        f"{CEILING_TARGET:.0%} at {large:,}; no errors"
    )
    print(f"Other processes' share of the CPUs during the measurements: {min(others):.0%} to {max(others):.0%}")
    print("Seeding, s: " + ", ".join(f"{size:,}: {results[size]['seed_seconds']}" for size in args.sizes))
    return ok


def main(argv: list[str] | None = None) -> int:
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[130, 1000, 10_000], sizes_help="proposals in the call", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"public-pages-{started_at:%Y%m%d-%H%M%S}.json"

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding a judged call of {size:,} proposals and its directories...", flush=True)
        return bench_size(args, env, seed(env, size), log_path)

    results = load.per_size(args, measure)
    if results is None:
        return 1
    ok = report(args, results)
    load.write_page_results(args, output, started_at, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
