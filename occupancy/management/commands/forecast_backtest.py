from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from occupancy.forecast.backtest import backtest_campuses, markdown
from occupancy.models import Campus


class Command(BaseCommand):
    help = ("Replay the last --weeks weeks: each day forecast from its midnight with only the history before it, "
            "scored against what happened beside two baselines, per campus and overall.")

    def add_arguments(self, parser):
        parser.add_argument("--campus", type=int, action="append", help="An intra campus id (repeatable); "
                                                                        "default: every campus.")
        parser.add_argument("--weeks", type=int, default=4, help="Held-out weeks (default 4).")

    def handle(self, campus=None, weeks=4, **options):
        if not 1 <= weeks <= 52:
            raise CommandError("--weeks must be between 1 and 52")
        campuses = Campus.objects.order_by("name")
        if campus:
            campuses = campuses.filter(id__in=campus)
            missing = set(campus) - {c.id for c in campuses}
            if missing:
                raise CommandError(f"no campus {', '.join(map(str, sorted(missing)))}")
        table = backtest_campuses(list(campuses), weeks=weeks, now=timezone.now())
        self.stdout.write(f"{table.days} days forecast, {weeks} held-out weeks; errors over every cluster-hour\n")
        self.stdout.write(markdown(table))
