"""``make run``: the development server with the background worker beside it.

Starts ``db_worker`` (the task queue's worker, which re-renders the stories a
changed actor or event shows) in the background, then ``runserver`` in the
foreground. A worker that stops is started again; when the server exits (Ctrl-C),
the worker is asked to finish its current job and stop, and is stopped if it
does not within ``STOP_TIMEOUT`` seconds (its job then runs again when a worker
next starts).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_TIMEOUT = 30
RESTART_DELAY = 5


class Command(BaseCommand):
    help = "Serve the site for development, with the background worker running beside it."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        worker = self._start_worker(manage)
        server = subprocess.Popen([*manage, "runserver", addrport])  # noqa: S603
        try:
            while server.poll() is None:
                try:
                    server.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
                if worker.poll() is not None and server.poll() is None:
                    self.stderr.write(
                        f"The background worker stopped (exit status {worker.returncode}); "
                        f"starting it again in {RESTART_DELAY} s."
                    )
                    time.sleep(RESTART_DELAY)
                    worker = self._start_worker(manage)
        except KeyboardInterrupt:
            # Ctrl-C reached the server as well: let it finish shutting down.
            server.wait()
        finally:
            self._stop(worker)
        if server.returncode:
            sys.exit(server.returncode)

    def _start_worker(self, manage):
        # Its own process group: Ctrl-C stops the server, and the worker is then
        # stopped here, once, gracefully (a second signal would cut its job short).
        return subprocess.Popen(  # noqa: S603
            [*manage, "db_worker", "--interval", "1"], start_new_session=True
        )

    def _stop(self, worker):
        # The whole group: with DEBUG on, the worker runs under Django's autoreloader.
        self._signal_group(worker, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and self._signal_group(worker, 0):
            time.sleep(0.2)
            worker.poll()
        self._signal_group(worker, signal.SIGKILL)
        worker.wait()

    @staticmethod
    def _signal_group(worker, signum):
        """Send ``signum`` to the worker's process group; False when the group is gone."""
        try:
            os.killpg(worker.pid, signum)
        except ProcessLookupError:
            return False
        return True
