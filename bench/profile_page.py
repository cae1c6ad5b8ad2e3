"""Where a page's time goes: renders it in this process with Django's test client (after one warm-up view) and
prints pyinstrument's profile, or with --repeat the CPU per request (best of N). Against the database in
DATABASE_URL with the production settings, as the benchmarks' server sees it:

    DATABASE_URL=sqlite:////tmp/b.sqlite3 SECRET_KEY=... .venv/bin/python bench/profile_page.py /labs/
    ... bench/profile_page.py --session SESSION_KEY --repeat 20 / /labs/
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--session", help="a session key: profile the page signed in")
    parser.add_argument("--repeat", type=int, help="print the best CPU time of N views instead of a profile")
    parser.add_argument("--language", default="es")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_ACCEPT_LANGUAGE=args.language)
    if args.session:
        client.cookies["sessionid"] = args.session
    for path in args.paths:
        status = client.get(path).status_code
        if status != 200:
            print(f"{path}: {status}", file=sys.stderr)
            return 1
        if args.repeat:
            best = min(_cpu(client, path) for _ in range(args.repeat))
            print(f"{path:<50} {best * 1000:7.1f} ms CPU")
            continue
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as profiler:
            for _ in range(5):
                client.get(path)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def _cpu(client, path: str) -> float:
    started = time.process_time()
    client.get(path)
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())
