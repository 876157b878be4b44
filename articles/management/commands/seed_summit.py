from django.core.management.base import BaseCommand, CommandError

from articles.seeding import SUMMIT_BODY, SUMMIT_DATA, SeedError, read_summit, seed_load


class Command(BaseCommand):
    help = (
        "Load the summit report, the story Diplomatic Desk ships with, and every actor, "
        "event and quote it names. Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            default=SUMMIT_DATA,
            help="The seed's JSON description (default: %(default)s).",
        )
        parser.add_argument(
            "--body", default=SUMMIT_BODY, help="The story's text (default: %(default)s)."
        )

    def handle(self, *args, data, body, **options):
        try:
            data, body = read_summit(data_path=data, body_path=body)
            summary = seed_load(data=data, body=body)
        except SeedError as exc:
            raise CommandError(f"Nothing was seeded. {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(str(summary)))
