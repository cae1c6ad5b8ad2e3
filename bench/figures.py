"""Load benchmark of the figures page /cifras/ at several network sizes.

For each size it seeds N labs and N innovators and 10,000 proposals to public calls (bench/seed_figures.py, which
also times one computation of the page's aggregates), serves the production configuration with gunicorn sync
workers and measures the page side by side with /healthz in the same run, as a browser (its User-Agent is
counted as a visit, so the cost of counting is in the figure). See bench/README.md.

    .venv/bin/python bench/figures.py [--quick] [--sizes 100 10000]
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
PAGES = {"figures": "/cifras/"}
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36"}
PROPOSALS = 10_000
FLAT_TARGET = 0.8  # the large network keeps at least this share of the small one's rate


def seed(env: dict, size: int, proposals: int) -> float:
    load.manage(env, "migrate", "--noinput")
    done = subprocess.run(
        [load.PYTHON, "bench/seed_figures.py", str(size), str(proposals)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")
    return float(done.stdout.rsplit("compute_ms=", 1)[1])


def bench_size(args, env: dict, log_path: Path) -> dict:
    figures = {}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        for name, path in {"healthz": load.CEILING, **PAGES}.items():
            url = base + path
            if (status := load.http_status(url, BROWSER)) != 200:
                raise load.BenchError(f"{path} answered {status}:\n{load.log_tail(log_path)}")
            figures[name] = result = load.measure_page(args, url, pgid, BROWSER)
            print(f"  {name:<9} {result['rps']:>9.1f} req/s  p99 {result['p99_ms']:.0f} ms", flush=True)
    load.add_ratios(figures, PAGES)
    return figures


def main(argv: list[str] | None = None) -> int:
    proposals = PROPOSALS
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[100, 10_000], sizes_help="labs and innovators in the network", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"figures-{started_at:%Y%m%d-%H%M%S}.json"

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding {size:,} labs and innovators, {proposals:,} proposals...", flush=True)
        compute_ms = seed(env, size, proposals)
        print(f"  aggregates computed once in {compute_ms:.0f} ms", flush=True)
        return {**bench_size(args, env, log_path), "compute_ms": compute_ms}

    results = load.per_size(args, measure)
    if results is None:
        return 1
    print(
        f"\nFigures page: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, SQLite; req/s (share of /healthz)"
    )
    print(f"{'page':<10}" + "".join(f"{size:>18,}" for size in args.sizes) + f"{'large/small':>13}")
    small, large = args.sizes[0], args.sizes[-1]
    ok = True
    for name in ["healthz", *PAGES]:
        cells = "".join(load.rps_cell(results[s][name]) for s in args.sizes)
        ratio = load.share_factor(results, name, small, large)
        flag = "" if name == "healthz" or ratio >= FLAT_TARGET else "  below target"
        ok &= not flag and not results[large][name]["errors"]
        print(f"{name:<10}{cells}{ratio:>13.2f}{flag}")
    print("aggregates, one computation: " + ", ".join(f"{s:,}: {results[s]['compute_ms']:.0f} ms" for s in args.sizes))
    load.write_page_results(args, output, started_at, results, proposals=proposals)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
