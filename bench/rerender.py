"""How long does renaming an actor that 6,000 stories show keep the editor waiting?

Builds a scratch database (a temporary SQLite file, or the PostgreSQL database in
``DATABASE_URL``, which it empties first) holding one actor that ``--stories``
published stories are about and quote three times each (made in bulk, then each
rendered once), renames the actor through its service as the admin does, and
prints how long the save took. Then it runs the background worker (``manage.py
db_worker``, as its own process) until every job is done (retries included), while
another editor saves an unrelated story every ``--save-every`` seconds, and prints
the worker's total time, the other saves' longest duration, and whether every page
shows the new name.

    .venv/bin/python bench/rerender.py                   # 6,000 stories on SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/rerender.py --stories 2000

The targets: the save returns in under a second, every page shows the new name
within a minute, and the other editor's saves never wait for the re-render.
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_NAME, NEW_NAME = "Choe Son Hui", "Choe Son-hui"


def setup(database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="coverage_site.settings",
        DEBUG="true",
        DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if not database_url.startswith("sqlite"):
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)


# Each story as the desk writes them: a few paragraphs quoting the actor three times,
# once through an outlet, at an event.
BODY = [
    "The foreign minister spoke in Pyongyang on day {n}.",
    "“We will strengthen our cooperation, step by step {n},” Choe said, according to KCNA.",
    "She added: “The talks were frank and constructive.”",
    "Officials from both sides attended the meeting, which lasted two hours.",
    "“Our position has not changed,” she told reporters afterwards.",
]
QUOTES = [
    "We will strengthen our cooperation, step by step {n}",
    "The talks were frank and constructive.",
    "Our position has not changed",
]


def build(stories):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from actors.models import Actor, Event
    from articles import richtext
    from articles.models import Article, Quote
    from articles.tasks import render_group

    editor = get_user_model().objects.create_superuser("bench-editor", password=None)
    actor = Actor.objects.create(kind=Actor.Kind.PERSON, name=OLD_NAME, slug="choe-son-hui")
    kcna = Actor.objects.create(
        kind=Actor.Kind.OUTLET, outlet_type=Actor.OutletType.NEWS_AGENCY, name="KCNA", slug="kcna"
    )
    event = Event.objects.create(title="Pyongyang talks", slug="pyongyang-talks")
    published_at = timezone.now() - datetime.timedelta(days=1)
    bodies = ["\n".join(line.format(n=n) for line in BODY) for n in range(stories + 1)]
    made = Article.objects.bulk_create(
        (
            Article(
                headline=f"Story {n}",
                slug=f"story-{n}",
                body=body,
                body_html=richtext.from_text(body),
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                # Its related stories as ranked at its own save (none: ranking 6,000
                # stories that all share one actor would take minutes here).
                page_data={"related": []},
            )
            for n, body in enumerate(bodies)
        ),
        batch_size=500,
    )
    other, about = made[0], made[1:]
    Article.about.through.objects.bulk_create(
        (Article.about.through(article_id=story.pk, actor_id=actor.pk) for story in about),
        batch_size=1000,
    )
    Article.events.through.objects.bulk_create(
        (Article.events.through(article_id=story.pk, event_id=event.pk) for story in about),
        batch_size=1000,
    )
    quotes = Quote.objects.bulk_create(
        (
            Quote(article=story, text=text.format(n=n), speaker=actor, event=event)
            for n, story in enumerate(made)
            if n
            for text in QUOTES
        ),
        batch_size=1000,
    )
    Quote.outlets.through.objects.bulk_create(
        (Quote.outlets.through(quote_id=quote.pk, actor_id=kcna.pk) for quote in quotes[::3]),
        batch_size=1000,
    )
    # Each story rendered once, as its own save left it (its page, its related stories,
    # its search entries), so that the re-render after the rename is a re-render.
    with transaction.atomic():
        for start in range(0, len(made), 100):
            render_group([story.pk for story in made[start : start + 100]])
    return editor, actor, other, [story.pk for story in about]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=6000)
    parser.add_argument("--save-every", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch.name}/bench.sqlite3"
    setup(database_url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks.backends.database.models import DBTaskResult

    from actors.services import actor_update
    from articles.models import Article
    from articles.services import article_update

    started = time.perf_counter()
    editor, actor, other, story_ids = build(args.stories)
    print(
        f"{connection.vendor}: {len(story_ids):,} stories about one actor, built in "
        f"{time.perf_counter() - started:.1f} s"
    )

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        actor_update(actor=actor, by=editor, name=NEW_NAME)
        save = time.perf_counter() - started
    print(
        f"the editor's save: {save * 1000:.0f} ms, {len(queries)} queries, "
        f"{DBTaskResult.objects.count()} jobs queued"
    )

    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--verbosity",
                "0",
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for _ in range(args.workers)
    ]
    started = time.perf_counter()
    saves = []
    unfinished = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
    # Until every job is done, retries included; then the worker is stopped.
    while unfinished.exists():
        before = time.perf_counter()
        other.refresh_from_db()
        article_update(article=other, by=editor, headline=f"Saved meanwhile {len(saves)}")
        saves.append(time.perf_counter() - before)
        time.sleep(args.save_every)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait()
    total = time.perf_counter() - started
    shown = (
        Article.objects.filter(pk__in=story_ids, aside_html__contains=NEW_NAME)
        .filter(rendered_body__contains=NEW_NAME)
        .count()
    )
    print(
        f"the worker: {total:.1f} s for {len(story_ids):,} stories "
        f"({total / len(story_ids) * 1000:.1f} ms a story), "
        f"{DBTaskResult.objects.filter(status='FAILED').count()} job runs failed"
    )
    if saves:
        print(
            f"another editor's {len(saves)} saves meanwhile: longest {max(saves) * 1000:.0f} ms, "
            f"median {sorted(saves)[len(saves) // 2] * 1000:.0f} ms, none failed"
        )
    print(f"pages showing the new name: {shown:,} of {len(story_ids):,}")
    in_a_minute = total < 60 and shown == len(story_ids)
    print(
        f"target: save under 1 s: {'met' if save < 1 else 'MISSED'}; "
        f"every page within a minute: {'met' if in_a_minute else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
