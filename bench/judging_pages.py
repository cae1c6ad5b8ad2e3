"""Load benchmark of the judging pages whose data grows with the call: round results and judging progress (the
organizer) and "my reviews" (a juror with two thirds of the call to review), at several call sizes.

For each size it seeds a judged call (`bench/seed_call.py N --judged`: 40% selected, 20% not selected, 40%
submitted; 5 jurors each scored the same two thirds of the proposals on the 5 demo criteria), serves the production
configuration with gunicorn sync workers and measures each page side by side with /healthz in the same run. The
first view of a page after seeding computes what the page keeps (the ranking, the counts): its time is printed
apart. See bench/README.md.

    .venv/bin/python bench/judging_pages.py [--quick] [--sizes 130 1000 10000]
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
# name → (path with {round}, whose session)
PAGES = {
    "results": ("/judging/rounds/{round}/results/", "organizer"),
    "mine": ("/judging/mine/", "juror"),
    "progress": ("/judging/rounds/{round}/progress/", "organizer"),
}
# The targets: at the largest call, >= 80% of the page's own rate at the smallest, and >= 2% of /healthz.
FLAT_TARGET = 0.8
CEILING_TARGET = 0.02


def seed(env: dict, size: int) -> dict:
    load.manage(env, "migrate", "--noinput")
    started = time.monotonic()
    done = subprocess.run(
        [load.PYTHON, "bench/seed_call.py", str(size), "--judged"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")
    organizer, juror, round_id = done.stdout.strip().splitlines()[-1].split()
    seconds = time.monotonic() - started
    print(f"  seeded in {seconds:.1f} s", flush=True)
    return {"organizer": organizer, "juror": juror, "round": round_id, "seed_seconds": round(seconds, 1)}


def first_view(url: str, headers: dict) -> float:
    """Seconds of one GET that must answer 200 (not a redirect to the login)."""
    started = time.monotonic()
    status = load.http_status(url, headers)
    if status != 200:
        raise load.BenchError(f"{url} answered {status}")
    return time.monotonic() - started


def bench_size(args, env: dict, seeded: dict, log_path: Path) -> dict:
    figures: dict = {"seed_seconds": seeded["seed_seconds"]}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        # The ceiling is /healthz as the issue measures it, anonymous; signed in, it also reads the session and
        # the user on each request (printed beside it).
        endpoints = {"healthz": (load.CEILING, None), "healthz_signed_in": (load.CEILING, "organizer")} | PAGES
        for name, (path, who) in endpoints.items():
            url = base + path.format(round=seeded["round"])
            headers = {"Cookie": f"sessionid={seeded[who]}"} if who else {}
            try:
                first = first_view(url, headers)
            except load.BenchError as error:
                raise load.BenchError(f"{error}:\n{load.log_tail(log_path)}") from None
            result = load.measure_page(args, url, pgid, headers)
            figures[name] = {
                "first_view_s": round(first, 3),
                **result,
                "bytes": page_size(url, headers),
            }
            print(
                f"  {name:<17} {result['rps']:>9.1f} req/s  p50 {result['p50_ms']:.0f} ms"
                f"  p99 {result['p99_ms']:.0f} ms  first view {first * 1000:.0f} ms",
                flush=True,
            )
    load.add_ratios(figures, ["healthz_signed_in", *PAGES])
    return figures


def page_size(url: str, headers: dict) -> int:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
        return len(response.read())


def report(args, results: dict[int, dict]) -> bool:
    """Print the table; True when every page meets both targets at the largest size and nothing failed."""
    small, large = args.sizes[0], args.sizes[-1]
    print(
        f"\nJudging pages: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, SQLite; req/s (share of /healthz), p50/p99 ms"
    )
    print(
        f"{'page':<18}" + "".join(f"{size:>30,}" for size in args.sizes) + f"{f'{large:,}/{small:,}':>13}"
        f"{'of /healthz':>13}  target"
    )
    ok = True
    for name in ["healthz", "healthz_signed_in", *PAGES]:
        cells = "".join(
            f"{load.rps_cell(r)} {r['p50_ms']:>6.0f}/{r['p99_ms']:<5.0f}"
            for r in (results[size][name] for size in args.sizes)
        )
        factor = results[large][name]["rps"] / results[small][name]["rps"] if results[small][name]["rps"] else 0
        adjusted = load.share_factor(results, name, small, large)
        large_share = results[large][name].get("ratio_to_healthz", 1)
        verdict = ""
        if name in PAGES:
            met = adjusted >= FLAT_TARGET and large_share >= CEILING_TARGET
            met &= not any(results[size][name]["errors"] for size in args.sizes)
            verdict = "met" if met else "MISSED"
            ok &= met
        print(f"{name:<18}{cells}{factor:>13.2f}{adjusted:>13.2f}  {verdict}")
    others = max((r["other_cpu"] or 0) for figures in results.values() for r in figures.values() if isinstance(r, dict))
    print(
        f"Targets: at {large:,}, >= {FLAT_TARGET:.0%} of the rate at {small:,} (measured as shares of /healthz of the"
        f" same run) and >= {CEILING_TARGET:.0%} of /healthz (anonymous), without errors at any size"
    )
    print(f"Other processes' largest share of the CPUs during a measurement: {others:.0%}")
    print("First view after seeding (computes what the page keeps), s: ", end="")
    print(
        ", ".join(
            f"{name} " + "/".join(f"{results[s][name]['first_view_s']:.2f}" for s in args.sizes) for name in PAGES
        )
    )
    print("Seeding, s: " + ", ".join(f"{size:,}: {results[size]['seed_seconds']}" for size in args.sizes))
    return ok


def main(argv: list[str] | None = None) -> int:
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[130, 1000, 10_000], sizes_help="proposals in the call", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"judging-pages-{started_at:%Y%m%d-%H%M%S}.json"

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding a judged call of {size:,} proposals...", flush=True)
        return bench_size(args, env, seed(env, size), log_path)

    results = load.per_size(args, measure)
    if results is None:
        return 1

    ok = report(args, results)
    load.write_page_results(args, output, started_at, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
