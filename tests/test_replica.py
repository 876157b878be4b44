"""The read replica: safe requests read from it; writes, and the reads that must see them,
go to the primary.

These run where ``DATABASE_REPLICA_URL`` is set (CI's PostgreSQL pass). In the test run
the replica is Django's test ``MIRROR`` of the primary: a second connection to the same
database, so each test commits (``transaction=True``) for the replica to see its data.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from core.db_router import PIN_COOKIE, PRIMARY, REPLICA, ReplicaReadsMiddleware
from tests import factories

pytestmark = [
    pytest.mark.skipif(REPLICA not in settings.DATABASES, reason="DATABASE_REPLICA_URL is not set"),
    pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA]),
]


class Reads:
    """The queries each database received inside the block."""

    def __enter__(self):
        self._captured = {
            alias: CaptureQueriesContext(connections[alias]) for alias in (PRIMARY, REPLICA)
        }
        for context in self._captured.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self._captured.values():
            context.__exit__(*exc)

    def __getitem__(self, alias):
        return [query["sql"] for query in self._captured[alias].captured_queries]


def test_the_replica_is_the_test_mirror_of_the_primary():
    assert settings.DATABASES[REPLICA]["TEST"]["MIRROR"] == PRIMARY


def test_an_anonymous_page_reads_from_the_replica():
    story = factories.PublishedArticleFactory()
    with Reads() as reads:
        response = Client().get(story.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert reads[REPLICA]
    assert not reads[PRIMARY]


def test_an_api_read_reads_from_the_replica():
    factories.PublishedArticleFactory()
    with Reads() as reads:
        response = Client().get("/api/v1/articles/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 1
    assert reads[REPLICA] and not reads[PRIMARY]


def test_a_write_request_reads_and_writes_the_primary_and_pins_the_client():
    """A POST reads what it is about to change from the primary, and its client reads the
    primary for the next moments, until the replica has caught up with the write."""
    editor = factories.UserFactory(username="editor")
    client = Client()
    with Reads() as reads:
        response = client.post(
            "/admin/login/",
            {"username": editor.username, "password": "correct-horse-battery", "next": "/admin/"},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert reads[PRIMARY] and not reads[REPLICA]
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS

    with Reads() as reads:
        assert client.get("/admin/").status_code == HTTPStatus.OK
    assert reads[PRIMARY] and not reads[REPLICA]


def _through_the_middleware(view, method="get"):
    request = getattr(RequestFactory(), method)("/")
    return ReplicaReadsMiddleware(view)(request)


def test_reads_after_a_write_in_the_same_request_go_to_the_primary():
    factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    seen = {}

    def view(request):
        seen["before"] = Actor.objects.get(slug="kim-jong-un")._state.db
        Actor.objects.filter(slug="kim-jong-un").update(name="Kim Jong-un")
        after = Actor.objects.get(slug="kim-jong-un")
        seen["after"], seen["name"] = after._state.db, after.name
        return HttpResponse()

    response = _through_the_middleware(view)
    assert seen == {"before": REPLICA, "after": PRIMARY, "name": "Kim Jong-un"}
    assert PIN_COOKIE in response.cookies


def test_reads_inside_a_transaction_go_to_the_primary():
    factories.ActorFactory(slug="xi-jinping")
    seen = {}

    def view(request):
        with transaction.atomic():
            seen["inside"] = Actor.objects.get(slug="xi-jinping")._state.db
        seen["outside"] = Actor.objects.get(slug="xi-jinping")._state.db
        return HttpResponse()

    response = _through_the_middleware(view)
    assert seen == {"inside": PRIMARY, "outside": REPLICA}
    assert PIN_COOKIE not in response.cookies  # it wrote nothing


def test_an_unsafe_request_reads_the_primary_even_before_it_writes():
    factories.ActorFactory(slug="xi-jinping")
    seen = {}

    def view(request):
        seen["db"] = Actor.objects.get(slug="xi-jinping")._state.db
        return HttpResponse()

    _through_the_middleware(view, method="post")
    assert seen == {"db": PRIMARY}


def test_outside_a_request_everything_reads_the_primary():
    """Commands, background jobs and the shell read what they are about to write."""
    assert router.db_for_read(Actor) == PRIMARY
    assert router.db_for_write(Actor) == PRIMARY


def test_only_the_primary_is_migrated():
    assert router.allow_migrate(PRIMARY, "actors")
    assert not router.allow_migrate(REPLICA, "actors")
