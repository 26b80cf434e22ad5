"""Forecast: backtest on the simulator's campuses (held-out days forecast from the days before only); training time

The simulator's world (three campuses, their users' weekly and daily rhythm, public holidays of their
countries) is generated for HISTORY_WEEKS weeks and loaded through the locations feed's own upsert and
roll-up, as a backfill would. `forecast_backtest`'s replay then scores the last HELD_OUT_WEEKS weeks. Training
time is measured on the roll-up bench's kind of campus: 1,000 seats in 10 clusters with a year of history.
"""

import os
import time
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from bench.report import target
from intrasim.world import World
from occupancy.forecast.backtest import FORECAST, LAST_WEEK, MEDIAN, backtest_campuses
from occupancy.forecast.history import load_calendar, load_history
from occupancy.forecast.model import Model
from occupancy.models import Campus, OccupancyHour
from occupancy.sync.locations import upsert_locations
from occupancy.sync.rollup import HOUR, TouchedHours, roll_up_touched

HELD_OUT_WEEKS = int(os.environ.get("BENCH_FORECAST_WEEKS", "4"))
HISTORY_WEEKS = HELD_OUT_WEEKS + 16
START = datetime(2026, 11, 23, tzinfo=UTC)  # a Monday: the held-out weeks hold both countries' November holidays
SEED = 7
CHUNK = 20_000


def load_simulated_history(world, until):
    """The world's campuses and every session begun by `until`, through the feed's upsert and the roll-up."""
    Campus.objects.bulk_create([Campus(id=c["id"], name=c["name"], time_zone=c["time_zone"], country=c["country"])
                                for c in world.campuses()])
    sessions = world.visible_sessions(until)
    touched = TouchedHours()
    for start in range(0, len(sessions), CHUNK):
        with transaction.atomic():
            upsert_locations([world.location_json(s, until) for s in sessions[start:start + CHUNK]], touched)
    roll_up_touched(touched, now=until)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(sessions)


def training_time():
    """Seconds to load a year of the roll-up bench's 1,000-seat campus and train its forecast (best of 3)."""
    from bench.bench_rollup import CAMPUS_ID, DAYS, FIRST_DAY, generate
    from occupancy.sync.rollup import roll_up
    from occupancy.usage import local_day_bounds

    campus, _ = generate()
    since, until = local_day_bounds(campus, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
    roll_up(CAMPUS_ID, since, until, now=until)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        history = load_history(campus, until=until)
        Model(history, load_calendar(campus, history, known_at=until), until).predict(24 * 7)
        best = min(best, time.perf_counter() - started)
    return best, OccupancyHour.objects.filter(campus=campus).count()


def run():
    started = time.perf_counter()
    world = World(SEED, START, HISTORY_WEEKS * 7)
    sessions = load_simulated_history(world, START)
    loaded = time.perf_counter() - started
    campuses = list(Campus.objects.order_by("id"))
    started = time.perf_counter()
    table = backtest_campuses(campuses, weeks=HELD_OUT_WEEKS, now=START - HOUR)
    replayed = time.perf_counter() - started
    rows = [(f"simulated history: {HISTORY_WEEKS} weeks, sessions loaded", sessions, "", None),
            ("generating and loading it (feed upsert + roll-up)", loaded, "s", None),
            (f"backtest: {HELD_OUT_WEEKS} held-out weeks x 3 campuses, days forecast", table.days, "", None),
            ("backtest time in all", replayed, "s", None)]
    for name, scores in table.rows:
        ours, last_week, median = scores[FORECAST], scores[LAST_WEEK], scores[MEDIAN]
        if ours is None:
            continue
        gain = 100 * (1 - ours["mae"] / last_week["mae"])
        rows += [
            (f"{name}: MAE forecast / same hour last week / weekday-hour median",
             f"{ours['mae']:.2f} / {last_week['mae']:.2f} / {median['mae']:.2f}", "seats", None),
            (f"{name}: MAE in % of the cluster's seats, forecast / last week / median",
             f"{ours['mae_percent']:.2f} / {last_week['mae_percent']:.2f} / {median['mae_percent']:.2f}", "%",
             None),
            (f"{name}: pinball p10 / p50 / p90, forecast", " / ".join(f"{v:.2f}" for v in ours["pinball"]), "seats",
             None),
            (f"{name}: pinball p10 / p50 / p90, weekday-hour median",
             " / ".join(f"{v:.2f}" for v in median["pinball"]), "seats", None),
            (f"{name}: error below same hour last week", gain, "%", target(">= 20 %", lambda v: v >= 20)),
            (f"{name}: band p10-p90 coverage, forecast (median baseline {median['coverage']:.1f} %)",
             ours["coverage"], "%", target("75-85 %", lambda v: 75 <= v <= 85)),
        ]
    seconds, hours = training_time()
    rows += [(f"training: 1,000-seat campus, a year of roll-up ({hours:,} rows), load + fit + week ahead", seconds,
              "s", target("< 60 s", lambda v: v < 60))]
    return rows
