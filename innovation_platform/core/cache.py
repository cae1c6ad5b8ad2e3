import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")


def cached_figures(name: str, params: dict, compute: Callable[[], T]) -> T:
    """Whole-table aggregates (directory facets, network figures), computed at most once per
    FIGURES_CACHE_SECONDS for each set of filters and shared by every worker through the cache.

    Their cost grows with the data while everything else on a page does not; figures a few
    minutes old are fine for counts. Cache raw numbers only: labels depend on the language.
    """
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return cache.get_or_set(f"figures:{name}:{digest}", compute, settings.FIGURES_CACHE_SECONDS)


def kept_until(name: str, compute: Callable[[], tuple[T, datetime | None]], *, now: datetime, version: str) -> T:
    """A result kept in the cache under `version` (the `core.page_cache.page_versions` of what it shows, so the
    first request after a committed change computes it again, in every worker) until the moment `compute` says it
    stops being true (the next deadline that changes it, returned beside the value; None: no such moment), and
    never longer than FIGURES_CACHE_SECONDS: for lists the clock changes (a call that opens or closes) as well as
    people (a call published)."""
    key = f"kept:{name}:{version}"
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or now < kept[1]):
        return kept[0]
    value, valid_until = compute()
    cache.set(key, (value, valid_until), settings.FIGURES_CACHE_SECONDS)
    return value
