"""With a read replica configured (DATABASE_REPLICA_URL), every database test may use it.

Django refuses queries to a database a test did not name, even on the live server's
threads; with the router sending safe requests' reads to the replica, every test that
serves a page would otherwise have to name it. Loaded as a plugin by tests/conftest.py.
"""

import pytest

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_collection_modifyitems(items):
    from django.conf import settings

    if not settings.configured or "replica" not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if marker.kwargs.get("databases") is None:
                kwargs = {**marker.kwargs, "databases": "__all__"}
                item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
        elif DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.django_db(databases="__all__"), append=False)
