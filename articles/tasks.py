"""Background work for the coverage: bringing many stored pages up to date after one change.

Renaming an actor that 6,000 stories show must not render 6,000 pages inside the
editor's save. ``rerender(story_ids)`` renders a few stories in the write, as
always; more than ``INLINE_LIMIT`` go to the task queue (django-tasks, database
backend) as ``rerender_stories`` jobs of ``BATCH_SIZE`` stories, which
``manage.py db_worker`` runs (``make run`` starts one).

A job renders its stories through ``render_story`` a few at a time
(``GROUP_SIZE``), each group in its own short transaction that reads what the
renders need for the whole group at once, so it never holds a lock for longer than
a few stories take, and other editors' saves go ahead meanwhile. Rendering is
idempotent (rendering twice stores the same page), so a job may run again safely.
Nothing is lost when a job fails or its worker dies:

- a story that fails to render does not stop the others; the job then queues
  itself again for the stories it could not render, after a growing delay, up to
  ``MAX_ATTEMPTS`` times in all, and is recorded as failed with the reason;
- a job left running by a worker that died is put back on the queue when a
  worker starts (``requeue_abandoned``).
"""

import datetime
import logging
import os
import socket
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.database import DatabaseBackend
from django_tasks.backends.database.models import DBTaskResult

from articles.models import Article
from articles.rendering import render_later, render_stories, render_story, stories_to_render
from core.writes import write_scope

logger = logging.getLogger(__name__)

# Up to this many stories are rendered in the write itself, so that they are up to
# date the moment it returns; past it, the editor's save would wait too long.
INLINE_LIMIT = 20
# Stories per job: a few seconds of work, so that a job that runs again redoes little.
BATCH_SIZE = 200
# Stories rendered together in one transaction within a job, their reads shared: few
# enough that the write lock is held for a few tens of milliseconds at most.
GROUP_SIZE = 8
# Runs of one job, the first included, before it is given up and left failed.
MAX_ATTEMPTS = 5
# The delay before the second run; it doubles with each run after that.
RETRY_DELAY = datetime.timedelta(seconds=5)
# A job running this long on another machine is taken to have lost its worker (a
# batch takes seconds). On this machine a dead worker is recognised at once.
ABANDONED_AFTER = datetime.timedelta(minutes=15)


class StoriesNotRendered(Exception):
    """Some stories of a job could not be rendered; it was queued again for them."""


def rerender(story_ids):
    """Bring these stories' stored pages up to date: in the current write when they
    are few, otherwise in the background, in jobs queued with the write."""
    story_ids = list(dict.fromkeys(story_ids))
    if len(story_ids) <= INLINE_LIMIT:
        render_later(*story_ids)
        return
    batches = [story_ids[i : i + BATCH_SIZE] for i in range(0, len(story_ids), BATCH_SIZE)]
    if isinstance(rerender_stories.get_backend(), DatabaseBackend):
        # The jobs are rows written in the same transaction as the change: a worker
        # sees them only once the change is committed, and never one without the other.
        for batch in batches:
            rerender_stories.enqueue(batch)
    else:
        # A queue outside the database must not run a job before the change commits.
        transaction.on_commit(lambda: [rerender_stories.enqueue(batch) for batch in batches])


@contextmanager
def _deferred_transaction():
    """A transaction that lets other writers in between stories' renders.

    On SQLite, where one writer at a time holds the database, it is a deferred
    transaction: it takes the write lock only for its writes (a render reads for far
    longer than it writes), instead of for the whole render, as the site's immediate
    transactions do. Holding it throughout, back to back, would starve other
    editors' saves until they give up ("database is locked"). Should another write
    land between this render's reads and its writes, SQLite refuses the render
    rather than overwrite that write (``render_one`` then renders it again).
    """
    connection.ensure_connection()
    mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        with transaction.atomic():
            connection.transaction_mode = mode
            yield
    finally:
        connection.transaction_mode = mode


