"""Judging benchmarks: the pure functions of `judging/` on round-sized inputs, best of 3.

    .venv/bin/python bench/judging.py [--only SECTION ...]

Each section builds its seeded input once, times the call three times and prints the best run.
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import machine_info  # noqa: E402  (bench/ is on sys.path when run as a script)

REPEATS = 3


def best_of(function: Callable[[], object], repeats: int = REPEATS) -> float:
    """Fastest of `repeats` calls, in seconds: the run least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def aggregation() -> None:
    """30,000 reviews x 5 criteria: 10,000 proposals, 200 jurors, 3 reviews each, integer scores 1-5."""
    from judging.aggregation import Criterion, Review, aggregate

    rng = random.Random(0)
    criteria = [Criterion(id=c, weight=w, min=1, max=5) for c, w in enumerate((3, 2, 2, 1, 1), start=1)]
    reviews = [
        Review(juror, proposal, {c.id: rng.randint(1, 5) for c in criteria})
        for proposal in range(10_000)
        for juror in rng.sample(range(200), 3)
    ]
    seconds = best_of(lambda: aggregate(reviews, criteria, tie_break_criterion=1, seed=0))
    print(f"aggregation: {len(reviews):,} reviews x {len(criteria)} criteria, best of {REPEATS}: {seconds:.3f} s")


def pairwise() -> None:
    """Expo judging with 500 projects and 40 jurors: one vote (update and undo record), one next-project choice."""
    import numpy as np

    from judging.pairwise import AnnotatorBelief, ItemBelief, choose_next, vote_apply

    rng = np.random.default_rng(0)
    items = {
        i: ItemBelief(float(mu), float(s))
        for i, (mu, s) in enumerate(zip(rng.normal(0, 1, 500), rng.uniform(0.1, 1, 500), strict=True))
    }
    annotators = {k: AnnotatorBelief(float(a), 1.0) for k, a in enumerate(rng.uniform(2, 12, 40))}
    busy = {int(i) for i in rng.choice(500, 39, replace=False)} - {0}
    seen = {0}  # nothing else seen yet: every free project is a candidate, the most work
    repeats = 1000
    vote = best_of(lambda: vote_apply(items, annotators, annotator_id=0, winner_id=0, loser_id=1), repeats)
    choice = best_of(lambda: choose_next(annotators[0], 0, items, busy=busy, seen=seen, rng=rng), repeats)
    print(f"pairwise: 500 projects, best of {repeats}: vote {vote * 1e3:.3f} ms, next project {choice * 1e3:.3f} ms")


def assignment() -> dict:
    """Proposals to jurors, k=3, ~2% random conflicts, 8 categories: a 10,000 × 200 round and the 130 × 5 demo.

    Each result is checked: no conflict, no duplicate, exactly k reviews each, loads within max_load and
    within one of each other, the same result on every run. The expertise column is the share of reviews
    whose juror knows the category, against 25% by chance (2 of 8 tags per juror).
    """
    header = f"{'assignment':<16} {'proposals':>9} {'jurors':>6} {'conflicts':>9} {'best s':>7} {'loads':>9}"
    print(f"{header} {'expertise':>9}")
    rows = [
        assignment_case("round", 10_000, 200, max_load=200, tags=8),
        assignment_case("round, no tags", 10_000, 200, max_load=200, tags=0),
        assignment_case("demo", 130, 5, max_load=100, tags=8),
    ]
    return {"repeats": REPEATS, "rows": rows, "ok": all(not row["failed_checks"] for row in rows)}


def assignment_case(name: str, n_proposals: int, n_jurors: int, *, max_load: int, tags: int, k: int = 3) -> dict:
    from judging.assignment import Juror, Proposal, assign

    rng = random.Random(0)
    names = [f"tag-{t}" for t in range(tags)]
    proposals = [Proposal(p, frozenset(rng.sample(names, min(tags, 1)))) for p in range(n_proposals)]
    jurors = [Juror(j, max_load, frozenset(rng.sample(names, min(tags, 2)))) for j in range(n_jurors)]
    conflicts = {(j, p) for j in range(n_jurors) for p in range(n_proposals) if rng.random() < 0.02}
    results = []
    seconds = best_of(lambda: results.append(assign(proposals, jurors, k=k, conflicts=conflicts, seed=1)))
    result = results[0]
    loads = result.loads.values()
    reviews = Counter(p for _, p in result.pairs)
    expertise = {j.id: j.expertise for j in jurors}
    matched = sum(1 for j, p in result.pairs if expertise[j] & proposals[p].categories) / len(result.pairs)
    checks = {
        "same result every run": all(r == result for r in results),
        "no problems": not result.problems,
        "no conflict": not set(result.pairs) & conflicts,
        "no duplicate": len(set(result.pairs)) == len(result.pairs),
        "k reviews each": set(reviews.values()) == {k} and len(reviews) == n_proposals,
        "within max_load": max(loads) <= max_load,
        "loads within one": max(loads) - min(loads) <= 1,
    }
    failed = [check for check, ok in checks.items() if not ok]
    share = f"{matched:.0%}" if tags else "-"
    print(
        f"{name:<16} {n_proposals:>9,} {n_jurors:>6} {len(conflicts):>9,} {seconds:>7.3f}"
        f" {min(loads):>4}-{max(loads):<4} {share:>9}" + (f"  FAILED: {', '.join(failed)}" if failed else "")
    )
    return {
        "case": name,
        "proposals": n_proposals,
        "jurors": n_jurors,
        "k": k,
        "max_load": max_load,
        "tags": tags,
        "conflicts": len(conflicts),
        "best_seconds": round(seconds, 4),
        "loads": [min(loads), max(loads)],
        "expertise_share": round(matched, 3) if tags else None,
        "failed_checks": failed,
    }


SECTIONS = {"aggregation": aggregation, "pairwise": pairwise, "assignment": assignment}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/judging-<timestamp>.json)")
    args = parser.parse_args()
    started_at = datetime.now(UTC)
    figures = {}
    for name in args.only or SECTIONS:
        figures[name] = SECTIONS[name]()  # a section returning its figures has them saved in the JSON
    output = args.output or ROOT / "bench" / "results" / f"judging-{started_at:%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {"started_at": started_at.isoformat(timespec="seconds"), "machine": machine_info(), "sections": figures}
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"JSON: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    # Like the other benchmarks: a failed check is a failed run, whatever the timings.
    return 0 if all(section.get("ok", True) for section in figures.values() if isinstance(section, dict)) else 1


if __name__ == "__main__":
    sys.exit(main())
