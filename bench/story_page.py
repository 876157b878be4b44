"""How fast is a story page? Requests per second of the seeded story against a bare view.

Starts the app under gunicorn (DEBUG off, a throwaway SECRET_KEY, loopback only),
with ``bench/urls.py`` adding a bare ``HttpResponse`` view for comparison, then
loads both alike and prints each rate and their ratio. Nothing is cached: each
request renders. The load comes from ``wrk`` where it is installed (a C client
that leaves the server the CPU it needs: apt-get install wrk); otherwise from a
bounded number of requests sent by Python threads, which compete with the
server for the CPU and so flatter the story page's ratio.

    make bench                      # seeds the database first
    .venv/bin/python bench/story_page.py --requests 3000 --concurrency 8

The target: the story page serves at least a quarter of the bare view's rate.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import BARE, collect_static, get, start_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STORY = "/stories/kim-jong-un-xi-jinping-beijing-summit/"
TARGET_RATIO = 0.25


def environment(static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback, no TLS proxy in front
        BENCH_STATIC_ROOT=static_root,
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    return env


def workers_cpu_seconds(master_pid):
    """CPU time used so far by gunicorn's workers (Linux /proc), or None elsewhere."""
    try:
        with open(f"/proc/{master_pid}/task/{master_pid}/children") as children:
            pids = children.read().split()
        total = 0
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def load(port, path, requests, concurrency):
    """Send ``requests`` GETs over ``concurrency`` threads; return requests per second."""
    remaining = iter(range(requests))
    lock = threading.Lock()
    failures = []

    def worker():
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            status = get(port, path)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"{path}: {len(failures)} requests failed, e.g. HTTP {failures[0]}")
    return requests / elapsed


def load_wrk(port, path, seconds, concurrency):
    """Load ``path`` with wrk for ``seconds``; return (requests per second, requests)."""
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{seconds}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        sys.exit(f"{path}: some requests failed under wrk:\n{result.stdout}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    count = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    return rate, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per view (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--rounds", type=int, default=5, help="alternations (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--port", type=int, default=8199, help="loopback port (default 8199)")
    parser.add_argument(
        "--seconds", type=int, default=2, help="per view and round, with wrk (default 2)"
    )
    parser.add_argument(
        "--python-client", action="store_true", help="load from Python threads even if wrk exists"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dd-bench-static-") as static_root:
        env = environment(static_root)
        collect_static(env)
        server = start_gunicorn(env, args.port, args.workers)
        try:
            wait_until_up(args.port, server)
            if get(args.port, STORY) != 200:
                sys.exit(f"{STORY} does not answer 200: seed the database (make seed) first")
            warm = max(args.requests // 10, 50)
            load(args.port, BARE, warm, args.concurrency)
            load(args.port, STORY, warm, args.concurrency)
            # Alternate the two in rounds, so a burst of load elsewhere on the
            # machine weighs on both alike rather than on one.
            rounds = args.rounds
            per_round = max(args.requests // rounds, 1)
            use_wrk = shutil.which("wrk") and not args.python_client
            totals = {BARE: [0, 0.0, 0.0], STORY: [0, 0.0, 0.0]}  # requests, seconds, CPU
            for _ in range(rounds):
                for path in (BARE, STORY):
                    before = workers_cpu_seconds(server.pid)
                    if use_wrk:
                        rate, count = load_wrk(args.port, path, args.seconds, args.concurrency)
                    else:
                        count = per_round
                        rate = load(args.port, path, per_round, args.concurrency)
                    after = workers_cpu_seconds(server.pid)
                    totals[path][0] += count
                    totals[path][1] += count / rate
                    if before is not None:
                        totals[path][2] += after - before
            bare = totals[BARE][0] / totals[BARE][1]
            story = totals[STORY][0] / totals[STORY][1]
            bare_cpu = totals[BARE][2] / totals[BARE][0]
            story_cpu = totals[STORY][2] / totals[STORY][0]
        finally:
            server.terminate()
            server.wait(timeout=30)

    ratio = story / bare
    client = (
        f"wrk, {args.rounds} rounds of {args.seconds} s per view"
        if use_wrk
        else f"Python threads, {args.requests} requests per view"
    )
    print(f"gunicorn, {args.workers} workers, DEBUG off; {client}, {args.concurrency} concurrent")
    print(f"bare HttpResponse view: {bare:8.0f} requests/s")
    print(f"story page:             {story:8.0f} requests/s")
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"ratio:                  {ratio:8.2f} ({verdict} the target of {TARGET_RATIO})")
    if bare_cpu and story_cpu:
        # CPU time is steadier than wall time on a machine busy with other work.
        print(
            f"server CPU per request: bare {bare_cpu * 1000:.2f} ms, "
            f"story {story_cpu * 1000:.2f} ms (ratio {bare_cpu / story_cpu:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
