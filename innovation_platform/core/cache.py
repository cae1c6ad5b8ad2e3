import hashlib
import json
from collections.abc import Callable
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
