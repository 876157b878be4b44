"""A page cache in front of the views, kept current by the writes rather than by time.

Anonymous GETs of the pages a policy accepts are stored whole (status, headers,
bytes) in Django's cache, and the next identical request is answered from there
by ``PageCacheMiddleware`` before the session, authentication or any view runs.

Each stored page names the *tags* it depends on ("story:12", "listing"). A tag's
current value is a random token kept in the same cache; the page stores the
tokens it was rendered under and is served only while they are all still
current. ``invalidate(tags)`` gives each tag a new token, so every page that
depends on one of them is stale at once, in every worker sharing the cache,
while the others stay. Writes call ``invalidate_on_commit``: a write that rolls
back purges nothing.

A page rendered while a write commits may show what was there before it. So that
such a page is never stored under the new tokens, every invalidation also
changes one shared ``clock`` token, first; a page is stored only if the clock
read before its view ran is still current after (read after the tags). Where
reads may come from a replica that lags, nothing is stored for
``PAGE_CACHE_SETTLE_SECONDS`` after an invalidation either.

What a page depends on is the domain's business: ``settings.PAGE_CACHE_POLICY``
names a function ``(request, response) -> tags | None`` (None: not cached), and
``PAGE_CACHE_EXPIRY`` one returning the time (a timestamp, or None) by which
pages must be rendered anew whatever is written; ``PAGE_CACHE_ADMIT`` may name one
``(request) -> response | None`` that a hit asks first (a rate limit: a response
instead of the stored page). Requests that carry credentials
(a session cookie, an Authorization header) always run the view, and what they
get is marked private.
"""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CLOCK = "page:clock"
# How many pages' tags a process remembers, to read them with the page in one round trip.
KNOWN_PAGES = 10_000
# Headers a stored page may vary on: those the key holds, and the credentials that
# make a request skip the cache altogether.
CREDENTIAL_HEADERS = {"cookie", "authorization"}


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def tag_key(tag):
    return f"page:tag:{tag}"


def _token():
    """A new tag value; the clock's also says when it was set."""
    return f"{secrets.token_hex(8)}@{time.time():.3f}"


def _settled(clock, now):
    settle = getattr(settings, "PAGE_CACHE_SETTLE_SECONDS", 0)
    return not settle or now - float(clock.rpartition("@")[2] or 0) >= settle


def invalidate(tags):
    """Make every stored page that depends on any of ``tags`` stale, now."""
    tags = set(tags)
    if not tags:
        return
    cache = page_cache()
    token = _token()
    # The clock first: a page whose view ran before this point sees it change.
    cache.set(CLOCK, token, timeout=None)
    cache.set_many({tag_key(tag): token for tag in tags}, timeout=None)


def _invalidate_logged(tags):
    try:
        invalidate(tags)
    except Exception:  # the write has committed; an unreachable cache must not undo it
        logger.exception("Could not invalidate cached pages %s", sorted(tags))


def invalidate_on_commit(tags):
    """Invalidate ``tags`` once the current transaction commits (at once outside one).

    ``tags`` may be a function, called then, for tags only the committed state tells.
    """
    if callable(tags):
        transaction.on_commit(lambda: _invalidate_logged(tags()))
        return
    tags = frozenset(tags)
    if tags:
        transaction.on_commit(lambda: _invalidate_logged(tags))


def _etag(content):
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


