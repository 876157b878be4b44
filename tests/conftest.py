import os

import pytest

# With a read replica configured, every database test may read from it too.
from tests.replica_databases import pytest_collection_modifyitems  # noqa: F401

# Pure modules (the quote extractor) are tested without Django too: ``-p no:django``.
DJANGO = True
try:
    from django.core.cache import cache
    from django.core.management import call_command

    from tests import factories
except Exception:  # noqa: BLE001 (settings not configured: Django is not in this run)
    DJANGO = False


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Every test starts with an empty cache, so the anonymous API throttle's count of
    requests never carries over from one test to the next."""
    if DJANGO and request.config.pluginmanager.hasplugin("django"):
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(request):
    """Tests hash passwords with a fast (insecure) hasher; production keeps Django's."""
    if DJANGO and request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db):
    """The database with the summit report loaded, as `make run` serves it."""
    call_command("seed_summit", verbosity=0)


@pytest.fixture
def article(db):
    return factories.PublishedArticleFactory()


@pytest.fixture
def draft(db):
    return factories.ArticleFactory()


@pytest.fixture
def editor(db):
    """A staff user in the Editor group (created by the roles migration)."""
    return factories.EditorFactory()


@pytest.fixture
def reporter(db):
    """A staff user in the Reporter group."""
    return factories.ReporterFactory()


def cache_backend(kind, prefix):
    """Django's ``CACHES["default"]`` over ``kind``: "locmem", or "redis" where
    REDIS_URL names one (the test is skipped otherwise: CI runs it on a real Redis)."""
    if kind == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set (CI runs these on a real Redis)")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"default": {**backend, "KEY_PREFIX": prefix}}


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, over each backend (Redis where REDIS_URL names one)."""
    settings.CACHES = cache_backend(request.param, "dd-page-cache-tests")
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as a request does: its on-commit work runs when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
