from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from occupancy.intra.factory import client_from_settings
from occupancy.models import SyncState
from occupancy.sync.runner import campus_ids

MAX_DAYS = 3660  # ten years of simulated history is more than any demo needs, and far inside the calendar


class Command(BaseCommand):
    help = "The demo's first load: campuses, then --days of location history, once (later starts skip it)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, days, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be from 1 to {MAX_DAYS}")
        if SyncState.objects.filter(feed="backfill", last_success_at__isnull=False).exists():
            self.stdout.write("history already loaded")
            return
        since = (timezone.now() - timedelta(days=days)).isoformat()
        for campus in campus_ids(client_from_settings()):
            call_command("backfill_locations", campus=campus, since=since, foreground=True)
        for feed in ("locations", "pools", "balances", "project_sessions", "clusters"):  # clusters: seen hosts first
            call_command("sync_now", feed)
