"""The shared cache of public pages for anonymous readers, keyed by a content version.

A page is stored under a key made of its address, its language and the *content version*
of the municipality; saving or deleting anything a public page can show gives the version
a new value (see `connect_receivers`), so the next request renders afresh. Nothing clears
the cache by hand. A page that depends on the clock (upcoming, open for comments) is stored
only until the next start or end of a consultation, or the new year, whichever comes first.

Pieces that many pages share (a list row, the list's filter form) are kept the same way,
under the content version and the language (`cached_fragments`): a page the page cache has
not seen yet (another filter, another page number) is then built mostly from the cache.

It lives in `web`, the bottom layer, so that every app may decorate its views with
`public_page` without importing upwards; the receivers tell models apart by app label only,
so models that move between apps need no change here.

A cache hit touches no database: the visitor is known to be anonymous because the request
carries no session cookie, and nothing else on the way (middleware, this module) reads it.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

from .compression import COMPRESSED_TYPES
from .site_context import current_site

# Apps whose models public pages show, matched by label (an app added later is one word here);
# notifications (the mail queue, subscribers) is not one of them.
CONTENT_APPS = frozenset(
    {"municipalities", "consultations", "register", "participation", "outcomes", "reports", "compliance", "national"}
)
# Models of those apps that no public page shows: changing them must not empty the cache.
# The provisional report's rendered copies and the publications' states are records of work done,
# not content: rendering a copy must not make it stale (it is itself keyed by the content version).
PRIVATE_MODELS = frozenset(
    {
        "participation.refusal",
        "reports.provisionalreportfile",
        "reports.reportpublication",
        "outcomes.consultationreportpublication",
    }
)
# The versions of one installation when MUNICIPALITY_SLUG is empty ("the only one"): bumped
# with every municipality's, since that installation shows whichever there is.
_ANY_MUNICIPALITY = ""
_GLOBAL = "pagecache:version:all"
_HEADERS_KEPT = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified", "ETag", "Vary")


_version_key = "pagecache:version:m:{}".format


def _versions(keys: list[str]) -> dict[str, str]:
    """The versions under `keys` in one round trip. A version lost (evicted, cache restarted) comes back
    as a new value, never as an old one: pages stored under it before can then not be served again."""
    found = cache.get_many(keys)
    for key in set(keys) - set(found):
        cache.add(key, secrets.token_hex(8), timeout=None)
        found[key] = cache.get(key)
    return found


def content_version() -> str:
    """The current content version of the municipality being served (web.site_context), else of all of them."""
    current = current_site()
    return content_versions([current.key if current is not None else settings.MUNICIPALITY_SLUG]).popitem()[1]


def content_versions(slugs: Iterable[str]) -> dict[str, str]:
    """Each municipality's content version, as `content_version` gives it in its scope, in one round trip."""
    keys = {slug: _version_key(slug) for slug in slugs}
    found = _versions([_GLOBAL, *keys.values()])
    return {slug: f"{found[_GLOBAL]}.{found[key]}" for slug, key in keys.items()}


def bump_content_version(slugs: set[str] | None) -> None:
    """Give the municipalities `slugs` (all of them for None) a new content version."""
    keys = [_GLOBAL] if slugs is None else [_version_key(slug) for slug in slugs | {_ANY_MUNICIPALITY}]
    cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)


logger = logging.getLogger(__name__)

# The model whose rows are the tenants: a change to one of them bumps every version (its name is on every page).
TENANT_MODEL = "municipalities.municipality"


def _municipality_slugs(instance: models.Model, depth: int = 3) -> set[str] | None:
    """The municipality an object belongs to, found by following its foreign keys; None if unknown."""
    if instance._meta.label_lower == TENANT_MODEL:
        return None  # its name is on every page, and its slug may just have changed: bump all
    if depth == 0:
        return None
    for field in instance._meta.concrete_fields:
        if not field.many_to_one:
            continue
        try:
            related = getattr(instance, field.name)
        except ObjectDoesNotExist:
            continue  # deleted in the same cascade
        if related is not None and related._meta.label_lower == TENANT_MODEL:
            return {related.slug}
        if related is not None:
            found = _municipality_slugs(related, depth - 1)
            if found:
                return found
    return None


def is_public_content(model: type[models.Model]) -> bool:
    """Whether a public page may show rows of this model."""
    meta = model._meta
    return meta.app_label in CONTENT_APPS and meta.label_lower not in PRIVATE_MODELS


