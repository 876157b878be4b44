"""How cheap is a page cache hit? The story page and an API detail, answered from the cache,
against the bare view on the same gunicorn server.

Like ``bench/story_page.py`` (whose helpers it uses): gunicorn with DEBUG off on
loopback, the seeded database, ``wrk`` where installed, the URLs loaded in
alternating rounds. The page cache is on (``PAGE_CACHE_SECONDS``); with
``--redis URL`` (or ``REDIS_URL`` set) every worker shares that Redis, otherwise
each keeps its own local-memory cache.

    make seed && .venv/bin/python bench/cache_hit.py
    .venv/bin/python bench/cache_hit.py --redis redis://127.0.0.1:6379/0

The target: each reaches at least 0.85 of the bare view's rate.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import BARE, collect_static, get, start_gunicorn, wait_until_up  # noqa: E402
from bench.story_page import STORY, environment, load, load_wrk, workers_cpu_seconds  # noqa: E402

API_DETAIL = "/api/v1/articles/kim-jong-un-xi-jinping-beijing-summit/"
TARGET_RATIO = 0.85


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""), help="a Redis URL")
    parser.add_argument("--requests", type=int, default=2000, help="per URL, without wrk")
    parser.add_argument("--concurrency", type=int, default=8, help="connections (default 8)")
    parser.add_argument("--rounds", type=int, default=5, help="alternations (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--port", type=int, default=8198, help="loopback port (default 8198)")
    parser.add_argument("--seconds", type=int, default=2, help="per URL and round, with wrk")
    args = parser.parse_args()

    paths = [BARE, STORY, API_DETAIL]
    with tempfile.TemporaryDirectory(prefix="dd-bench-static-") as static_root:
        env = environment(static_root)
        env.update(
            PAGE_CACHE_SECONDS="600",
            API_ANON_RATE="100000000/min",
            REDIS_URL=args.redis,
        )
        collect_static(env)
        server = start_gunicorn(env, args.port, args.workers)
        try:
            wait_until_up(args.port, server)
            for path in paths[1:]:
                if get(args.port, path) != 200:
                    sys.exit(f"{path} does not answer 200: seed the database (make seed) first")
            for path in paths:  # fills each worker's cache
                load(args.port, path, 200, args.concurrency)
            use_wrk = bool(shutil.which("wrk"))
            totals = {path: [0, 0.0, 0.0] for path in paths}  # requests, seconds, CPU
            for _ in range(args.rounds):
                for path in paths:
                    before = workers_cpu_seconds(server.pid)
                    if use_wrk:
                        rate, count = load_wrk(args.port, path, args.seconds, args.concurrency)
                    else:
                        count = max(args.requests // args.rounds, 1)
                        rate = load(args.port, path, count, args.concurrency)
                    after = workers_cpu_seconds(server.pid)
                    totals[path][0] += count
                    totals[path][1] += count / rate
                    if before is not None:
                        totals[path][2] += after - before
        finally:
            server.terminate()
            server.wait(timeout=30)

    backend = f"Redis at {args.redis}" if args.redis else "local memory, per worker"
    client = f"wrk, {args.rounds} rounds of {args.seconds} s" if use_wrk else "Python threads"
    print(f"gunicorn, {args.workers} workers, DEBUG off, page cache in {backend}")
    print(f"{client} per URL, {args.concurrency} concurrent")
    bare = totals[BARE][0] / totals[BARE][1]
    verdicts = []
    for path in paths:
        count, seconds, cpu = totals[path]
        rate = count / seconds
        line = f"{path:60} {rate:8.0f} requests/s"
        if cpu:
            line += f"  {cpu / count * 1000:.2f} ms CPU each"
        if path != BARE:
            ratio = rate / bare
            verdicts.append(ratio >= TARGET_RATIO)
            line += f"  ratio {ratio:.2f}"
        print(line)
    print(f"target: {TARGET_RATIO} of the bare view: {'met' if all(verdicts) else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
