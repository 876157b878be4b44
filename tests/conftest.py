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