def _content_changed(instance: models.Model) -> None:
    slugs = _municipality_slugs(instance)
    bump_content_version(slugs)
    # Once more after the commit: a page rendered between the save and the commit (still
    # showing the old data) must not outlive the transaction.
    transaction.on_commit(lambda: bump_content_version(slugs), robust=True)


def _on_save_or_delete(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw and is_public_content(sender):
        _content_changed(instance)


def _on_m2m(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and is_public_content(type(instance)):
        _content_changed(instance)


def connect_receivers() -> None:
    """Bump the content version whenever a model a public page shows is saved or deleted."""
    post_save.connect(_on_save_or_delete, dispatch_uid="pagecache-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")


# Functions that tell the next moments after `now` at which public pages change with the clock alone
# (consultations registers its hearings' starts and ends); registered by the apps above this one.
_boundary_sources: list[Callable[[datetime.datetime], list[datetime.datetime | None]]] = []


def register_clock_boundaries(source: Callable[[datetime.datetime], list[datetime.datetime | None]]) -> None:
    """Add a source of moments at which pages change by the clock (a consultation starts or ends)."""
    if source not in _boundary_sources:
        _boundary_sources.append(source)


def _next_boundary(version: str, now: datetime.datetime) -> datetime.datetime:
    """When pages stored now may change with the clock alone: a consultation starts or ends, a year ends."""
    key = f"pagecache:until:{version}"
    stored = cache.get(key)
    if stored is not None and stored > now:
        return stored
    local = timezone.localtime(now)
    new_year = local.replace(year=local.year + 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    moments = [new_year, *(moment for source in _boundary_sources for moment in source(now))]
    boundary = min(moment for moment in moments if moment is not None)
    cache.set(key, boundary, timeout=max(1, int((boundary - now).total_seconds())))
    return boundary


def _seconds_to_keep(version: str, now: datetime.datetime) -> int:
    """How long something rendered now under `version` may be kept: to the next boundary, at most PAGE_CACHE_SECONDS."""
    boundary = _next_boundary(version, now)
    return max(1, min(settings.PAGE_CACHE_SECONDS, int((boundary - now).total_seconds())))


def cached_fragments(
    name: str, items: list, part: Callable[[object], object], render: Callable[[object], str]
) -> list[str]:
    """The HTML of each item, kept in the cache under the content version and the language.

    A page missed by the page cache (another filter, another page number, a new language) still
    reuses the pieces it shares with the pages rendered before it: a list row is rendered once
    per content version, not once per page that shows it. `part(item)` tells items apart
    (a hearing's pk); `render(item)` gives the HTML of one missing item. The fragments follow
    the page cache: kept as long as a page would be, not at all with PAGE_CACHE_SECONDS=0, and
    a cache that does not answer only means rendering everything.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or not items:
        return [render(item) for item in items]
    try:
        version = content_version()
        prefix = f"pagecache:fragment:{version}:{name}:{translation.get_language()}:"
        keys = [prefix + hashlib.sha256(str(part(item)).encode()).hexdigest()[:32] for item in items]
        found = cache.get_many(keys)
    except Exception:
        logger.warning("The cache does not answer; the fragments are rendered", exc_info=True)
        return [render(item) for item in items]
    missing = {key: render(item) for key, item in zip(keys, items, strict=True) if key not in found}
    if missing:
        with contextlib.suppress(Exception):  # kept next time, or rendered again: both are right
            cache.set_many(missing, _seconds_to_keep(version, timezone.now()))
    return [found[key] if key in found else missing[key] for key in keys]


# Concurrent misses of one page (every subscribed calendar polling just after an edit, every
# journalist opening the report at once): one request renders it, the others wait for its copy
# instead of all rendering the same page. A request waits at most _WAIT_SECONDS, then renders
# the page itself, as it did before. The lock names its holder (host and process): a waiter on
# the same host that finds the holder's process gone (a worker killed mid-render) takes the lock
# over at once; a holder on another host that died holds it for the lease, _LOCK_SECONDS, at most.
_LOCK_SECONDS = 30
_WAIT_SECONDS = 10
_POLL_SECONDS = 0.05
# Stored instead of a page that is rendered per visitor (it holds a CSRF token): no one waits for it.
_NOT_SHARED = {"not_shared": True}


def _holder_is_dead(holder: object) -> bool:
    """Whether the lock's holder was a process on this host that no longer runs."""
    if not isinstance(holder, dict) or holder.get("host") != socket.gethostname():
        return False  # another host's process: only its lease ends its lock
    try:
        os.kill(int(holder["pid"]), 0)  # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return True
    except (OSError, KeyError, TypeError, ValueError):
        return False  # exists under another user, or a holder this code did not write
    return False


class _RenderLock:
    """The right to render one page while the other requests for it wait (cache.add: one holder, across workers)."""

    def __init__(self, key: str) -> None:
        self.key = f"{key}:lock"
        self.holder = {"token": secrets.token_hex(8), "host": socket.gethostname(), "pid": os.getpid()}
        self.held = False

    def acquire(self) -> bool:
        self.held = cache.add(self.key, self.holder, timeout=_LOCK_SECONDS)
        return self.held

    def take_over(self, dead_holder: dict) -> bool:
        """Take the lock of a holder that died; False when another waiter was quicker."""
        if cache.get(self.key) == dead_holder:
            cache.delete(self.key)
        return self.acquire()

    def release(self) -> None:
        """Give the lock up, once; a lock that expired and was taken by another request stays theirs."""
        if self.held:
            self.held = False
            if cache.get(self.key) == self.holder:
                cache.delete(self.key)


def _wait_for_copy(key: str, lock: _RenderLock) -> dict | None:
    """The page another request is rendering, once stored; None if it failed, was not shareable, or took too long.

    None also when the renderer died: then `lock` has been taken over, if possible, for this request.
    """
    deadline = time.monotonic() + _WAIT_SECONDS
    while time.monotonic() < deadline:
        holder = cache.get(lock.key)
        if holder is None:
            return cache.get(key)  # stored just before the lock was given up, or nothing to wait for
        if _holder_is_dead(holder):
            lock.take_over(holder)
            return cache.get(key)
        time.sleep(_POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None:
            return entry
    return None


def _may_use_cache(request: HttpRequest) -> bool:
    # Staff (a session) and visitors with a message waiting (the messages cookie) get their own page.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request: HttpRequest, version: str) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}|{translation.get_language()}"
    return f"pagecache:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _is_shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this response may be served to every anonymous visitor."""
    if response.status_code != 200 or response.cookies:
        return False
    if getattr(response, "page_cache_exempt", False):
        return False  # the view must run every time (a published PDF checks its stored bytes)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds this visitor's CSRF token
    session = getattr(request, "session", None)
    if session is not None and (session.accessed or session.modified):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


# A stored page keeps its gzip body too, compressed once when it is stored, so that a hit (a calendar
# polled every few minutes, a 1.5 MB CSV) does not compress the same bytes again for every client.
# Only shareable pages are stored, none with a CSRF token, so this is as BREACH-safe as the middleware.
_GZIP_MIN_BYTES = 200  # GZipMiddleware leaves shorter bodies alone
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def _gzipped(headers: dict, content: bytes | None) -> bytes | None:
    if content is None or len(content) < _GZIP_MIN_BYTES:
        return None
    if headers.get("Content-Type", "").startswith(COMPRESSED_TYPES):
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None


def _entry(response: HttpResponseBase, content: bytes | None) -> dict:
    headers = {name: response[name] for name in _HEADERS_KEPT if response.has_header(name)}
    return {"status": response.status_code, "headers": headers, "content": content, "gzip": _gzipped(headers, content)}


class _Tee:
    """Pass a streamed body through, keeping a copy to store if it stays small.

    `done` runs once, when the body has been sent or when the response is closed unread (a
    client that went away): the page's render lock must not outlive the request.
    """

    def __init__(self, chunks, store: Callable[[bytes | None], None], done: Callable[[], None]) -> None:
        self.chunks, self.store, self.done = chunks, store, done

    def __iter__(self) -> Iterator[bytes]:
        kept: list[bytes] | None = []
        size = 0
        try:
            for chunk in self.chunks:
                if kept is not None:
                    size += len(chunk)
                    if size <= settings.PAGE_CACHE_MAX_BYTES:
                        kept.append(chunk)
                    else:
                        kept = None  # too big to keep: only its ETag is stored, for 304s
                yield chunk
            self.store(b"".join(kept) if kept is not None else None)
        finally:
            self.done()

    def close(self) -> None:
        # StreamingHttpResponse.close() calls this, read or not.
        self.done()


def _store(
    request: HttpRequest, response: HttpResponseBase, key: str, version: str, lock: _RenderLock
) -> HttpResponseBase:
    """Keep the response for every anonymous visitor if it may be shared; release `lock` once it is kept."""
    if not getattr(response, "is_rendered", True):
        response.render()  # a TemplateResponse: only rendering tells whether it used a CSRF token
    if not _is_shareable(request, response):
        if response.status_code == 200:
            # Rendered per visitor (a comment form's token): the next requests need not wait for one another.
            cache.set(key, _NOT_SHARED, _seconds_to_keep(version, timezone.now()))
        lock.release()
        return response
    now = timezone.now()
    timeout = _seconds_to_keep(version, now)
    if response.streaming:
        if not response.has_header("ETag"):
            boundary = _next_boundary(version, now)
            tag = hashlib.sha256(f"{key}|{boundary.isoformat()}".encode()).hexdigest()[:32]
            response["ETag"] = f'W/"{tag}"'
        if get_conditional_response(request, etag=response["ETag"]) is not None:
            # The client has it: ConditionalGetMiddleware answers 304 and drops this body unread.
            lock.release()
            return response
        entry_headers = response

        def store(content: bytes | None) -> None:
            cache.set(key, _entry(entry_headers, content), timeout)

        response.streaming_content = _Tee(response.streaming_content, store, lock.release)
        return response
    content = response.content
    if len(content) <= settings.PAGE_CACHE_MAX_BYTES:
        if not response.has_header("ETag"):
            # A view's own ETag (a published PDF's SHA-256) is kept as it is.
            response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        cache.set(key, _entry(response, content), timeout)
    lock.release()
    return response


def _from_entry(request: HttpRequest, entry: dict | None) -> HttpResponseBase | None:
    """The stored page as a response, or None if there is none to serve (render it then)."""
    if entry is None or entry.get("not_shared"):
        return None
    etag = entry["headers"].get("ETag")
    if entry["content"] is None:
        # A body too big to keep: answer a conditional request, else render (stream) it again.
        return get_conditional_response(request, etag=etag) if etag else None
    compressed = entry.get("gzip")
    if compressed is not None and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        # As GZipMiddleware would answer (it leaves a response with a Content-Encoding alone).
        response = HttpResponse(compressed, status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.get("ETag", "").startswith('"'):
            response["ETag"] = "W/" + response["ETag"]
        return response
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def _without_unknown_parameters(request: HttpRequest, parameters: frozenset[str]) -> HttpResponseBase | None:
    """A redirect to the same address with only the parameters the view reads, or None when it has no others.

    `?x=1` would otherwise be a new cache key, so anyone could make the portal render any page
    (a report PDF) afresh at will; and the page would carry the parameter in its own links.
    """
    if request.method not in ("GET", "HEAD") or set(request.GET) <= parameters:
        return None
    kept = [(name, values) for name, values in request.GET.lists() if name in parameters]
    query = urlencode(kept, doseq=True)
    return HttpResponseRedirect(escape_uri_path(request.path) + (f"?{query}" if query else ""))


def public_page(
    view: Callable[..., HttpResponseBase] | None = None, *, parameters: Iterable[str] = ()
) -> Callable[..., HttpResponseBase]:
    """Serve the view from the shared page cache to anonymous GET and HEAD requests.

    `parameters` are the query parameters the view reads (the list's filters, a calendar's
    ?lang=); an address with any other is redirected to the one without it, so the cache key,
    made of the remaining parameters, cannot be varied at will. The view also runs outside a
    request-wide transaction: it only reads.
    """
    if view is None:
        return functools.partial(public_page, parameters=parameters)
    known = frozenset(parameters)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        redirect = _without_unknown_parameters(request, known)
        if redirect is not None:
            return redirect
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        version = content_version()
        key = _page_key(request, version)
        entry = cache.get(key)
        lock = _RenderLock(key)
        if entry is None and not lock.acquire():
            entry = _wait_for_copy(key, lock)  # another request is rendering this page
        response = _from_entry(request, entry)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        try:
            response = _store(request, view(request, *args, **kwargs), key, version, lock)
        except BaseException:
            lock.release()
            raise
        response["X-Page-Cache"] = "miss"
        return response

    return transaction.non_atomic_requests(wrapper)
