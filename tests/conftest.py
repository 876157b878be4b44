import pytest
from django.core.management import call_command

from tests import factories


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
