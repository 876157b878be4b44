"""``manage.py extract_quotes FILE... --format jsonl``: the proposed quotes of each file.

One JSON object per input file, in the order given: ``{"file": PATH, "quotes": [...]}``.
Offsets index the file's text exactly as read (UTF-8, line breaks unchanged). This
format is a contract for batch runs and measurements: keys are added, never renamed.
A file that cannot be read gets ``"quotes": []`` and an ``"error"``, is named on
standard error, and makes the command exit with status 1 once every file is done.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from actors.models import Actor
from intake.api import proposal_data
from intake.copy import read_text
from intake.services import propose


class Command(BaseCommand):
    help = "Print the quotes proposed for each wire report, one JSON object per file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Plain-text reports.")
        parser.add_argument(
            "--format", choices=["jsonl"], default="jsonl", help="Output format (jsonl)."
        )

    def handle(self, *args, files, **options):
        actors = _actors_on_record()
        failed = 0
        for name in files:
            record = {"file": name, "quotes": []}
            try:
                text = read_text(Path(name).read_bytes(), what=f"“{name}”", exact=True)
            except OSError as error:
                record["error"] = f"Cannot read “{name}”: {error.strerror}."
            except ValidationError as error:
                record["error"] = " ".join(error.messages)
            else:
                record["quotes"] = [_quote(item) for item in propose(text, actors=actors)]
            if "error" in record:
                failed += 1
                self.stderr.write(record["error"])
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be read.", returncode=1)


def _actors_on_record():
    """The actors to match names to; none if the database is not set up (still extracts)."""
    try:
        return list(Actor.objects.all())
    except DatabaseError:
        return []


def _quote(item):
    data = proposal_data(item)
    for span in [data["speaker"], *data["outlets"]]:
        if span is not None:
            span.pop("new_actor_kind", None)
    keys = ["text", "kind", "start", "end", "speaker", "outlets", "said_on", "said_on_precision",
            "event", "confidence", "cue", "speaker_label"]  # fmt: skip
    return {key: data.get(key) for key in keys}
