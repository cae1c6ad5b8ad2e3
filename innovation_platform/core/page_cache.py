"""Public pages served from the cache to anonymous visitors, and counts that need no COUNT scan.

Every public page depends on a few *scopes*: `SITE` (anything any public page shows), `DIRECTORY` (labs and
people, whose names appear on every page) and one per challenge (`challenge_scope`: the call, its proposals and
their teams). A scope's version is a row of `PageVersion`, bumped after the commit of any change to what it
covers: each app connects its models' signals to `pages_changed` (`page_versions.py` in challenges, proposals,
labs, accounts). A cached page, count or ETag is kept under a key that carries the versions of its scopes, so the
first request after such a commit finds no entry and renders the change: nothing is ever deleted from the cache,
old entries simply expire. The versions live in the database, read with one indexed query per request, because the
default cache (locmem) is each worker's own: a version bumped in one worker's memory would leave the others'
pages stale.

A visitor gets a cached page only while signed out and with no message waiting; the language, the time zone, the
host and the whole address (query string included) are in the key, and the response says `Vary: Cookie,
Accept-Language`. The CSRF token of the page's forms (the language switch) is the visitor's own: it is cut out
before storing and put back, from the visitor's cookie, on every answer. Pages also change with the clock (a
call that closes, a countdown): they are kept at most `PUBLIC_PAGE_CACHE_SECONDS` and the key changes with each
such period. Conditional requests are answered from the same key: a matching `If-None-Match` gets a 304 without
rendering or reading the page. No `Last-Modified`: a date has whole seconds, and two changes within one second
must still give two different answers.
"""

import hashlib
import re
import threading
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from innovation_platform.core.models import PageVersion

SITE = "site"
DIRECTORY = "directory"

# The hidden field {% csrf_token %} writes; the cached copy holds this marker instead of the token.
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
_CSRF_MARKER = b"\x00csrf\x00"

_pending = threading.local()


def challenge_scope(challenge_id: int) -> str:
    return f"challenge:{challenge_id}"


def pages_changed(*scopes: str) -> None:
    """The pages of `scopes` (and always `SITE`) change with the current transaction: their versions are bumped once
    it commits (at once outside a transaction). Several changes in one transaction bump each version once. A
    rolled-back change bumps nothing itself; its scopes may be bumped with the next commit, which costs one render."""
    pending = _pending_scopes()
    pending.update((SITE, *scopes))
    # Robust: a failed bump (logged) must not turn a committed change into an error page; the pages then show it
    # within PUBLIC_PAGE_CACHE_SECONDS.
    transaction.on_commit(_bump_pending, robust=True)


def _pending_scopes() -> set[str]:
    if not hasattr(_pending, "scopes"):
        _pending.scopes = set()
    return _pending.scopes


def _bump_pending() -> None:
    pending = _pending_scopes()
    if not pending:
        return  # an earlier callback of the same commit bumped them
    scopes = sorted(pending)
    pending.clear()
    bumped = PageVersion.objects.filter(scope__in=scopes).update(version=F("version") + 1)
    if bumped < len(scopes):
        # A scope never bumped reads as 0; its first row starts at 1. A row another worker created meanwhile is
        # kept: either way the version moved on from what readers saw.
        PageVersion.objects.bulk_create([PageVersion(scope=s, version=1) for s in scopes], ignore_conflicts=True)


def page_versions(scopes: list[str]) -> str:
    """The versions of `scopes`, as a short text for a cache key: one query by primary key, written in SQL because
    it runs on every cached answer, where building it with the ORM cost more than the rest of the answer."""
    placeholders = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, version FROM {PageVersion._meta.db_table} WHERE scope IN ({placeholders})", scopes
        )
        found = dict(cursor.fetchall())
    return ".".join(str(found.get(scope, 0)) for scope in scopes)


def row_id(model, **where) -> int | None:
    """The primary key of the `model` row where one column equals a value, or None: a page's scope from its address
    (a challenge's slug), in SQL for the same reason as `page_versions`."""
    ((column, value),) = where.items()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE {column} = %s", [value])
        found = cursor.fetchone()
    return found[0] if found else None


def counted(queryset, *, scopes: list[str], name: str, params: dict) -> int:
    """`queryset.count()`, kept in the cache under the versions of `scopes` (which must cover every change to the
    rows it counts): a paginated list's total without scanning the rows on every request. With the page cache
    off (`PUBLIC_PAGE_CACHE_SECONDS` 0, as in most tests) it is a plain COUNT."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return queryset.count()
    key = _digest(name, page_versions(scopes), sorted(params.items()))
    return cache.get_or_set(f"count:{key}", queryset.count, settings.PUBLIC_PAGE_CACHE_SECONDS * 10)


def public_page(scopes: Callable[..., list[str] | None]):
    """Serves the view from the cache to anonymous visitors. `scopes(*args, **kwargs)` (the view's URL arguments)
    names what the page shows, or None when the view should answer itself (a 404 to come)."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if (
                settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
                or request.method not in ("GET", "HEAD")
                or not _may_share(request)
            ):
                return view(request, *args, **kwargs)
            names = scopes(*args, **kwargs)
            if names is None:
                return view(request, *args, **kwargs)
            key = _page_key(request, names)
            etag = f'"{_digest(key, request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""))}"'
            if etag in _etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
            else:
                response = _cached_response(request, key) or _render_and_keep(view, request, key, args, kwargs)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                patch_cache_control(response, no_cache=True)  # a browser may keep it, and asks again each time
            patch_vary_headers(response, ("Cookie",))
            return response

        return cached_view

    return decorator


def _may_share(request) -> bool:
    """A signed-out visitor with no message waiting sees what every such visitor sees."""
    return not request.user.is_authenticated and not len(get_messages(request))


def _page_key(request, scopes: list[str]) -> str:
    period = int(time.time() // settings.PUBLIC_PAGE_CACHE_SECONDS)
    return "page:" + _digest(
        request.get_host(),
        request.is_secure(),
        request.get_full_path(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        period,
        scopes,
        page_versions(scopes),
    )


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _cached_response(request, key: str) -> HttpResponse | None:
    cached = cache.get(key)
    if cached is None:
        return None
    content, content_type = cached
    return HttpResponse(content.replace(_CSRF_MARKER, get_token(request).encode()), content_type=content_type)


def _render_and_keep(view, request, key: str, args, kwargs) -> HttpResponse:
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming and not response.cookies:
        content = _CSRF_FIELD.sub(rb"\1" + _CSRF_MARKER + rb"\2", response.content)
        cache.set(key, (content, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def pages_follow(model, scopes_of: Callable[[object], list[str] | None], *, unseen_fields: frozenset = frozenset()):
    """Bumps the versions `scopes_of(instance)` names (None: no public page shows it) whenever a `model` row is saved
    or deleted, unless the save changed only `unseen_fields`; each app calls it at start-up for the models its
    public pages show."""

    def changed(sender, instance, **kwargs):
        fields = kwargs.get("update_fields")
        if kwargs.get("raw") or (fields and set(fields) <= unseen_fields):
            return  # fixtures loading, or a change no page shows (a sign-in's last_login)
        scopes = scopes_of(instance)
        if scopes is not None:
            pages_changed(*scopes)

    uid = f"page_versions:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