def render_group(story_ids):
    """Render these stories (those that still exist) in one short transaction, their
    rows locked, reading what their renders read for all of them at once
    (``prefetch_for_render``) and working every render out before storing any. On
    SQLite the transaction is deferred, as for ``render_one``: another write landing
    mid-way makes it fail (``OperationalError``), and nothing of it is kept."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        scope = _deferred_transaction()
    else:
        scope = transaction.atomic()
    with scope, write_scope():
        articles = list(stories_to_render(story_ids).select_for_update(of=("self",)))
        render_stories(articles, rank_related=False)


def _render(pk):
    """Render one story, its row locked; False when it is gone."""
    article = Article.objects.select_for_update().filter(pk=pk).first()
    if article is None:
        return False
    # A background render follows another record's change: what the story shares
    # is unchanged, so its related stories are kept (less any that left the site).
    render_story(article, rank_related=False)
    return True


def render_one(pk):
    """Render one story (if it still exists) in its own short transaction.

    Locked, so that an editor saving this story meanwhile either saves first (and
    this renders their text) or waits for this one story. On SQLite the render
    first runs deferred, and once more holding the lock throughout if another
    write came between its reads and its writes.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        try:
            with _deferred_transaction(), write_scope():
                return _render(pk)
        except OperationalError:
            pass  # another write landed mid-render: render again, holding the lock
    with transaction.atomic(), write_scope():
        return _render(pk)


@task()
def rerender_stories(story_ids, attempt=1):
    """Render each of these stories' pages, ``GROUP_SIZE`` at a time in a short
    transaction; a group that fails is rendered again one story at a time, each in its
    own transaction, so that one story that cannot be rendered stops no other."""
    failed, error = [], None
    for start in range(0, len(story_ids), GROUP_SIZE):
        group = story_ids[start : start + GROUP_SIZE]
        try:
            render_group(group)
            continue
        except Exception:  # noqa: BLE001 (rendered again one by one, below)
            logger.info("Stories %s rendered one by one", group, exc_info=True)
        for pk in group:
            try:
                render_one(pk)
            except Exception as exc:  # noqa: BLE001 (one story must not stop the others)
                logger.warning("Story %s was not rendered: %r", pk, exc)
                failed.append(pk)
                error = exc
    if not failed:
        return len(story_ids)
    if attempt < MAX_ATTEMPTS:
        run_after = timezone.now() + RETRY_DELAY * 2 ** (attempt - 1)
        rerender_stories.using(run_after=run_after).enqueue(failed, attempt=attempt + 1)
        outcome = f"queued again to run after {run_after:%H:%M:%S}"
    else:
        outcome = f"given up after {attempt} attempts"
    raise StoriesNotRendered(
        f"{len(failed)} of {len(story_ids)} stories were not rendered ({outcome}): {failed[:20]}"
    ) from error


# Jobs that may safely run again from the start when their worker died mid-way.
IDEMPOTENT_TASKS = {rerender_stories.module_path}


def worker_id():
    """This worker's id: its machine and process, so that others can tell whether it died."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _alive_here(worker):
    """False when ``worker`` ran on this machine and its process is gone; None if unknown."""
    host, _, pid = str(worker).rpartition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_abandoned(backend_name="default"):
    """Put back on the queue the jobs a dead worker left running; return how many.

    A job's worker is dead when it ran on this machine and its process is gone, or
    when the job has been running for longer than ``ABANDONED_AFTER``. A job that has
    been started ``MAX_ATTEMPTS`` times is marked failed instead.
    """
    requeued = 0
    stale_before = timezone.now() - ABANDONED_AFTER
    running = DBTaskResult.objects.running().filter(
        backend_name=backend_name, task_path__in=IDEMPOTENT_TASKS
    )
    for job in running:
        last_worker = job.worker_ids[-1] if job.worker_ids else None
        alive = _alive_here(last_worker)
        if alive or (alive is None and job.started_at and job.started_at > stale_before):
            continue
        with transaction.atomic():
            job = DBTaskResult.objects.select_for_update().filter(pk=job.pk).first()
            if job is None or job.status != TaskResultStatus.RUNNING:
                continue
            if len(job.worker_ids) >= MAX_ATTEMPTS:
                job.set_failed(
                    StoriesNotRendered(
                        f"Its worker stopped during each of {len(job.worker_ids)} attempts."
                    ),
                    None,
                )
                continue
            DBTaskResult.objects.filter(pk=job.pk).update(
                status=TaskResultStatus.READY, started_at=None
            )
            requeued += 1
    if requeued:
        logger.warning("Queued again %d job(s) left running by a worker that stopped.", requeued)
    return requeued
