"""``/healthz`` up and down, and the API's answer while the database is down.

"Down" is a real server (gunicorn, production settings) whose database or cache is an
address where nothing listens: every connection is refused at once, so the outcome
does not depend on timing.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = "127.0.0.1:1"  # a privileged port nothing listens on: refused at once


@pytest.mark.django_db(databases="__all__")  # it asks every database
def test_healthz_answers_200_when_the_database_answers(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # one per configured database
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"] == "ok"
    assert all(status == "ok" for status in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_read_only(client):
    assert client.post("/healthz").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _serve(**env_overrides):
    """gunicorn with production settings and the given environment, once it answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_REPLICA_URL")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="CRITICAL",
        **env_overrides,
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "coverage_site.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "critical"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("gunicorn did not start")


@pytest.fixture(scope="module")
def database_down():
    process, base = _serve(DATABASE_URL=f"postgres://nobody@{NOWHERE}/nothing")
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_healthz_answers_503_json_while_the_database_is_down(database_down):
    status, headers, body = _get(f"{database_down}/healthz")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert headers["Content-Type"] == "application/json"
    report = json.loads(body)
    assert report["status"] == "unavailable"
    assert report["checks"]["database:default"].startswith("unavailable")


def test_the_api_answers_503_json_while_the_database_is_down(database_down):
    """Not the HTML 500 page: a JSON client is told to come back, and when."""
    for path in ("/api/v1/articles/", "/api/v1/quotes/?speaker=kim-jong-un"):
        status, headers, body = _get(f"{database_down}{path}", {"Accept": "application/json"})
        assert status == HTTPStatus.SERVICE_UNAVAILABLE, body
        assert headers["Content-Type"] == "application/json"
        assert headers["Retry-After"] == "30"
        assert json.loads(body) == {
            "detail": "The database is not answering. Try again in a moment."
        }


def test_healthz_answers_503_while_the_shared_cache_is_down(tmp_path):
    """With a shared cache configured, it must answer too."""
    sqlite = tmp_path / "health.sqlite3"  # a database that answers
    process, base = _serve(DATABASE_URL=f"sqlite:///{sqlite}", REDIS_URL=f"redis://{NOWHERE}/0")
    try:
        status, _headers, body = _get(f"{base}/healthz")
    finally:
        process.terminate()
        process.wait(timeout=30)
    report = json.loads(body)
    assert status == HTTPStatus.SERVICE_UNAVAILABLE, report
    assert report["checks"]["database:default"] == "ok"
    assert report["checks"]["cache:default"].startswith("unavailable")
