"""HTTP manners: conditional GET, throttling, CORS, the OpenAPI schema and its docs."""

import re
import time
from http import HTTPStatus

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from coverage_site.throttling import AnonRateThrottle, window_keys
from tests import factories
from tests.conftest import cache_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def published():
    return factories.PublishedArticleFactory(slug="live")


# Conditional GET


@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/", "/api/v1/articles/live/", "/api/v1/articles/live/ninjs"],
)
def test_a_get_carries_an_etag(api, published, path):
    """Every successful read can be revalidated."""
    response = api.get(path)
    assert response.status_code == HTTPStatus.OK
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])


def test_if_none_match_with_the_current_etag_is_a_304(api, published):
    """A client that has the current representation gets 304 and no body."""
    etag = api.get("/api/v1/articles/live/")["ETag"]
    response = api.get("/api/v1/articles/live/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_change_gives_a_new_etag_and_a_200(api, published):
    """After an edit, the old ETag no longer matches."""
    etag = api.get("/api/v1/articles/live/")["ETag"]
    published.headline = "Corrected headline"
    published.save()
    response = api.get("/api/v1/articles/live/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag


def test_staff_and_readers_get_different_etags(api, published):
    """A list that shows drafts to staff is not cached as the public one."""
    factories.ArticleFactory()
    public = api.get("/api/v1/articles/")
    staff = APIClient()
    staff.force_authenticate(factories.EditorFactory())
    assert staff.get("/api/v1/articles/")["ETag"] != public["ETag"]
    assert "Authorization" in public["Vary"]


def test_a_write_is_never_a_304(published):
    """Conditional answers are for reads only."""
    editor = APIClient()
    editor.force_authenticate(factories.EditorFactory())
    etag = editor.get("/api/v1/articles/live/")["ETag"]
    response = editor.patch(
        "/api/v1/articles/live/",
        {"headline": "New", "version": published.version},
        format="json",
        HTTP_IF_NONE_MATCH=etag,
    )
    assert response.status_code == HTTPStatus.OK


# Throttling


def test_anonymous_clients_are_throttled_with_retry_after(api, settings, published):
    """Past API_ANON_RATE, an anonymous client gets 429 and how long to wait."""
    settings.API_ANON_RATE = "3/min"
    statuses = [api.get("/api/v1/articles/").status_code for _ in range(4)]
    assert statuses == [HTTPStatus.OK] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    response = api.get("/api/v1/articles/")
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_signed_in_clients_are_not_held_to_the_anonymous_rate(settings, published):
    """The anonymous rate does not apply to token holders."""
    settings.API_ANON_RATE = "1/min"
    client = APIClient()
    client.force_authenticate(factories.EditorFactory())
    statuses = {client.get("/api/v1/articles/").status_code for _ in range(3)}
    assert statuses == {HTTPStatus.OK}


def test_the_anonymous_rate_comes_from_the_environment(monkeypatch):
    """API_ANON_RATE in the environment sets the rate."""
    import importlib

    from coverage_site import settings as settings_module

    monkeypatch.setenv("API_ANON_RATE", "7/hour")
    try:
        assert importlib.reload(settings_module).API_ANON_RATE == "7/hour"
    finally:
        monkeypatch.delenv("API_ANON_RATE")
        importlib.reload(settings_module)


# CORS


def test_reads_are_open_to_any_origin(api, published):
    """A page on another site may read the API."""
    response = api.get("/api/v1/articles/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reads_only(api):
    """Browsers on other sites may GET, not write."""
    response = api.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == HTTPStatus.OK
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_cors_stops_at_the_api(api, published):
    """The reader's pages send no CORS headers."""
    response = api.get("/stories/live/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


# Errors


def test_an_unknown_resource_is_a_json_404(api):
    """A missing story is a 404 with a detail message, in JSON."""
    response = api.get("/api/v1/articles/no-such-story/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "No Article matches the given query."}


def test_a_method_not_allowed_is_a_405(api):
    """The nested lists are read-only, even for editors."""
    factories.EventFactory(slug="summit")
    api.force_authenticate(factories.EditorFactory())
    response = api.post("/api/v1/events/summit/quotes/", {}, format="json")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


@pytest.mark.parametrize(
    "body",
    ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000, "[" * 33 + "]" * 33],
    ids=["arrays", "objects", "just-too-deep"],
)
def test_deeply_nested_json_is_a_400(body):
    """A body nested past 32 levels is refused with a message, before it can exhaust the stack."""
    editor = APIClient()
    editor.force_authenticate(factories.EditorFactory())
    response = editor.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "more than 32 levels deep" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    """Only arrays and objects nest; a headline full of brackets is just text."""
    editor = APIClient()
    editor.force_authenticate(factories.EditorFactory())
    response = editor.post(
        "/api/v1/articles/",
        {"headline": "[" * 100 + ' \\" {', "slug": "brackets", "body": "Text."},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()


@pytest.mark.parametrize("middleware", [True, False], ids=["site", "api-alone"])
def test_a_body_over_the_size_limit_is_a_json_413(settings, middleware):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE the API answers JSON 413 naming the limit, whether
    the site's middleware or the API's own parsing meets the body first."""
    if not middleware:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("core.")]
    editor = APIClient()
    editor.force_authenticate(factories.EditorFactory())
    body = {"headline": "Long", "slug": "long", "body": "x" * 2_700_000}
    response = editor.post("/api/v1/articles/", body, format="json")
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response["Content-Type"] == "application/json"
    assert "2.5 MB" in response.json()["detail"]


# OpenAPI schema and docs


def test_the_schema_is_valid_openapi_3(api):
    """/api/schema/ is a valid OpenAPI 3 document listing every resource."""
    response = api.get("/api/schema/")
    assert response.status_code == HTTPStatus.OK
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/ninjs/",
        "/api/v1/quotes/{id}/",
        "/api/v1/actors/{slug}/quotes/",
        "/api/v1/actors/{slug}/events/",
        "/api/v1/actors/{slug}/articles/",
        "/api/v1/events/{slug}/quotes/",
    ]:
        assert path in schema["paths"], path


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/{slug}/", "/api/v1/quotes/{id}/", "/api/v1/actors/{slug}/"]
)
def test_the_schema_documents_what_an_update_may_answer(api, path):
    """Updates list 404, 409 and 412 and take If-Match; versioned ones also list 428."""
    schema = yaml.safe_load(api.get("/api/schema/").content)
    versioned = not path.startswith("/api/v1/actors/")
    for method in ("put", "patch"):
        operation = schema["paths"][path][method]
        statuses = set(operation["responses"])
        assert {"404", "409", "412", "413"} <= statuses, (method, statuses)
        assert ("428" in statuses) == versioned
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"If-Match"}
    assert {"404", "409"} <= set(schema["paths"][path]["delete"]["responses"])
    assert "404" in schema["paths"][path]["get"]["responses"]


def test_the_schema_documents_the_filters(api):
    """Filter parameters appear in the schema, with their help."""
    schema = yaml.safe_load(api.get("/api/schema/").content)
    names = {p["name"] for p in schema["paths"]["/api/v1/quotes/"]["get"]["parameters"]}
    assert {"speaker", "outlet", "article", "event", "kind", "said_on_after", "q"} <= names


def test_the_docs_are_served_from_local_files(api):
    """/api/docs/ loads Swagger UI from our own static files: no CDN, works offline."""
    response = api.get("/api/docs/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    for source in sources:
        assert source.startswith("/"), f"{source} is not served by us"
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source


def test_a_malformed_session_cookie_is_ignored(api, published):
    """A session cookie no session could have (here with NUL) reads as anonymous, not a 500."""
    api.cookies["sessionid"] = "\x00abcdefgh"
    response = api.get("/api/v1/articles/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 1


def test_the_schema_generates_without_warnings(tmp_path):
    """Every field, filter and view is typed: drf-spectacular has nothing to guess."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_requests_counted_at_once_are_all_counted(backend, settings):
    """Eight threads asking at once for 25 requests each, against 100/min: exactly 100
    are allowed (each count is one atomic increment: none is lost between workers)."""
    import threading

    from django.core.cache import cache
    from django.test import RequestFactory

    settings.CACHES = cache_backend(backend, "dd-throttle-tests")
    settings.API_ANON_RATE = "100/min"
    request = RequestFactory().get("/api/v1/articles/", REMOTE_ADDR="203.0.113.9")
    cache.delete_many(
        [
            *window_keys("throttle_anon_203.0.113.9", 60, time.time()),
            *window_keys("throttle_anon_203.0.113.9", 60, time.time() + 60),
        ]
    )
    allowed = []
    start = threading.Barrier(8)

    def client():
        start.wait()
        allowed.extend(AnonRateThrottle().allow_request(request, None) for _ in range(25))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 100
    assert allowed.count(False) == 100
