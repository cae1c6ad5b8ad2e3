"""The cache shared by several workers: Django's Redis cache, kept answering while Redis is not.

Django's `RedisCache` raises when Redis is unreachable, and with it every page that touches the
cache: sign-in and sign-up (allauth's rate limits), the directory's cached figures, live coalescing.
This backend answers from the worker's own memory instead until Redis is back, so an outage costs
what the embedded default always does (rate limits counted per worker, figures computed per
worker), not the site. Redis is tried again every `RETRY_SECONDS`, not on every call, so a hung
Redis costs one socket timeout per retry, not one per cache call.

Why not a package: django-redis's IGNORE_EXCEPTIONS turns every call into a miss, so allauth never
takes its rate-limit lock and refuses every sign-in; django-cache-fallback falls back on any
exception (hiding real errors) and configures the root logger when imported.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0

# Each thread has its own cache object (Django's cache handler), so the outage is recorded per
# process, keyed by location: one warning per outage, and every thread skips Redis meanwhile.
_retry_at: dict[str, float] = {}
_lock = threading.Lock()


def _falls_back(name: str):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache keeps its data per name, shared by the threads of the process.
        self._memory = LocMemCache(f"redis-fallback:{self._location}", params)

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= _retry_at.get(self._location, 0.0):
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError):
                self._redis_down()
            else:
                self._redis_up()
                return result
        return getattr(self._memory, name)(*args, **kwargs)

    def _redis_down(self) -> None:
        with _lock:
            was_up = self._location not in _retry_at
            _retry_at[self._location] = time.monotonic() + RETRY_SECONDS
        if was_up:
            logger.exception("Redis cache at %s unreachable: using this process's memory meanwhile", self._location)

    def _redis_up(self) -> None:
        if self._location in _retry_at:
            with _lock:
                if _retry_at.pop(self._location, None) is not None:
                    logger.warning("Redis cache at %s reachable again", self._location)

    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")
