"""Reads from a replica, writes (and reads that must see them) on the primary.

Installed only when ``DATABASE_REPLICA_URL`` is set (the ``replica`` alias). A read goes
to the replica only inside a request that may use it:

- the request is safe (GET, HEAD, OPTIONS), so nothing it reads is about to be written;
- it has written nothing yet: once it writes (a session saved, an attempt recorded), its
  later reads go to the primary, so it reads its own writes;
- no transaction is open on the primary: reads inside a service see its writes;
- the client did not write a moment ago: a request that wrote sets a short-lived cookie,
  and the requests that follow it (the page after a POST's redirect) read the primary
  until the replica has caught up.

Everything else (management commands, background jobs, the shell) reads the primary.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "read_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _RequestReads:
    replica_allowed: bool
    wrote: bool = False


_request_reads: ContextVar[_RequestReads | None] = ContextVar("request_reads", default=None)


def reads_from_replica():
    """Whether a read made now may go to the replica."""
    state = _request_reads.get()
    if state is None or not state.replica_allowed or state.wrote:
        return False
    return not connections[PRIMARY].in_atomic_block


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reads_from_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        state = _request_reads.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # One database and its copy: objects read from either may refer to each other.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA} or None

    def allow_migrate(self, db, app_label, **hints):
        # The replica is a copy of the primary; only the primary is migrated.
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Decides, per request, whether its reads may go to the replica (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _RequestReads(
            replica_allowed=request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        )
        token = _request_reads.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if state.wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
