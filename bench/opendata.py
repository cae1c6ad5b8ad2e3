"""Load benchmark of the open-data portal at several network sizes.

For each size N it seeds N labs, N innovators and N proposals of closed public calls, publishes the datasets once
(timed: the scheduled job's cost), serves the production configuration with gunicorn sync workers and measures,
anonymously, the portal's index, the proposals dataset's page and its CSV download (the largest dataset), plain and
gzip-compressed, each side by side with /healthz in the same run. See bench/README.md.

    .venv/bin/python bench/opendata.py [--quick] [--sizes 100 10000]
    .venv/bin/python bench/opendata.py --seed N     (what each size runs, with the server's environment)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load

ROOT = load.ROOT
PAGES = {
    "index": ("/datos/", {}),
    "dataset": ("/datos/proposals/", {}),
    "csv": ("/datos/proposals.csv", {}),
    "csv_gzip": ("/datos/proposals.csv", {"Accept-Encoding": "gzip"}),
}
FLAT = ("index", "dataset")  # pages whose cost must not grow with the data: at least this share of the small one's
FLAT_TARGET = 0.8
PER_CALL = 500
BATCH = 2000


def seed(size: int) -> dict:
    """N labs, N innovators (with regions and skills) and N proposals of closed public calls; then one publication.
    Runs inside Django (`load.django_setup`)."""
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from challenges.models import Challenge, Phase
    from innovation_platform.accounts.models import Profile, TaggedSkill, User
    from innovation_platform.core.regions import PeruRegion
    from innovation_platform.labs.models import Lab
    from opendata.services import datasets_publish
    from proposals.models import Proposal

    rng = random.Random(size)
    now = timezone.now()
    regions = PeruRegion.values
    with transaction.atomic():
        labs = Lab.objects.bulk_create(
            (
                Lab(slug=f"lab-{i}", name=f"Lab {i}", kind="public", country="PE", region=rng.choice(regions))
                for i in range(size)
            ),
            batch_size=BATCH,
        )
        users = User.objects.bulk_create(
            (User(email=f"persona{i}@example.org", full_name=f"Persona {i}") for i in range(size)), batch_size=BATCH
        )
        profiles = Profile.objects.bulk_create(
            (Profile(user=user, slug=f"persona-{user.pk}", region=rng.choice(regions)) for user in users),
            batch_size=BATCH,
        )
        skills = [Tag.objects.create(name=name, slug=name) for name in ("python", "diseño", "datos", "agro")]
        TaggedSkill.objects.bulk_create(
            (TaggedSkill(content_object=profile, tag=rng.choice(skills)) for profile in profiles), batch_size=BATCH
        )
        calls = Challenge.objects.bulk_create(
            Challenge(
                lab=labs[i % len(labs)],
                slug=f"reto-{i}",
                code=f"R{i}",
                title=f"Reto {i}",
                theme="agua",
                kind="public_challenge",
                visibility="published",
                published_at=now - timedelta(days=60),
            )
            for i in range(max(1, size // PER_CALL))
        )
        Phase.objects.bulk_create(
            Phase(challenge=call, kind="proposals", starts_at=now - timedelta(days=50), ends_at=now - timedelta(days=5))
            for call in calls
        )
        Proposal.objects.bulk_create(
            (
                Proposal(
                    challenge=calls[i % len(calls)],
                    number=i // len(calls) + 1,
                    title=f"Propuesta {i}",
                    summary="Un prototipo para cuidar el agua del barrio, con sensores y la escuela. " * 2,
                    region=rng.choice(regions),
                    status="submitted",
                    submitted_at=now - timedelta(days=10, minutes=i),
                )
                for i in range(size)
            ),
            batch_size=BATCH,
        )
    started = time.perf_counter()
    published = datasets_publish()
    seconds = time.perf_counter() - started
    csv_bytes = next(s.files["csv"]["bytes"] for s in published if s.dataset == "proposals")
    return {"publish_s": round(seconds, 2), "proposals_csv_bytes": csv_bytes}


def seed_database(env: dict, size: int) -> dict:
    load.manage(env, "migrate", "--noinput")
    done = subprocess.run(
        [load.PYTHON, "bench/opendata.py", "--seed", str(size)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise load.BenchError(f"seeding failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def bench_size(args, env: dict, log_path: Path) -> dict:
    figures = {}
    with load.gunicorn(env, args.workers, log_path) as (base, pgid):
        for name, (path, headers) in {"healthz": (load.CEILING, {}), **PAGES}.items():
            url = base + path
            if (status := load.http_status(url, headers)) != 200:
                raise load.BenchError(f"{path} answered {status}:\n{load.log_tail(log_path)}")
            figures[name] = result = load.measure_page(args, url, pgid, headers)
            print(f"  {name:<9} {result['rps']:>9.1f} req/s  p99 {result['p99_ms']:.0f} ms", flush=True)
    load.add_ratios(figures, PAGES)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = load.page_bench_args(
        __doc__.splitlines()[0], sizes=[100, 10_000], sizes_help="labs, innovators and proposals", argv=argv
    )
    started_at = datetime.now(UTC)
    output = args.output or ROOT / "bench" / "results" / f"opendata-{started_at:%Y%m%d-%H%M%S}.json"
    load_before = os.getloadavg()

    def measure(env: dict, size: int, log_path: Path) -> dict:
        print(f"Seeding {size:,} labs, innovators and proposals, then publishing...", flush=True)
        published = seed_database(env, size)
        print(f"  published in {published['publish_s']} s", flush=True)
        return {**bench_size(args, env, log_path), "publication": published}

    results = load.per_size(args, measure)
    if results is None:
        return 1
    print(
        f"\nOpen data: gunicorn sync x{args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"SQLite; req/s (share of /healthz); load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<10}" + "".join(f"{size:>18,}" for size in args.sizes) + f"{'large/small':>13}")
    small, large = args.sizes[0], args.sizes[-1]
    ok = True
    for name in ["healthz", *PAGES]:
        cells = "".join(load.rps_cell(results[s][name]) for s in args.sizes)
        ratio = load.share_factor(results, name, small, large)
        flag = " below target" if name in FLAT and ratio < FLAT_TARGET else ""
        ok &= not flag and not results[large][name]["errors"]
        print(f"{name:<10}{cells}{ratio:>13.2f}{flag}")
    for size in args.sizes:
        done = results[size]["publication"]
        print(f"publication at {size:,}: {done['publish_s']} s, proposals.csv {done['proposals_csv_bytes']:,} B")
    load.write_page_results(
        args, output, started_at, results, load_average={"before": load_before, "after": os.getloadavg()}
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed"]:
        load.django_setup({})  # the environment bench_size gave this process
        print(json.dumps(seed(int(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
