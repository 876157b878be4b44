"""``/healthz``: whether this app server can do its work, for a load balancer to ask.

200 when every configured database answers a query and the shared cache (where one is
configured: not the per-process local-memory cache) takes and returns a value; 503
otherwise. Either way the body says which part answered, as JSON.
"""

import uuid
from http import HTTPStatus

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import Error as DatabaseError
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"


def _database(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unavailable ({type(exc).__name__})"
    return OK


def _cache(alias):
    cache = caches[alias]
    if isinstance(cache, LocMemCache | DummyCache):
        return None  # in this process: nothing shared to check
    key, value = f"healthz:{uuid.uuid4().hex}", "1"
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 (each backend raises its own client's errors)
        return f"unavailable ({type(exc).__name__})"
    return OK if answered else "unavailable (the value did not come back)"


@never_cache
@require_safe
def healthz(request):
    checks = {f"database:{alias}": _database(alias) for alias in connections}
    for alias in caches:
        status = _cache(alias)
        if status is not None:
            checks[f"cache:{alias}"] = status
    healthy = all(status == OK for status in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "unavailable", "checks": checks},
        status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE,
    )
