"""Property-based checks of every API operation against its own OpenAPI schema.

Schemathesis generates requests from /api/schema/ and calls the WSGI application
in-process, on the test database seeded with the summit report: anonymous reads of
every GET operation, and writes with an editor's token. No response may be a 5xx,
and every documented response must match the schema. Bounded and derandomised, so
a run is repeatable and takes well under a minute per test.
"""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis import DataGenerationMethod
from schemathesis.checks import not_a_server_error, response_schema_conformance

from actors.models import Actor, Event
from articles.models import Article, Quote
from coverage_site.wsgi import application
from tests import factories

CHECKS = (not_a_server_error, response_schema_conformance)
HYPOTHESIS = hypothesis_settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


@pytest.fixture
def api_schema(seeded, settings):
    # Thousands of anonymous requests in one test: lift the throttle for this run only.
    settings.API_ANON_RATE = "100000/min"
    # Called outside Django's test client, the WSGI handler would close the database
    # connection at the end of each request, and with it the test's transaction on
    # PostgreSQL. Django's own test client disconnects these handlers the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.from_wsgi(
            "/api/schema/?format=json",
            application,
            data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.from_pytest_fixture("api_schema")


WORDS = "we will talk again soon"


def existing(model):
    """The first record of ``model``, made afresh if earlier examples deleted them all."""
    record = model.objects.order_by("pk").first()
    if record is not None:
        return record
    if model is Quote:
        return factories.QuoteFactory(text=WORDS)
    if model is Article:
        return factories.ArticleFactory()
    if model is Event:
        return factories.EventFactory()
    return factories.ActorFactory()


def aim_at_real_records(case):
    """Half the generated slugs and ids are swapped for ones that exist, half the
    quote bodies name a real story and its words, and half the updates of a story or
    quote name its current version, so requests also get past the 404 and the 428
    and into the serializers and services."""
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        # A form is named fields: a body that is not an object cannot be sent as one.
        case.body = {}
    params = case.path_parameters or {}
    for key, value in params.items():
        if len(str(value)) % 2:
            continue
        if key == "id":
            params["id"] = existing(Quote).pk
        elif case.path.startswith("/api/v1/articles/"):
            params[key] = existing(Article).slug
        elif case.path.startswith("/api/v1/events/"):
            params[key] = existing(Event).slug
        else:
            params[key] = existing(Actor).slug
    body = case.body
    if (
        case.path.startswith("/api/v1/quotes/")
        and isinstance(body, dict)
        and len(str(body.get("text"))) % 2 == 0
    ):
        article = existing(Article)
        article.body = f"She said “{WORDS}”."
        article.save()
        body["article"] = article.slug
        body["text"] = WORDS
    if case.method in ("PUT", "PATCH") and isinstance(body, dict) and len(body) % 2 == 0:
        record = None
        if re.fullmatch(r"[0-9]{1,18}", str(params.get("id", ""))):
            record = Quote.objects.filter(pk=params["id"]).first()
        elif case.path.startswith("/api/v1/articles/"):
            record = Article.objects.filter(slug=str(params.get("slug"))).first()
        if record is not None:
            body["version"] = record.version


@pytest.mark.django_db
@schema.parametrize(method="GET")
@HYPOTHESIS
def test_anonymous_reads_conform_to_the_schema(case):
    """Every GET operation, for an anonymous client: no 5xx, documented shapes only."""
    aim_at_real_records(case)
    response = case.call_wsgi()
    case.validate_response(response, checks=CHECKS)


@pytest.fixture
def editor_token(db):
    return Token.objects.create(user=factories.EditorFactory()).key


@pytest.mark.django_db
@schema.parametrize(method=["POST", "PUT", "PATCH", "DELETE"])
@HYPOTHESIS
def test_editor_writes_conform_to_the_schema(case, editor_token):
    """Every write operation, with an editor's token: no 5xx, documented shapes only."""
    aim_at_real_records(case)
    response = case.call_wsgi(headers={"Authorization": f"Token {editor_token}"})
    case.validate_response(response, checks=CHECKS)
