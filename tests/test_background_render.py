"""A change that many stories show is rendered by background jobs, not in the editor's save.

The worker runs for real: in this process (``db_worker --batch``), or as its own
process against the same database, where it is killed mid-job and started again,
or runs beside another editor's save.
"""

import datetime
import math
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.backends.database.models import DBTaskResult

from actors.models import Actor
from actors.services import actor_update, affiliation_save
from articles import tasks
from articles.models import Article
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
OLD_NAME, NEW_NAME = "Choe Son Hui", "Choe Son-hui"
# Long enough for any worker process to start and finish, short enough to fail clearly.
PATIENCE = 120


def actor_on_stories(count, name=OLD_NAME):
    """An actor that ``count`` published stories are about (made in bulk, not rendered)."""
    actor = factories.ActorFactory(name=name, slug="choe-son-hui")
    published_at = timezone.now() - datetime.timedelta(days=1)
    stories = Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"bulk-story-{n}",
            body=f"Paragraph {n} about the foreign minister.",
            status=Article.Status.PUBLISHED,
            published_at=published_at,
        )
        for n in range(count)
    )
    Article.about.through.objects.bulk_create(
        Article.about.through(article_id=story.pk, actor_id=actor.pk) for story in stories
    )
    return actor, [story.pk for story in stories]


def rename(actor, editor, name=NEW_NAME):
    actor_update(actor=Actor.objects.get(pk=actor.pk), by=editor, name=name)


def showing_new_name(story_ids):
    """How many of these stories' stored pages show the new name."""
    return Article.objects.filter(pk__in=story_ids, aside_html__contains=NEW_NAME).count()


def run_worker():
    """Run every job that is due, in this process, as ``manage.py db_worker --batch`` does."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def jobs(status=None):
    queued = DBTaskResult.objects.filter(task_path=tasks.rerender_stories.module_path)
    return queued.filter(status=status) if status else queued


# In the write, or queued


def test_a_change_few_stories_show_is_rendered_in_the_write(editor):
    """Up to the inline limit, the pages are up to date the moment the save returns."""
    actor = factories.ActorFactory(name=OLD_NAME)
    stories = [factories.PublishedArticleFactory() for _ in range(3)]
    for story in stories:
        story.about.add(actor)
    rename(actor, editor)
    assert showing_new_name([s.pk for s in stories]) == 3
    assert not jobs().exists()


def test_a_change_many_stories_show_is_queued_in_batches_with_the_write(
    editor, django_assert_max_num_queries
):
    """Past the limit the save renders nothing: it queues one job per batch of stories,
    one query each, and does no work per story."""
    actor, story_ids = actor_on_stories(450)
    with django_assert_max_num_queries(20):
        rename(actor, editor)
    assert showing_new_name(story_ids) == 0
    queued = list(jobs(TaskResultStatus.READY))
    assert len(queued) == math.ceil(450 / tasks.BATCH_SIZE)
    batches = [job.args_kwargs["args"][0] for job in queued]
    assert all(len(batch) <= tasks.BATCH_SIZE for batch in batches)
    assert sorted(pk for batch in batches for pk in batch) == sorted(story_ids)


def test_a_write_that_changes_a_record_several_times_queues_its_stories_once(editor):
    """An actor saved with an affiliation row (as the admin saves them) is one change: its
    stories are queued once."""
    actor, _ = actor_on_stories(tasks.INLINE_LIMIT + 1)
    organization = factories.OrganizationFactory()
    with write_scope():
        rename(actor, editor)
        affiliation_save(
            affiliation=factories.AffiliationFactory.build(actor=actor, organization=organization),
            by=editor,
        )
    assert jobs().count() == 1


def test_a_refused_change_queues_nothing(editor):
    """The jobs are written with the change, so a change rolled back leaves no job."""
    actor, _ = actor_on_stories(tasks.INLINE_LIMIT + 1)
    with pytest.raises(ValidationError), write_scope():
        rename(actor, editor)
        rename(actor, editor, name="")
    assert not jobs().exists()
    assert Actor.objects.get(pk=actor.pk).name == OLD_NAME


# The worker


@pytest.fixture
def batches_of(monkeypatch):
    """Smaller jobs than the site queues, so that a test needs fewer stories."""
    return lambda size: monkeypatch.setattr(tasks, "BATCH_SIZE", size)


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_every_queued_story(editor, batches_of):
    batches_of(50)
    actor, story_ids = actor_on_stories(120)
    rename(actor, editor)
    run_worker()
    assert showing_new_name(story_ids) == 120
    assert jobs().count() == jobs(TaskResultStatus.SUCCEEDED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_rendering_twice_stores_the_same_pages(editor):
    """A job that runs again (after its worker died) changes nothing."""
    actor, story_ids = actor_on_stories(tasks.INLINE_LIMIT + 5)
    rename(actor, editor)
    run_worker()
    stored = list(Article.objects.filter(pk__in=story_ids).values_list("aside_html", "page_data"))
    tasks.rerender_stories.call(story_ids)
    again = list(Article.objects.filter(pk__in=story_ids).values_list("aside_html", "page_data"))
    assert again == stored


@contextmanager
def story_refusing_writes(pk):
    """The database refuses every change to this story (a real failure, not a mock)."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_story_write() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'story is being restored from backup'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_story_write BEFORE UPDATE ON {table} FOR EACH ROW "
                f"WHEN (OLD.id = {int(pk)}) EXECUTE FUNCTION refuse_story_write()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_story_write BEFORE UPDATE ON {table} "  # noqa: S608
                f"WHEN OLD.id = {int(pk)} BEGIN "
                "SELECT RAISE(ABORT, 'story is being restored from backup'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER refuse_story_write ON {table}")
                cursor.execute("DROP FUNCTION refuse_story_write()")
            else:
                cursor.execute("DROP TRIGGER refuse_story_write")


