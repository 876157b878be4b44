"""The task queue's worker (django-tasks' ``db_worker``), which first puts back on the
queue the re-render jobs that a worker which stopped mid-way left running."""

from django_tasks.backends.database.management.commands import db_worker

from articles.tasks import requeue_abandoned, worker_id


class Command(db_worker.Command):
    help = (
        "Run the background worker. Jobs that a stopped worker left running are queued again first."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Named after this machine and process, so that a later worker can tell it died.
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, backend_name, **options):
        requeue_abandoned(backend_name)
        super().handle(*args, backend_name=backend_name, **options)
