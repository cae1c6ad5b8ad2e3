"""Participation figures without tracking: views of public pages counted per day and kind of page.

A view adds one to a counter in the cache (atomic in Redis and in the worker's memory); every
PAGE_VIEWS_FLUSH_EVERY views of a kind the counter is moved to the database in one UPDATE, so a public page pays
a cache increment, not a database write. Nothing about the visitor is read but the User-Agent, to leave out
robots, and nothing about them is kept. Up to PAGE_VIEWS_FLUSH_EVERY - 1 views per kind wait in a worker's
cache; the figures page writes what its worker holds whenever it counts the visits anew.
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from figures.models import PageView

# The public pages counted, by the name of their view, with what the figures page calls them.
PUBLIC_PAGES = {
    "home": _("Home page"),
    "figures:index": _("Figures"),
    "challenges:list": _("Challenges"),
    "challenges:detail": _("A challenge"),
    "challenges:live": _("A challenge's live page"),
    "challenges:schedule": _("A challenge's schedule"),
    "proposals:gallery": _("Proposals of a challenge"),
    "proposals:detail": _("A proposal"),
    "projects:gallery": _("Projects"),
    "projects:detail": _("A project"),
    "labs:list": _("Labs"),
    "labs:detail": _("A lab"),
    "accounts:innovator_list": _("Innovators"),
}
# Robots, crawlers, link previews and command-line clients; a request without a User-Agent is no person either.
ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|curl|wget|python|httpx|java/|go-http", re.I)
BUFFER_SECONDS = 3 * 24 * 3600  # a counter outlives its day, so late flushes still find it


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOTS.search(user_agent))


def _key(day: date, page: str) -> str:
    return f"pageviews:{day.isoformat()}:{page}"


def page_view_count(page: str) -> None:
    """One more view of `page` (a key of PUBLIC_PAGES) today, in the site's time zone."""
    day = timezone.localdate(timezone=timezone.get_default_timezone())
    key = _key(day, page)
    cache.add(key, 0, BUFFER_SECONDS)
    try:
        buffered = cache.incr(key)
    except ValueError:  # evicted between the two calls
        cache.add(key, 1, BUFFER_SECONDS)
        buffered = 1
    if buffered >= settings.PAGE_VIEWS_FLUSH_EVERY:
        _flush(day, page, buffered)


def _flush(day: date, page: str, amount: int) -> None:
    """Move `amount` views from the cache to the day's row (created on its first flush)."""
    cache.decr(_key(day, page), amount)
    rows = PageView.objects.filter(day=day, page=page)
    if not rows.update(views=F("views") + amount):
        PageView.objects.bulk_create([PageView(day=day, page=page)], ignore_conflicts=True)
        rows.update(views=F("views") + amount)


def page_views_flush() -> None:
    """Write what this worker's cache holds for today and yesterday (one read of the cache)."""
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    keys = {_key(day, page): (day, page) for day in (today, today - timedelta(days=1)) for page in PUBLIC_PAGES}
    for key, amount in cache.get_many(list(keys)).items():
        if amount:
            _flush(*keys[key], amount)