class PageCacheMiddleware:
    """Answer anonymous GETs from the page cache; store what the policy accepts.

    Put it early, after the middleware that must run on every response (security
    headers, CORS) and before sessions and authentication, which a stored page skips.
    ``PAGE_CACHE_SECONDS`` (0: off) bounds how long a page is kept; ``PAGE_CACHE_MAX_AGE``
    is what caches in front of us are told, also with the store off when
    ``PAGE_CACHE_HEADERS`` is on. Paths under ``PAGE_CACHE_ACCEPT_PREFIXES``
    are stored per ``Accept`` header (an API negotiates its format).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._known_tags = {}  # a page's key: its tags' keys, as this process last saw them

    # -- the request side ---------------------------------------------------------

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        headers = seconds or getattr(settings, "PAGE_CACHE_HEADERS", False)
        if not headers or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if self._has_credentials(request):
            response = self.get_response(request)
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            return response
        if request.path_info.startswith(tuple(getattr(settings, "PAGE_CACHE_EXCLUDE", ()))):
            return self.get_response(request)
        if not seconds:  # headers for the caches in front of us only
            return self._store(request, self.get_response(request), None, None, 0)
        key = self._key(request)
        try:
            cache = page_cache()
            # The tags this page had when this process last saw it come in the same
            # round trip, so a hit is usually one read of the cache.
            known = self._known_tags.get(key, ())
            found = cache.get_many([key, CLOCK, *known])
            entry = found.get(key)
            if (
                request.method == "GET"
                and entry is not None
                and self._current(cache, key, entry, known, found)
            ):
                refused = self._refused(request)
                return refused if refused is not None else self._replay(request, entry)
        except Exception:  # an unreachable cache: serve from the views
            logger.exception("The page cache could not be read")
            return self.get_response(request)
        clock = found.get(CLOCK)
        if clock is None:  # a cold cache: start the clock before the view reads anything
            clock = self._start_clock(cache)
        response = self.get_response(request)
        return self._store(request, response, key, clock, seconds)

    @staticmethod
    def _refused(request):
        """What ``PAGE_CACHE_ADMIT`` answers instead of a stored page (a rate limit
        reached: a hit counts as the view would have), or None to serve it."""
        admit = _hook("PAGE_CACHE_ADMIT")
        return admit(request) if admit is not None else None

    @staticmethod
    def _has_credentials(request):
        meta = request.META
        if "HTTP_AUTHORIZATION" in meta:
            return True
        return "HTTP_COOKIE" in meta and settings.SESSION_COOKIE_NAME in request.COOKIES

    @staticmethod
    def _key(request):
        meta = request.META
        parts = [
            request.scheme,
            meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""),
            request.path,
            meta.get("QUERY_STRING", ""),
        ]
        if request.path_info.startswith(tuple(getattr(settings, "PAGE_CACHE_ACCEPT_PREFIXES", ()))):
            parts.append(meta.get("HTTP_ACCEPT", ""))
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
        return f"page:{digest}"

    @staticmethod
    def _start_clock(cache):
        try:
            cache.add(CLOCK, _token(), timeout=None)
            return cache.get(CLOCK)
        except Exception:
            logger.exception("The page cache could not be written")
            return None

    def _current(self, cache, key, entry, known, found):
        """Whether the stored page's tags all still have the tokens it was stored under."""
        _status, _headers, _content, keys, tokens, deadline = entry
        if deadline <= time.time():
            return False
        if keys != known:
            found = cache.get_many(keys)
            self._remember(key, keys)
        return all(found.get(k) == token for k, token in zip(keys, tokens, strict=True))

    def _remember(self, key, keys):
        if len(self._known_tags) >= KNOWN_PAGES:
            self._known_tags.clear()
        self._known_tags[key] = keys

    @staticmethod
    def _replay(request, entry):
        status, headers, content, *_ = entry
        response = HttpResponse(content, status=status, headers=headers)
        meta = request.META
        if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
            return _conditional(request, response)
        return response

    # -- the response side --------------------------------------------------------

    def _storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        allowed = set(CREDENTIAL_HEADERS)
        if request.path_info.startswith(tuple(getattr(settings, "PAGE_CACHE_ACCEPT_PREFIXES", ()))):
            allowed.add("accept")
        varies = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
        return varies <= allowed

    def _store(self, request, response, key, clock, seconds):
        policy = _hook("PAGE_CACHE_POLICY")
        if policy is None or not self._storable(request, response):
            return response
        try:
            tags = policy(request, response)
            if tags is None:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            self._add_headers(response)
            if request.method == "GET" and seconds:
                expiry = _hook("PAGE_CACHE_EXPIRY")
                expires_at = expiry() if expiry is not None else None
                self._save(response, key, clock, sorted(tags), expires_at, seconds)
                self._remember(key, tuple(tag_key(tag) for tag in sorted(tags)))
        except Exception:  # the page itself is fine: send it, uncached
            logger.exception("The page could not be cached")
        return _conditional(request, response)

    @staticmethod
    def _add_headers(response):
        """What a cache in front of us needs: freshness, validators, and Vary."""
        if "ETag" not in response:
            response["ETag"] = _etag(response.content)
        if "Last-Modified" not in response:
            response["Last-Modified"] = http_date()
        if "Cache-Control" not in response:
            max_age = getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
            response["Cache-Control"] = (
                f"public, max-age={max_age}, stale-while-revalidate={max_age}"
            )
        # Signed-in staff may see more (previews, drafts) at the same address.
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def _save(response, key, clock, tags, expires_at, seconds):
        cache = page_cache()
        now = time.time()
        deadline = now + seconds if expires_at is None else min(now + seconds, expires_at)
        if deadline <= now:
            return
        keys = [tag_key(tag) for tag in tags]
        found = cache.get_many([*keys, CLOCK])  # the tags first, the clock last
        missing = [k for k in keys if k not in found]
        if clock is None:
            return
        if missing:
            for k in missing:
                cache.add(k, _token(), timeout=None)
            found = cache.get_many([*keys, CLOCK])
        if found.get(CLOCK) != clock or any(k not in found for k in keys):
            return  # something was invalidated while the view ran: this page may be stale
        if not _settled(clock, now):
            return  # a replica may not show the last write yet
        entry = (
            response.status_code,
            dict(response.items()),
            response.content,
            tuple(keys),
            tuple(found[k] for k in keys),
            deadline,
        )
        cache.set(key, entry, timeout=max(1, int(deadline - now)))


def _hook(name):
    """The function a dotted path in settings names (None if unset)."""
    path = getattr(settings, name, None)
    return import_string(path) if path else None


def _conditional(request, response):
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
