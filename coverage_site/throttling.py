"""API throttles. Kept apart from ``core.api`` because DRF imports the
throttle classes while it defines ``APIView`` itself."""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.http import JsonResponse
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings


class AnonRateThrottle(throttling.AnonRateThrottle):
    """Anonymous clients, limited to ``settings.API_ANON_RATE`` (read at request time,
    so a test or a load run can change it without a restart of the settings module).

    Counted in the shared cache as a sliding window: a counter per window of the
    rate's period (a minute for ``120/min``), added to atomically (Redis's INCR, so
    workers counting at once lose no request), and the previous window's count
    weighted by how much of it the sliding period still covers. A request costs one
    round trip to Redis however high the rate (DRF's own throttle stores every
    request's time, and reads and writes them all).
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_cache_key(self, request, view):
        # A request the page cache answers has no user yet: it is anonymous (it carries
        # no credentials, or the cache would not answer it).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        count, earlier = self._count(*window_keys(key, self.duration, self.now))
        covered = 1 - (self.now % self.duration) / self.duration
        earlier *= covered
        self.refused_until = (self.now // self.duration + 1) * self.duration
        return count + earlier <= self.num_requests

    def _count(self, current, previous):
        """``(this window's count, this request included; the previous window's)``.

        Over Redis, one round trip: INCR (which starts a missing counter at 0), EXPIRE
        and GET, pipelined on the connection Django's cache holds (its ``_cache``
        client, as ``RedisCache`` keeps it). Redis stores the counter as a plain
        integer, which is how Django's Redis cache stores an int, so ``cache.get``
        reads it too. Elsewhere (local memory, in one process), the cache's own API.
        """
        backend = caches[DEFAULT_CACHE_ALIAS]
        timeout = 2 * self.duration
        if isinstance(backend, RedisCache):
            current = backend.make_and_validate_key(current)
            previous = backend.make_and_validate_key(previous)
            pipeline = backend._cache.get_client(current, write=True).pipeline()
            pipeline.incr(current).expire(current, timeout).get(previous)
            count, _expiring, earlier = pipeline.execute()
            return count, int(earlier or 0)
        backend.add(current, 0, timeout=timeout)
        try:
            count = backend.incr(current)
        except ValueError:  # expired between the two: this request starts it again
            backend.set(current, 1, timeout=timeout)
            count = 1
        return count, backend.get(previous, 0)

    def wait(self):
        """Seconds until this window ends (by then at most the previous one counts)."""
        return max(self.refused_until - self.timer(), 1)


def window_keys(key, duration, now):
    """The cache keys of the counters of the window ``now`` falls in and the one before."""
    window = int(now // duration)
    return f"{key}:{window}", f"{key}:{window - 1}"


def admit_cached(request):
    """The API's rate limits, for an anonymous API request the page cache answers
    (``PAGE_CACHE_ADMIT``): it counts as if the view had run, and past the limit it is
    answered 429 with ``Retry-After``, as the API answers. None: serve the page."""
    if not request.path_info.startswith("/api/"):
        return None
    waits = []
    for throttle in (cls() for cls in api_settings.DEFAULT_THROTTLE_CLASSES):
        if not throttle.allow_request(request, None):
            waits.append(throttle.wait())
    if not waits:
        return None
    refusal = Throttled(max((wait for wait in waits if wait is not None), default=None))
    response = JsonResponse({"detail": str(refusal.detail)}, status=refusal.status_code)
    if refusal.wait is not None:
        response["Retry-After"] = str(refusal.wait)
    return response
