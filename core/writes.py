"""The write path's one mechanism: a service runs in a transaction, and what it touched
is brought up to date once, when the outermost service finishes.

A service is a keyword-only function decorated with ``@service``. While it runs,
anything it (or a service it calls) writes may ask for follow-up work with
``after_write(key, function)``: re-rendering a story, say. Each key runs once, in
the order first asked for, when the outermost service returns, still inside its
transaction, so that what is stored and what readers see never disagree. A
service that raises runs none of it, and its transaction rolls back.

Outside any service (a shell, a data migration) the follow-up runs at once.
"""

import functools
import threading
from contextlib import contextmanager

from django.db import transaction

_local = threading.local()


def _pending():
    return getattr(_local, "pending", None)


@contextmanager
def write_scope():
    """Collect follow-up work until the outermost scope ends, then run each piece once."""
    if _pending() is not None:
        yield
        return
    _local.pending = {}
    try:
        with transaction.atomic():
            yield
            flush()
    finally:
        _local.pending = None


def flush():
    """Run the follow-up work asked for so far, now (each key once), inside the write.

    The admin calls this before it answers, so that a refusal raised by follow-up
    work (a published story with quotes to check) is shown on the form.
    """
    pending = _pending()
    if pending is None:
        return
    # Follow-up work may ask for more (a render that finds another story to render).
    done = set()
    while len(done) < len(pending):
        for key in [key for key in pending if key not in done]:
            done.add(key)
            pending[key]()
    pending.clear()


def in_write_scope():
    return _pending() is not None


def after_write(key, function):
    """Run ``function`` once when the outermost service finishes (at once outside one)."""
    pending = _pending()
    if pending is None:
        function()
    else:
        pending.setdefault(key, function)


def service(function):
    """Mark a keyword-only write function as a service: atomic, follow-up work once."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with write_scope():
            return function(*args, **kwargs)

    return wrapper
