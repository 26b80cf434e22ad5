import sys
from datetime import UTC, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from kombu.exceptions import OperationalError

from occupancy.input_limits import check_id, check_moment
from occupancy.intra import IntraError
from occupancy.intra.factory import client_from_settings
from occupancy.sync.backfill import FEED, backfill_locations
from occupancy.sync.locations import ensure_campuses
from occupancy.sync.normalise import MalformedItem
from occupancy.sync.state import FeedBusy, feed_lock, save_api_usage
from occupancy.tasks import compute_forecasts


def parse_moment(value):
    """A date (midnight UTC) or an ISO date-time; raises ValueError with a readable reason."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD) or an ISO date-time")
        moment = datetime.combine(day, time.min)
    return check_moment(moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC))


def progress_bar(label, stream=None):
    """Redraw one line on a terminal; into a log file, a line every tenth of the way."""
    stream = stream or sys.stderr  # the stderr of the moment (not of import time, which may be closed since)
    interactive = stream.isatty()
    shown = [-1]

    def show(done, total, rate):
        if not interactive:
            tenth = int(10 * done / total) if total else done // 10_000
            if tenth == shown[0]:
                return
            shown[0] = tenth
        if total:
            eta = max(total - done, 0) / rate if rate else 0
            stream.write(f"\r{label}: {done}/{total} ({done / total:.0%}) {rate:.0f} rows/s ETA {eta:.0f} s   ")
        else:
            stream.write(f"\r{label}: {done} rows {rate:.0f} rows/s   ")
        if not interactive:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Load past locations of a campus; resumes where a stopped run left off, sharing the rate limiter."

    def add_arguments(self, parser):
        parser.add_argument("--campus", type=int, required=True, help="The intra campus id.")
        parser.add_argument("--since", required=True, help="YYYY-MM-DD or an ISO date-time.")
        parser.add_argument("--until", help="Default: now.")
        parser.add_argument("--foreground", action="store_true",
                            help="Use the whole rate limit (no live feed is running, as in the demo's first load).")

    def handle(self, campus, since, until=None, foreground=False, **options):
        try:
            check_id(campus, "--campus")
            since = parse_moment(since)
            until = parse_moment(until) if until else timezone.now()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if since >= until:
            raise CommandError("--since must be before --until")
        client = client_from_settings(background=not foreground)
        ensure_campuses({campus})
        try:
            with feed_lock(f"{FEED}:{campus}", ttl=24 * 3600):
                result = backfill_locations(client, campus_id=campus, since=since, until=until,
                                            progress=progress_bar(f"campus {campus}"))
        except FeedBusy:
            raise CommandError(f"a backfill of campus {campus} is already running") from None
        except (IntraError, MalformedItem) as error:
            raise CommandError(f"stopped (run again to resume): {error}") from None
        finally:
            save_api_usage(client.stats)
        sys.stderr.write("\n")
        self.stdout.write(f"campus {campus}: {result.created} new, {result.updated} updated, "
                          f"{result.requests} requests")
        try:
            compute_forecasts.delay(campus)  # the new history changes the forecast: recompute now, not in an hour
        except OperationalError:
            self.stderr.write("forecast not queued (the broker does not answer): it runs at its next hour")
