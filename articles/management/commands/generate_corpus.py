from django.core.management.base import BaseCommand, CommandError

from articles.corpus import CHUNK, CorpusError, generate


def positive(text):
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic archive to measure against: stories of about "
        "800 words with their quotes, speakers with a Zipf skew (one says about a tenth of "
        "all quotes), outlets, events and corrections. Never part of `make run`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=positive, default=100, help="Stories (default 100).")
        parser.add_argument(
            "--quotes-per-article",
            type=positive,
            default=10,
            help="Quotes in each story (default 10).",
        )
        parser.add_argument(
            "--actors",
            type=positive,
            default=500,
            help="Actors in all: states, outlets, organisations and people (default 500).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed, the same archive."
        )
        parser.add_argument(
            "--chunk",
            type=positive,
            default=CHUNK,
            help="Stories per write, each rendered once when its write finishes "
            "(default %(default)s).",
        )

    def handle(self, *args, **options):
        def progress(text):
            if options["verbosity"]:
                self.stdout.write(text)
                self.stdout.flush()

        try:
            summary = generate(
                articles=options["articles"],
                quotes_per_article=options["quotes_per_article"],
                actors=options["actors"],
                seed=options["seed"],
                chunk=options["chunk"],
                progress=progress,
            )
        except CorpusError as exc:
            raise CommandError(f"Nothing more was generated. {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(str(summary)))
