"""The anonymous API throttle counts in the shared cache: two app servers on one Redis
and one database allow API_ANON_RATE between them, not each."""

import http.client
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from coverage_site.throttling import window_keys

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL")

pytestmark = [
    # Nothing open in this process, so the servers read the database as committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI runs this on Redis)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path):
    """The test database, as another process can open it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: hand the servers a copy.
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"
    pytest.skip(f"no way to share a {connection.vendor} test database")


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(port, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server on port {port} exited with status {server.returncode}")
        try:
            get(port, "/robots.txt")  # not an API path: the throttle does not count it
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server on port {port} did not answer in time")


@pytest.fixture
def two_servers(tmp_path):
    env = dict(os.environ)
    env.pop("DATABASE_REPLICA_URL", None)  # the test database has no replica of its own
    env.update(
        DJANGO_SETTINGS_MODULE="coverage_site.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(tmp_path),
        REDIS_URL=REDIS_URL,
        API_ANON_RATE="10/min",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "coverage_site.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(port, server)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_two_servers_share_one_anonymous_allowance(two_servers):
    """With API_ANON_RATE=10/min, 20 anonymous requests alternating between two servers
    get 10 answers and 10 refusals (429), not 20 answers."""
    shared = RedisCache(REDIS_URL, {"KEY_PREFIX": "dd"})
    counters = [
        *window_keys("throttle_anon_127.0.0.1", 60, time.time()),
        *window_keys("throttle_anon_127.0.0.1", 60, time.time() + 60),
    ]
    shared.delete_many(counters)
    # Each request asks for a different address, so every one runs the API on the
    # server it reaches (a stored response counts too: test_cache).
    statuses = [get(two_servers[n % 2], f"/api/v1/articles/?request={n}") for n in range(20)]
    shared.delete_many(counters)
    assert statuses.count(200) == 10, statuses
    assert statuses.count(429) == 10, statuses
    assert statuses[:10] == [200] * 10
