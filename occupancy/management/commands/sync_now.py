from django.core.management.base import BaseCommand, CommandError

from occupancy.intra import IntraError
from occupancy.sync.normalise import MalformedItem
from occupancy.sync.runner import FEEDS, run_feed
from occupancy.sync.state import FeedBusy


class Command(BaseCommand):
    help = "Run one feed (or all) once in the foreground."

    def add_arguments(self, parser):
        parser.add_argument("feed", nargs="?", choices=sorted(FEEDS), help="Default: every feed in turn.")

    def handle(self, feed=None, **options):
        for name in [feed] if feed else list(FEEDS):
            try:
                result = run_feed(name)
            except FeedBusy:
                raise CommandError(f"{name}: another run of this feed is going on") from None
            except (IntraError, MalformedItem) as error:
                raise CommandError(f"{name}: {error}") from None
            self.stdout.write(
                f"{name}: {result.requests} requests, {result.created} new, {result.updated} updated,"
                f" {result.deleted} removed {result.details or ''}".rstrip()
            )
