"""Fill the reader's search index anew from what readers may see.

The write path keeps the index current; run this once for rows written before the
index existed, or after restoring a database from a dump taken without it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import search_index


class Command(BaseCommand):
    help = "Index every published or scheduled story, its quotes and every public actor."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = search_index.rebuild(progress=self._progress)
        self.stdout.write(f"Search index rebuilt: {rows} rows.")

    def _progress(self, done):
        if self.verbosity >= 1:
            self.stdout.write(f"  {done} stories indexed")
