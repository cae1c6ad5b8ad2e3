"""Load benchmark of the network's project gallery and the projects API at several network sizes.

For each size it seeds public projects (bench/seed_projects.py), serves the production configuration with gunicorn
sync workers and measures, anonymously, the gallery's first page, a filtered page, a later page (after a position)
and the API's list, each side by side with /healthz in the same run. See bench/README.md.

    .venv/bin/python bench/projects.py [--quick] [--sizes 130 10000]
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
PAGES = {
    "gallery": "/projects/",
    "filtered": "/projects/?outcome=built&region=PE-ARE",
    "later": None,  # the second page, after the first page's last project (found at run time)
    "api": "/api/v1/projects/",
}
# Flat cost: the large network keeps at least this share of the small one's rate.
FLAT_TARGET = 0.8


def seed(env: dict, size: int) -> None:
    load.manage(env, "migrate", "--noinput")
    done = subprocess.run(
        [load.PYTHON, "bench/seed_projects.py", str(size)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")


def later_page(base: str) -> str:
    """The gallery's "Older projects" link of its first page."""
    with urllib.request.urlopen(base + "/projects/", timeout=30) as response:
        html = response.read().decode()
    match = re.search(r'rel="next" href="\?([^"]+)"', html)
    if match is None:
        raise load.BenchError("the gallery's first page has no next page")
    return "/projects/?" + match[1].replace("&amp;", "&")


def bench_size(args, env: dict, log_path: Path) -> dict:
    figures = {}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        pages = {**PAGES, "later": later_page(base)}
        for name, path in {"healthz": load.CEILING, **pages}.items():
            url = base + path
            if (status := load.http_status(url)) != 200:
                raise load.BenchError(f"{path} answered {status}:\n{load.log_tail(log_path)}")
            figures[name] = result = load.measure_page(args, url, pgid)
            print(f"  {name:<9} {result['rps']:>9.1f} req/s  p99 {result['p99_ms']:.0f} ms", flush=True)
    load.add_ratios(figures, PAGES)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[130, 10_000], sizes_help="public projects in the network", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"projects-{started_at:%Y%m%d-%H%M%S}.json"

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding {size:,} projects...", flush=True)
        seed(env, size)
        return bench_size(args, env, log_path)

    results = load.per_size(args, measure)
    if results is None:
        return 1

    print(
        f"\nProjects: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        "SQLite; req/s (share of /healthz)"
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
    load.write_page_results(args, output, started_at, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
