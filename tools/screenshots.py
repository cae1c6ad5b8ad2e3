"""Screenshots of the demo's key pages at 1366 and 390 px, for seeing every change to the look (`make screenshots`).

Signs in as each demo person and saves var/screenshots/<person>-<page>-<width>.png (the folder is not committed).
Serves the project's database itself on a free port, or uses a running server given with --base."""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.local")

WIDTHS = (1366, 390)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", help="a running server, e.g. http://127.0.0.1:8000 (default: serve one)")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    parser.add_argument("--only", help="only pages whose name contains this")
    arguments = parser.parse_args()

    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.browser.key_pages import DEMO_PASSWORD, key_pages

    pages = [page for page in key_pages() if not arguments.only or arguments.only in page[1]]
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    server = None
    base = arguments.base
    if not base:
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for who in dict.fromkeys(who for who, _name, _path in pages):
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-PE")
                    page = context.new_page()
                    if who:
                        page.goto(base + "/accounts/login/")
                        page.fill("input[name=login]", who)
                        page.fill("input[name=password]", DEMO_PASSWORD)
                        page.press("input[name=password]", "Enter")
                        page.wait_for_load_state()
                    for person, name, path in pages:
                        if person != who:
                            continue
                        page.goto(base + path, wait_until="networkidle")
                        target = out / f"{(who or 'anonymous').split('@')[0]}-{name}-{width}.png"
                        page.screenshot(path=str(target), full_page=arguments.full)
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                    context.close()
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"The server at {base} did not start.")


if __name__ == "__main__":
    main()
