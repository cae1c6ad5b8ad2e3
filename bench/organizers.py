"""Load benchmark of the organizers' list of a call's proposals, and of its CSV export, at several call sizes.

For each size it seeds a call (bench/seed_call.py), serves the production configuration with gunicorn sync
workers and measures, signed in as the call's organizer, the list's first page, a filtered and sorted page
and a word search, each side by side with /healthz in the same run; then it downloads the CSV export of the
whole call once, timing it and reading the workers' peak memory. See bench/README.md.

    .venv/bin/python bench/organizers.py [--quick] [--sizes 130 1000 10000]
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
LIST = "/console/bench-call/proposals/"
PAGES = {
    "list": LIST,
    "filtered": LIST + "?eligibility=pending&country=PE&stage=idea&sort=-submitted_at",
    "search": LIST + "?q=biohuertos+jeronimo",
    "drafts": LIST + "?tab=drafts",
}
EXPORT = "/console/bench-call/proposals/export.csv"
# The targets: >= 80% of the 130-proposal rate at 10,000, and >= 70 req/s for the list at 1,000.
FLAT_TARGET = 0.8


def seed(env: dict, size: int) -> str:
    load.manage(env, "migrate", "--noinput")
    done = subprocess.run(
        [load.PYTHON, "bench/seed_call.py", str(size)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def workers_peak_rss_kb(master_pid: int) -> int:
    """The largest peak resident memory (VmHWM) among the gunicorn master's workers."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M) and (match := re.search(r"^VmHWM:\s+(\d+)", text, re.M)):
            peaks.append(int(match[1]))
    return max(peaks, default=0)


def download(url: str, cookie: str) -> tuple[float, int, int]:
    """Seconds to the last byte, bytes and CSV lines of one streamed download."""
    started = time.monotonic()
    size = lines = 0
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=600) as response:
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            lines += chunk.count(b"\r\n")
    return time.monotonic() - started, size, lines


def bench_size(args, env: dict, size: int, cookie: str, log_path: Path) -> dict:
    headers = {"Cookie": cookie}
    figures = {}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        for name, path in {"healthz": load.CEILING, **PAGES}.items():
            url = base + path
            status = load.http_status(url, headers)
            if status != 200:
                raise load.BenchError(f"{path} answered {status}:\n{load.log_tail(log_path)}")
            figures[name] = result = load.measure_page(args, url, pgid, headers)
            print(f"  {name:<9} {result['rps']:>9.1f} req/s  p99 {result['p99_ms']:.0f} ms", flush=True)
        memory_before = workers_peak_rss_kb(pgid)
        seconds, size_bytes, lines = download(base + EXPORT, cookie)
        figures["export_csv"] = {
            "seconds": round(seconds, 2),
            "bytes": size_bytes,
            "rows": lines - 1,
            "workers_peak_rss_kb_before": memory_before,
            "workers_peak_rss_kb_after": workers_peak_rss_kb(pgid),
        }
        print(f"  export    {seconds:>6.2f} s for {lines - 1:,} rows, {size_bytes / 1e6:.1f} MB", flush=True)
    load.add_ratios(figures, PAGES)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[130, 1000, 10_000], sizes_help="proposals in the call", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"organizers-{started_at:%Y%m%d-%H%M%S}.json"

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding a call of {size:,} proposals...", flush=True)
        session = seed(env, size)
        return bench_size(args, env, size, f"sessionid={session}", log_path)

    results = load.per_size(args, measure)
    if results is None:
        return 1

    print(
        f"\nOrganizers' list: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, SQLite"
    )
    print(
        f"{'page':<10}" + "".join(f"{size:>16,}" for size in args.sizes) + f"{'large/small':>13}  (shares of /healthz)"
    )
    small, large = args.sizes[0], args.sizes[-1]
    # A filtered page or a search of a small call shows fewer than a page of rows, so it costs less: flatness is
    # also read from the smallest call of 1,000 or more, where every page here is full (50 rows).
    full = next((size for size in args.sizes if size >= 1000 and size != large), small)
    ok = True
    for name in ["healthz", *PAGES]:
        cells = "".join(load.rps_cell(results[s][name]) for s in args.sizes)
        ratio = load.share_factor(results, name, small, large)
        full_ratio = load.share_factor(results, name, full, large)
        flat = ratio >= FLAT_TARGET or full_ratio >= FLAT_TARGET
        flag = "" if name == "healthz" or flat else "  below target"
        if full != small:
            flag = f"  ({large:,}/{full:,}: {full_ratio:.2f}){flag}"
        ok &= not flag and not results[large][name]["errors"]
        print(f"{name:<10}{cells}{ratio:>13.2f}{flag}")
    exports = [results[size]["export_csv"] for size in args.sizes]
    print(
        "export    "
        + "".join(f"{e['seconds']:>7.2f} s {e['workers_peak_rss_kb_after'] // 1024:>4} MB" for e in exports)
    )
    load.write_page_results(args, output, started_at, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
