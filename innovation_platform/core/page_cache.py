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

A signed-in visitor's page is their own (their menu, their support buttons, what their role adds), but most of it is
what everyone sees. Under the same key, the parts a template marks `{% shared %}` are kept rendered
(`shared_part`), and views keep the rows those parts show (`kept_for_pages`), so such a page costs its personal
parts, not its whole rendering.
"""

import hashlib
import re
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

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
from django.utils.safestring import mark_safe

from innovation_platform.core.models import PageVersion

SITE = "site"
DIRECTORY = "directory"

# The hidden field {% csrf_token %} writes; the cached copy holds this marker instead of the token.
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
_CSRF_MARKER = b"\x00csrf\x00"

_pending = threading.local()

T = TypeVar("T")


def challenge_scope(challenge_id: int) -> str:
    return f"challenge:{challenge_id}"


def pages_changed(*scopes: str) -> None:
    """The pages of `scopes` (and always `SITE`) change with the current transaction (see `versions_changed`)."""
    versions_changed(SITE, *scopes)


def versions_changed(*scopes: str) -> None:
    """The versions of `scopes` are bumped once the current transaction commits (at once outside a transaction).
    Several changes in one transaction bump each version once. A rolled-back change bumps nothing itself; its scopes
    may be bumped with the next commit, which costs one render. Called directly (not through `pages_changed`) for a
    change no public page shows, which leaves every public page kept."""
    pending = _pending_scopes()
    pending.update(scopes)
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
    """`queryset.count()` kept like `kept_for_pages`: a paginated list's total without scanning the rows on every
    request."""
    return kept_for_pages(f"count:{name}", scopes, queryset.count, **params)


def kept_for_pages(
    name: str, scopes: list[str], compute: Callable[[], T], *, other_versions: Callable[[], object] = tuple, **params
) -> T:
    """What `compute()` returns (a count, a page's rows with what they prefetch), kept in the cache under the
    versions of `scopes`, which must cover every change to what it reads, and for at most one period of
    `PUBLIC_PAGE_CACHE_SECONDS` (what depends on the clock, like which calls are open, moves on with it). `params`
    are what else the result depends on (filters, page); `other_versions()`, versions kept elsewhere than in scopes
    (another app's, bumped in the transaction of its changes), read only when the result is kept. For the pages
    signed-in visitors get, whose queries cost more than their personal parts. With the cache off
    (`PUBLIC_PAGE_CACHE_SECONDS` 0, as in most tests) it is `compute()`."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return compute()
    versions = (page_versions(scopes), other_versions())  # read before the data: never older than its key
    key = _digest(name, _period(), scopes, versions, sorted(params.items()))
    return cache.get_or_set(f"kept:{key}", compute, settings.PUBLIC_PAGE_CACHE_SECONDS)


def shared_part(request, name: str, vary: tuple, render: Callable[[], str]) -> str:
    """A part of a signed-in visitor's page that every visitor sees alike (a gallery's cards, a call's description),
    rendered once and kept under the page's key (see `public_page`) plus `name` and `vary` (what else the part
    depends on, such as a permission that adds a control). Outside a public page, or with the cache off, it is
    `render()`. A form's CSRF token in it is the visitor's own, as in cached pages."""
    page_key = getattr(request, "shared_parts_key", None)
    if page_key is None:
        return render()
    key = "part:" + _digest(page_key, name, vary)
    kept = cache.get(key)
    if kept is None:
        html = render()
        cache.set(key, _token_cut(html.encode()), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return html
    return mark_safe(_token_put(request, kept).decode())  # what the template rendered, kept as it was


def page_all_personal(request) -> None:
    """The page this request gets is the visitor's own even in the parts its template marks `{% shared %}` (say, a
    proposal's private side for its team): they render anew and nothing of them is kept."""
    request.shared_parts_key = None


def public_page(scopes: Callable[..., list[str] | None]):
    """Serves the view from the cache to anonymous visitors. `scopes(*args, **kwargs)` (the view's URL arguments)
    names what the page shows, or None when the view should answer itself (a 404 to come)."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            names = scopes(*args, **kwargs)
            if names is None:
                return view(request, *args, **kwargs)
            key = _page_key(request, names)
            if not _may_share(request):
                # The page is the visitor's own, but the parts of it that every visitor sees are kept under its key.
                request.shared_parts_key = key
                return view(request, *args, **kwargs)
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
    return "page:" + request_key(request, _period(), scopes, page_versions(scopes))


def request_key(request, *versions) -> str:
    """A key for what a GET of this address renders, in this language and time zone, under `versions` (whatever
    else it depends on): a public page's, or, set as `request.shared_parts_key`, the key of a page's kept parts."""
    return _digest(
        request.get_host(),
        request.is_secure(),
        request.get_full_path(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        versions,
    )


def _period() -> int:
    return int(time.time() // settings.PUBLIC_PAGE_CACHE_SECONDS)


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _cached_response(request, key: str) -> HttpResponse | None:
    cached = cache.get(key)
    if cached is None:
        return None
    content, content_type = cached
    return HttpResponse(_token_put(request, content), content_type=content_type)


def _render_and_keep(view, request, key: str, args, kwargs) -> HttpResponse:
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (_token_cut(response.content), response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def _token_cut(content: bytes) -> bytes:
    return _CSRF_FIELD.sub(rb"\1" + _CSRF_MARKER + rb"\2", content)


def _token_put(request, content: bytes) -> bytes:
    if _CSRF_MARKER not in content:
        return content  # masking a token costs more than a kept part without a form
    return content.replace(_CSRF_MARKER, get_token(request).encode())


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
