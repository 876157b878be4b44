"""What every benchmark shares: gunicorn on loopback, and plain GETs to it."""

import http.client
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"


def get(port, path, timeout=120):
    """One GET; the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with status {process.returncode}")
        try:
            get(port, BARE)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer in time")


def collect_static(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env, port, workers, *extra):
    """gunicorn serving the site (and ``bench/urls.py``'s bare view) with ``env``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "coverage_site.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
            *extra,
        ],
        cwd=ROOT,
        env=env,
    )
