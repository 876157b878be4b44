"""Every page and endpoint against the bare view, at 100 and at 10,000 stories.

For each corpus size, a synthetic archive (``manage.py generate_corpus``, after the
seeded summit report) is built once into its own SQLite file under ``bench/results/``
(never the development database) and reused by later runs. Then, for each URL:

- its queries per request, counted in-process with Django's test client;
- its median and 95th-percentile latency, one request at a time, over HTTP to
  gunicorn (2 sync workers, DEBUG off);
- its requests per second as a share of the bare ``HttpResponse`` view's, both
  loaded alike with ``wrk`` and measured back to back (apt-get install wrk);

and, across the sizes, the growth ratio: median at the largest size / median at the
smallest. The admin pages (the article list, the change pages of the busiest actor
and of the seeded story) are timed in-process, signed in, with their queries.

Uncached by default: the page cache is switched off (PAGE_CACHE_SECONDS=0) so every
request renders. ``--cached`` (or CACHE=1 in the environment) leaves it on and labels
the run "cached". The table of the last run of each mode, headed by the machine's load
average before and after, is kept as ``bench/results/pages-uncached.txt`` (or
``pages-cached.txt``), its figures beside it as ``.json``.

    make bench                                # both sizes, uncached
    .venv/bin/python bench/pages.py --sizes 100 --seconds 1
    .venv/bin/python bench/pages.py --cached
    .venv/bin/python bench/pages.py --rebuild # generate the corpora again

Targets (issue 10): the story page at least 0.25 of the bare view's rate, everything
else at least 0.15, and growth at most 1.5x.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import BARE, get, start_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED = 1
ACTORS = 500
QUOTES_PER_ARTICLE = 10
STORY_TARGET, PAGE_TARGET, GROWTH_TARGET = 0.25, 0.15, 1.5


def database_url(path):
    return f"sqlite:///{path}"


def environment(db, static_root, cached):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url(db),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        BENCH_STATIC_ROOT=static_root,
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
        # Plain HTTP on the loopback, and no throttle on the load generator.
        SECURE_SSL_REDIRECT="false",
        API_ANON_RATE="100000000/min",
        PAGE_CACHE_SECONDS="600" if cached else "0",
    )
    return env


def manage(env, *args, quiet=False):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def build_corpus(size, env, rebuild):
    """The corpus file for ``size`` stories, generated if missing (or ``rebuild``)."""
    db = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    if rebuild:
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
    fresh = not db.exists()
    manage(env, "migrate", "--noinput", "-v0")
    if fresh:
        print(f"Generating the {size:,}-story corpus into {db} …", flush=True)
        started = time.monotonic()
        manage(env, "seed_summit", "-v0")
        manage(
            env,
            "generate_corpus",
            f"--articles={size}",
            f"--quotes-per-article={QUOTES_PER_ARTICLE}",
            f"--actors={ACTORS}",
            f"--seed={SEED}",
        )
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    return db


# ---------------------------------------------------------------------------
# In-process probe (run in a subprocess, with the corpus's settings)


def urls_for_corpus():
    """The URLs to measure, with the busiest actor and event of this corpus."""
    from django.db.models import Count

    from actors.models import Event
    from articles.models import Article, Quote

    story = Article.objects.published().get(slug="kim-jong-un-xi-jinping-beijing-summit")
    busiest = (
        Quote.objects.public()
        .values("speaker__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["speaker__slug"]
    )
    event = (
        Event.objects.public()
        .annotate(n=Count("quotes"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    quote = Quote.objects.public().filter(article=story).order_by("pk").first().pk
    return {
        "story": story.get_absolute_url(),
        "home": "/",
        "actor (busiest)": f"/actors/{busiest}/",
        "event (busiest)": f"/events/{event}/",
        "timeline": "/events/",
        "search": "/search/?q=denuclearization",
        "api articles": "/api/v1/articles/",
        "api article": f"/api/v1/articles/{story.slug}/",
        "api ninjs": f"/api/v1/articles/{story.slug}/ninjs",
        "api quotes": "/api/v1/quotes/",
        "api quotes?speaker": f"/api/v1/quotes/?speaker={busiest}",
        "api quote": f"/api/v1/quotes/{quote}/",
        "api actors": "/api/v1/actors/",
        "api actor": f"/api/v1/actors/{busiest}/",
        "api events": "/api/v1/events/",
        "api event": f"/api/v1/events/{event}/",
        "feed rss": "/feeds/latest/rss/",
        "actor feed": f"/actors/{busiest}/feed/atom/",
        "sitemap.xml": "/sitemap.xml",
        "sitemap page": "/sitemap-quotes.xml",
    }


def admin_urls():
    from django.urls import reverse

    from actors.models import Actor
    from articles.models import Article

    story = Article.objects.get(slug="kim-jong-un-xi-jinping-beijing-summit")
    busiest = Actor.objects.get(slug=urls_for_corpus()["api actor"].split("/")[-2])
    return {
        "admin article list": reverse("admin:articles_article_changelist"),
        "admin busiest actor": reverse("admin:actors_actor_change", args=[busiest.pk]),
        "admin seeded story": reverse("admin:articles_article_change", args=[story.pk]),
    }


def probe(runs):
    """Print, as JSON: the URLs, each one's queries per request, and the admin's times."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def measure(client, url, timed):
        client.get(url)  # warm: templates compiled, connection open
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        # Counted now: the next request starts by clearing the connection's query log.
        count = len(queries.captured_queries)
        times = []
        for _ in range(runs if timed else 0):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        return count, times

    urls = urls_for_corpus()
    reader = Client()
    queries = {label: measure(reader, url, False)[0] for label, url in urls.items()}
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "", None)
    editor = Client()
    editor.force_login(user)
    admin = {}
    for label, url in admin_urls().items():
        count, times = measure(editor, url, True)
        admin[label] = {"url": url, "queries": count, "times": times}
    print(json.dumps({"urls": urls, "queries": queries, "admin": admin}))


