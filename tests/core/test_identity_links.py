"""No button or link leads to a refusal: every link and GET form on the demo's key pages, and on the console pages
of every call the person organizes, answers below 400 for the person who sees it (signed out and each role).
Every page's title reads "<page> · Cocrea"."""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client

from challenges.selectors import challenges_organized_by
from innovation_platform.accounts.models import User
from tests.browser.key_pages import key_pages
from tests.core.identity_world import DEMO_PASSWORD, PEOPLE, load_demo

# Files, feeds and actions that are not pages; the API and admin have their own tests.
NOT_PAGES = re.compile(
    r"^/(admin|api|static|media|ws)/|/accounts/logout/|\.(ics|csv|xlsx|json|pdf)$|/(documents|download|pdf|slides)/"
)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets, self.title, self._in_title = [], "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.targets.append(attrs["action"])
        self._in_title = tag == "title" and not self.title  # the page's own, not a chart's <svg><title>

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _same_site_paths(page_path: str, targets: list[str]) -> set[str]:
    paths = set()
    for target in targets:
        url = urlparse(urljoin("http://testserver" + page_path, target))
        if url.netloc == "testserver" and not NOT_PAGES.search(url.path):
            paths.add(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def _start_pages(email: str | None) -> list[str]:
    pages = [path for who, _name, path in key_pages() if who == email]
    if email:
        # Every step of the console of each call they organize: its buttons are where refusals hid.
        for challenge in challenges_organized_by(User.objects.get(email=email)):
            pages.append(f"/console/{challenge.slug}/")
    return pages


@pytest.mark.django_db
def test_no_link_on_the_demo_pages_answers_an_error_and_every_title_has_the_separator():
    started = time.monotonic()
    load_demo()
    print(f"demo loaded in {time.monotonic() - started:.1f}s")
    refused, untitled = [], []
    for email in PEOPLE:
        client = Client(headers={"accept-language": "es"})
        if email:
            assert client.login(email=email, password=DEMO_PASSWORD)
        checked, shapes = set(), {}
        for start in _start_pages(email):
            response = client.get(start)
            assert response.status_code == 200, (email, start, response.status_code)
            parser = Links()
            parser.feed(response.content.decode())
            title = " ".join(parser.title.split())
            if not (title.endswith(" · Cocrea") and len(title) > len(" · Cocrea")):
                untitled.append((email, start, title))
            for path in sorted(_same_site_paths(start, parser.targets) - checked):
                checked.add(path)
                # Two links of one shape (a proposal, a filter) stand for the rest of that list.
                shape = re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")
                shapes[shape] = shapes.get(shape, 0) + 1
                if shapes[shape] > 2:
                    continue
                status = client.get(path).status_code
                if status >= 400:
                    refused.append((email or "anonymous", start, path, status))
    assert refused == [], "links that answer an error to the person shown them (who, on, to, status)"
    assert untitled == []
