"""The Redis cache answers from the worker's memory while its Redis is down, and uses Redis again once it
is back. Against a real redis-server the test starts and stops (not REDIS_URL's)."""

import logging

import pytest
import redis
from django.core.cache import cache

from innovation_platform.core import redis_cache


@pytest.fixture
def redis_backed(redis_server, settings, monkeypatch):
    """The default cache on a running Redis of the test's own; Redis is retried on every call."""
    redis_server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "innovation_platform.core.redis_cache.FallbackRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0)
    monkeypatch.setattr(redis_cache, "_retry_at", {})
    yield redis.Redis.from_url(redis_server.url)
    cache.clear()


def test_with_redis_up_values_live_in_redis(redis_backed):
    cache.set("greeting", "hola")

    assert cache.get("greeting") == "hola"
    assert redis_backed.keys("*greeting") == [b":1:greeting"]


def test_with_redis_down_every_call_answers_from_memory_and_one_error_is_logged(redis_backed, redis_server, caplog):
    cache.set("before", "in redis")
    redis_server.stop()

    with caplog.at_level(logging.WARNING, logger="innovation_platform.core.redis_cache"):
        missed = cache.get("before")
        added = cache.add("lock", True, 10)
        added_again = cache.add("lock", True, 10)
        cache.set_many({"a": 1, "b": 2})
        counted = cache.incr("a")
        computed = cache.get_or_set("figures", lambda: {"labs": 3})

    assert (missed, added, added_again) == (None, True, False)
    assert (cache.get_many(["a", "b"]), counted, computed) == ({"a": 2, "b": 2}, 2, {"labs": 3})
    assert [record.getMessage() for record in caplog.records] == [
        f"Redis cache at {redis_server.url} unreachable: using this process's memory meanwhile"
    ]


def test_once_redis_returns_it_is_used_again(redis_backed, redis_server, caplog):
    redis_server.stop()
    cache.set("during", "memory")
    redis_server.start()
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="innovation_platform.core.redis_cache"):
        cache.set("after", "redis")

    assert redis.Redis.from_url(redis_server.url).keys("*") == [b":1:after"]
    assert cache.get("during") is None  # what the outage kept in memory is not served over Redis
    assert [record.getMessage() for record in caplog.records] == [f"Redis cache at {redis_server.url} reachable again"]


def test_redis_is_skipped_until_the_retry_time(redis_backed, redis_server, monkeypatch):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 60)
    redis_server.stop()
    cache.set("key", "memory")
    redis_server.start()

    cache.set("after-restart", "memory too")

    # Redis is back but not asked before the retry time: reads and writes stay in memory.
    assert cache.get("key") == "memory"
    assert redis.Redis.from_url(redis_server.url).keys("*") == []


def test_errors_other_than_an_unreachable_redis_still_raise(redis_backed):
    with pytest.raises(ValueError):
        cache.incr("missing")