@pytest.mark.django_db(transaction=True)
def test_a_job_that_fails_is_run_again_later_and_completes(editor):
    """A story that cannot be written does not stop the others; its job is recorded as
    failed, queued again for that story after a delay, and then completes."""
    actor, story_ids = actor_on_stories(tasks.INLINE_LIMIT + 10)
    stuck = story_ids[7]
    rename(actor, editor)
    with story_refusing_writes(stuck):
        run_worker()
    failed = jobs(TaskResultStatus.FAILED).get()
    assert "StoriesNotRendered" in failed.exception_class_path
    assert "story is being restored from backup" in failed.traceback
    retry = jobs(TaskResultStatus.READY).get()
    assert retry.args_kwargs == {"args": [[stuck]], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now()
    assert showing_new_name(story_ids) == len(story_ids) - 1

    run_worker()  # not due yet: nothing runs
    assert jobs(TaskResultStatus.READY).get() == retry

    with time_machine.travel(retry.run_after + datetime.timedelta(seconds=1)):
        run_worker()
    assert jobs(TaskResultStatus.SUCCEEDED).get() == retry
    assert showing_new_name(story_ids) == len(story_ids)


@pytest.mark.django_db(transaction=True)
def test_a_job_that_keeps_failing_is_given_up_after_the_last_attempt(editor):
    actor, story_ids = actor_on_stories(tasks.INLINE_LIMIT + 1)
    rename(actor, editor)
    with story_refusing_writes(story_ids[0]):
        for attempt in range(tasks.MAX_ATTEMPTS):
            with time_machine.travel(timezone.now() + datetime.timedelta(hours=attempt)):
                run_worker()
    assert jobs(TaskResultStatus.FAILED).count() == tasks.MAX_ATTEMPTS
    assert not jobs(TaskResultStatus.READY).exists()
    last = jobs(TaskResultStatus.FAILED).latest("enqueued_at")
    assert f"given up after {tasks.MAX_ATTEMPTS} attempts" in last.traceback


def claimed(job, worker):
    result = DBTaskResult.objects.get(pk=job.id)
    result.claim(worker)
    return result


def dead_worker_id():
    """The id of a worker that ran on this machine and has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    process.wait()
    return f"{socket.gethostname()[:40]}:{process.pid}"


def test_a_job_left_running_by_a_dead_worker_is_queued_again():
    job = claimed(tasks.rerender_stories.enqueue([1]), dead_worker_id())
    assert tasks.requeue_abandoned() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_a_job_a_live_worker_is_running_is_left_alone():
    job = claimed(tasks.rerender_stories.enqueue([1]), tasks.worker_id())
    assert tasks.requeue_abandoned() == 0
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_a_job_running_elsewhere_is_queued_again_only_once_it_is_overdue():
    job = claimed(tasks.rerender_stories.enqueue([1]), "another-machine:4242")
    assert tasks.requeue_abandoned() == 0
    with time_machine.travel(timezone.now() + tasks.ABANDONED_AFTER * 2):
        assert tasks.requeue_abandoned() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_a_job_whose_worker_died_at_every_attempt_is_given_up():
    job = tasks.rerender_stories.enqueue([1])
    for _ in range(tasks.MAX_ATTEMPTS):
        result = claimed(job, dead_worker_id())
    assert tasks.requeue_abandoned() == 0
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


# The worker as its own process, against the same database


class SharedDatabase:
    """The test database, for processes started by the test.

    On PostgreSQL it is the test database itself. On SQLite the tests' database is in
    memory, so the processes work on a file copy (in WAL mode, as deployed), which is
    copied back when they are done.
    """

    def __init__(self, directory):
        self.sqlite = connection.vendor == "sqlite"
        self.path = directory / "shared.sqlite3"

    def __enter__(self):
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
        return self

    def __exit__(self, *exc):
        if self.sqlite:
            source = sqlite3.connect(self.path)
            source.backup(connection.connection)
            source.close()

    def environment(self):
        if self.sqlite:
            url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            auth = quote(db["USER"] or "")
            if db["PASSWORD"]:
                auth += ":" + quote(db["PASSWORD"])
            url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coverage_site.settings",
            "DEBUG": "true",
            "DATABASE_URL": url,
            "DATABASE_REPLICA_URL": url,  # the subprocess reads and writes the same copy
            "PYTHONPATH": str(ROOT),
        }

    def value(self, sql, *params):
        """One value, read now, as the other processes left it."""
        if self.sqlite:
            with sqlite3.connect(self.path, timeout=20) as reader:
                return reader.execute(sql.replace("%s", "?"), params).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def rendered(self, story_ids):
        table = Article._meta.db_table
        ids = ",".join(str(int(pk)) for pk in story_ids)
        return self.value(
            f"SELECT COUNT(*) FROM {table} WHERE id IN ({ids}) AND aside_html LIKE %s",  # noqa: S608
            f"%{NEW_NAME}%",
        )

    def jobs(self, status):
        return self.value(
            f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table} WHERE status = %s",  # noqa: S608
            str(status),
        )

    def manage(self, *args, **popen):
        return subprocess.Popen(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *args], env=self.environment(), **popen
        )


def wait_until(condition, what):
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting until {what}"
        time.sleep(0.05)


WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_every_page_rendered_once_another_starts(
    editor, tmp_path, batches_of
):
    batches_of(100)
    actor, story_ids = actor_on_stories(200)
    rename(actor, editor)
    with SharedDatabase(tmp_path) as shared:
        worker = shared.manage(*WORKER)
        try:
            wait_until(
                lambda: shared.jobs(TaskResultStatus.RUNNING) and shared.rendered(story_ids),
                "the worker is part-way through a job",
            )
        finally:
            worker.kill()
            worker.wait()
        assert 0 < shared.rendered(story_ids) < len(story_ids)
        assert shared.jobs(TaskResultStatus.RUNNING) == 1  # left behind by the dead worker

        again = shared.manage(*WORKER, "--batch")
        assert again.wait(timeout=PATIENCE) == 0
    assert showing_new_name(story_ids) == len(story_ids)
    assert jobs().count() == jobs(TaskResultStatus.SUCCEEDED).count() == 2
    assert max(len(job.worker_ids) for job in jobs()) == 2  # the interrupted job ran twice


SAVE_WHEN_TOLD = """
import sys
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.services import article_update
editor = get_user_model().objects.get(pk=int(sys.argv[1]))
article = Article.objects.get(pk=int(sys.argv[2]))
print("ready", flush=True)
sys.stdin.readline()
article_update(article=article, by=editor, headline="Saved during the re-render")
print("saved", flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_another_editors_save_goes_ahead_during_a_large_rerender(editor, tmp_path, batches_of):
    """The other editor's save, started once the re-render is under way, succeeds and is
    done while the re-render is still going on: it waited for none of it."""
    batches_of(100)
    actor, story_ids = actor_on_stories(300)
    other_story = factories.PublishedArticleFactory(headline="Unrelated")
    rename(actor, editor)
    script = tmp_path / "save.py"
    script.write_text(SAVE_WHEN_TOLD)
    with SharedDatabase(tmp_path) as shared:
        saver = shared.manage(
            "shell",
            "--no-startup",
            "--verbosity",
            "0",
            "--command",
            f"import sys; sys.argv = ['', '{editor.pk}', '{other_story.pk}']; "
            f"exec(open({str(script)!r}).read())",
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        worker = None
        try:
            assert saver.stdout.readline().strip() == "ready"
            worker = shared.manage(*WORKER, "--batch")
            wait_until(
                lambda: shared.rendered(story_ids) >= 100,
                "the re-render is under way",
            )
            saver.stdin.write("go\n")
            saver.stdin.flush()
            assert saver.stdout.readline().strip() == "saved"
            assert saver.wait(timeout=PATIENCE) == 0
            # Saved before the re-render was over.
            assert shared.rendered(story_ids) < len(story_ids)
            assert worker.poll() is None
            assert worker.wait(timeout=PATIENCE) == 0
        finally:
            for process in (saver, worker):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait()
    other_story.refresh_from_db()
    assert other_story.headline == "Saved during the re-render"
    assert showing_new_name(story_ids) == len(story_ids)
    assert jobs().count() == jobs(TaskResultStatus.SUCCEEDED).count() == 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_processes(database_url):
    """Processes on this machine running ``db_worker`` against this database."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"db_worker" in command and f"DATABASE_URL={database_url}".encode() in environment:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="lists processes through /proc")
@pytest.mark.django_db(transaction=True)
def test_make_run_serves_the_new_name_on_every_page_and_stops_its_worker(editor, tmp_path):
    """``serve_dev`` (``make run``) starts the worker beside the server: every story page
    shows the new name within a minute, and stopping the server stops the worker."""
    actor, story_ids = actor_on_stories(tasks.INLINE_LIMIT + 30)
    rename(actor, editor)
    slugs = list(Article.objects.filter(pk__in=story_ids).values_list("slug", flat=True))
    port = free_port()
    with SharedDatabase(tmp_path) as shared:
        server = shared.manage(
            "serve_dev", f"127.0.0.1:{port}", start_new_session=True, stdout=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 60
            while shared.rendered(story_ids) < len(story_ids):
                assert time.monotonic() < deadline, "the pages did not change within a minute"
                time.sleep(0.2)
            wait_until(lambda: _answers(port), "the server answers")
            for slug in (slugs[0], slugs[-1]):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/{slug}/") as page:
                    assert NEW_NAME in page.read().decode()
            database_url = shared.environment()["DATABASE_URL"]
            assert worker_processes(database_url)
        finally:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C in the terminal
            server.wait(timeout=PATIENCE)
        assert not worker_processes(database_url)


def _answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2):
            return True
    except OSError:
        return False


# Rendering a group of stories at once


def rich_stories(count):
    """Published stories showing everything a page shows: an actor they are about and
    one they mention, quotes (one through two outlets, one at an event), an event,
    a correction, a section, topics and two authors in byline order."""
    about, mentioned = factories.ActorFactory(), factories.StateFactory()
    outlets = [factories.OutletFactory(), factories.OutletFactory()]
    event, section = factories.EventFactory(), factories.SectionFactory()
    topics = [factories.TopicFactory(name="Sanctions"), factories.TopicFactory(name="Arms")]
    authors = [factories.AuthorFactory(), factories.AuthorFactory()]
    stories = []
    with write_scope():
        for n in range(count):
            story = factories.PublishedArticleFactory(
                section=section,
                body=f"“We will talk again soon,” the minister said on day {n}.\n"
                "“The door is open,” an official told reporters.",
            )
            story.about.add(about)
            story.mentions.add(mentioned)
            story.events.add(event)
            story.topics.set(topics)
            factories.QuoteFactory(article=story, text="We will talk again soon", outlets=outlets)
            factories.QuoteFactory(article=story, text="The door is open", event=event)
            factories.CorrectionFactory(article=story)
            factories.credit(story, *authors)
            stories.append(story)
    return about, [story.pk for story in stories]


def stored_pages(story_ids):
    from articles.search_index import SearchEntry

    pages = list(
        Article.objects.filter(pk__in=story_ids)
        .order_by("pk")
        .values_list("rendered_body", "aside_html", "page_data")
    )
    entries = list(
        SearchEntry.objects.filter(article__in=story_ids)
        .order_by("kind", "object_id")
        .values_list("kind", "object_id", "title", "names", "body")
    )
    return pages, entries


def test_a_group_render_stores_what_rendering_each_story_alone_does():
    about, story_ids = rich_stories(3)
    Actor.objects.filter(pk=about.pk).update(name=NEW_NAME)  # around the services: no render
    for pk in story_ids:
        tasks.render_one(pk)
    alone = stored_pages(story_ids)
    assert all(NEW_NAME in aside for _body, aside, _data in alone[0])
    assert all(data["credits"]["authors"] and data["corrections"] for *_, data in alone[0])

    Actor.objects.filter(pk=about.pk).update(name=OLD_NAME)
    for pk in story_ids:
        tasks.render_one(pk)
    assert stored_pages(story_ids) != alone
    Actor.objects.filter(pk=about.pk).update(name=NEW_NAME)
    tasks.render_group(story_ids)
    assert stored_pages(story_ids) == alone


def test_a_group_render_reads_once_for_the_whole_group(django_assert_max_num_queries):
    """Rendering eight stories together reads what they show in as many queries as
    rendering two: only each story's own writes (and its search entries' check) grow."""
    about, story_ids = rich_stories(8)
    Actor.objects.filter(pk=about.pk).update(name=NEW_NAME)
    with CaptureQueriesContext(connection) as two:
        tasks.render_group(story_ids[:2])
    reads_of_two = [q for q in two.captured_queries if q["sql"].startswith("SELECT")]
    Actor.objects.filter(pk=about.pk).update(name="Choe again")
    # Per story: its page's update, its search entries' check and their update.
    per_story = (len(two.captured_queries) - len(reads_of_two)) // 2 + 1
    with django_assert_max_num_queries(len(reads_of_two) + 8 * per_story):
        tasks.render_group(story_ids)
    assert showing_new_name(story_ids) == 0
    assert Article.objects.filter(pk__in=story_ids, aside_html__contains="Choe again").count() == 8