def run_probe(env, runs):
    result = subprocess.run(
        [sys.executable, __file__, "--probe", f"--runs={runs}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------
# Over HTTP


def latencies(port, path, requests):
    """Milliseconds per request, one at a time."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status = get(port, path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            sys.exit(f"{path} answered {status}")
    return times


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wrk_rate(port, path, seconds, concurrency):
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        sys.exit(f"{path}: some requests failed under wrk:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure_size(size, args, static_root):
    db_path = args.results / f"corpus-{size}.sqlite3"
    env = environment(db_path, static_root, args.cached)
    build_corpus(size, env, args.rebuild)
    found = run_probe(env, args.admin_runs)
    server = start_gunicorn(env, args.port, args.workers, "--timeout=300")
    rows = {}
    try:
        wait_until_up(args.port, server)
        for label, url in found["urls"].items():
            latencies(args.port, url, 3)  # warm every worker
            times = latencies(args.port, url, args.requests)
            row = {
                "url": url,
                "queries": found["queries"][label],
                "median": statistics.median(times),
                "p95": percentile(times, 0.95),
            }
            if args.wrk:
                bare = wrk_rate(args.port, BARE, args.seconds, args.concurrency)
                rate = wrk_rate(args.port, url, args.seconds, args.concurrency)
                row.update(rate=rate, bare=bare, share=rate / bare)
            rows[label] = row
            print(
                f"  {size:>6,} stories  {label:<20} {row['median']:8.1f} ms"
                + (f"  share {row['share']:.3f}" if args.wrk else ""),
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=60)
    for label, entry in found["admin"].items():
        rows[label] = {
            "url": entry["url"],
            "queries": entry["queries"],
            "median": statistics.median(entry["times"]),
            "p95": percentile(entry["times"], 0.95),
        }
    return rows


def verdict(label, share, growth):
    notes = []
    target = STORY_TARGET if label == "story" else PAGE_TARGET
    if share is not None and share < target:
        notes.append(f"share<{target}")
    if growth is not None and growth > GROWTH_TARGET:
        notes.append(f"growth>{GROWTH_TARGET}")
    return ", ".join(notes) or "ok"


def table(results, sizes, cached):
    small, large = sizes[0], sizes[-1]
    mode = "cached" if cached else "uncached"
    head = (
        f"{'URL':<22}"
        + "".join(f"{f'share@{s:,}':>13}" for s in sizes)
        + "".join(f"{f'med@{s:,}':>11}{f'p95@{s:,}':>11}{f'q@{s:,}':>9}" for s in sizes)
        + f"{'growth':>8}  verdict"
    )
    lines = [f"Pages and endpoints, {mode} (ms; share = requests/s over the bare view's)", head]
    for label in results[small]:
        cells = f"{label:<22}"
        for size in sizes:
            share = results[size][label].get("share")
            cells += f"{share:>13.3f}" if share is not None else f"{'—':>13}"
        for size in sizes:
            row = results[size][label]
            cells += f"{row['median']:>11.1f}{row['p95']:>11.1f}{row['queries']:>9}"
        growth = (
            results[large][label]["median"] / results[small][label]["median"]
            if large != small
            else None
        )
        cells += f"{growth:>8.2f}" if growth is not None else f"{'—':>8}"
        cells += "  " + verdict(label, results[large][label].get("share"), growth)
        lines.append(cells)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000", help="stories per corpus (100,10000)")
    parser.add_argument("--requests", type=int, default=30, help="one-at-a-time requests (30)")
    parser.add_argument("--seconds", type=int, default=2, help="wrk seconds per URL (2)")
    parser.add_argument("--concurrency", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--port", type=int, default=8197, help="loopback port (8197)")
    parser.add_argument("--admin-runs", type=int, default=5, help="timed admin requests (5)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where corpora live")
    parser.add_argument("--rebuild", action="store_true", help="generate the corpora again")
    parser.add_argument(
        "--cached",
        action="store_true",
        default=os.environ.get("CACHE", "") not in ("", "0", "false"),
        help="leave the page cache on (also CACHE=1)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="where to write the figures (default: pages-uncached.json or pages-cached.json "
        "beside the corpora, with the table as .txt)",
    )
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.runs)
        return 0
    args.wrk = shutil.which("wrk") is not None
    if not args.wrk:
        print("wrk is not installed (apt-get install wrk): latencies only, no shares.")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.results.mkdir(parents=True, exist_ok=True)
    results = {}
    started_load = load()
    with tempfile.TemporaryDirectory(prefix="dd-bench-static-") as static_root:
        env = environment(args.results / "unused.sqlite3", static_root, args.cached)
        manage(env, "collectstatic", "--noinput", "-v0")
        for size in sizes:
            results[size] = measure_size(size, args, static_root)
    print()
    heading = (
        f"gunicorn, {args.workers} sync workers, DEBUG off; {args.requests} requests one at a "
        f"time per URL; wrk {args.seconds} s, {args.concurrency} connections, back to back "
        f"with the bare view; load average {started_load} before, {os.getloadavg()[0]:.2f} after"
    )
    report = heading + "\n" + table(results, sizes, args.cached)
    print(report)
    # Kept beside the corpora: the last run of each mode, as a table and as figures.
    mode = "cached" if args.cached else "uncached"
    (args.results / f"pages-{mode}.txt").write_text(report + "\n")
    (args.json or args.results / f"pages-{mode}.json").write_text(json.dumps(results, indent=2))
    return 0


def load():
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


if __name__ == "__main__":
    sys.exit(main())
