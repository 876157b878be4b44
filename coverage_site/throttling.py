"""API throttles. Kept apart from ``core.api`` because DRF imports the
throttle classes while it defines ``APIView`` itself."""

from django.conf import settings
from django.http import JsonResponse
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings


class AnonRateThrottle(throttling.AnonRateThrottle):
    """Anonymous clients, limited to ``settings.API_ANON_RATE`` (read at request time,
    so a test or a load run can change it without a restart of the settings module)."""

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_cache_key(self, request, view):
        # A request the page cache answers has no user yet: it is anonymous (it carries
        # no credentials, or the cache would not answer it).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


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
