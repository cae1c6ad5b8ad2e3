import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def cached_figures(name: str, params: dict, compute: Callable[[], T]) -> T:
    """Whole-table aggregates (directory facets, network figures), computed at most once per
    FIGURES_CACHE_SECONDS for each set of filters and shared by every worker through the cache.

    Their cost grows with the data while everything else on a page does not; figures a few
    minutes old are fine for counts. Cache raw numbers only: labels depend on the language.
    """
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return cache.get_or_set(f"figures:{name}:{digest}", compute, settings.FIGURES_CACHE_SECONDS)


def kept_until(name: str, compute: Callable[[], tuple[T, datetime | None]], *, now: datetime) -> T:
    """A result kept in the cache until the moment `compute` says it stops being true (the next deadline that
    changes it, returned beside the value; None: no such moment) or until `forget(name)`, whichever comes first,
    and never longer than FIGURES_CACHE_SECONDS.

    For lists the clock changes (a call that opens or closes) as well as people (a call published): the owner
    of the rows calls `forget` when they change, so the next request sees them.
    """
    key = f"kept:{name}"
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or now < kept[1]):
        return kept[0]
    value, valid_until = compute()
    cache.set(key, (value, valid_until), settings.FIGURES_CACHE_SECONDS)
    return value


def forget(name: str) -> None:
    """Drop a result of `kept_until` now and again once the current transaction commits, so that no request
    keeps what it read before the change was committed."""
    key = f"kept:{name}"
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
