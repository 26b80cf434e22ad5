"""Forecast: backtest on the simulator's campuses (held-out days forecast from the days before only); training time

The simulator's world (three campuses, their users' weekly and daily rhythm, public holidays of their
countries) is generated for HISTORY_WEEKS weeks and loaded through the locations feed's own upsert and
roll-up, as a backfill would. `forecast_backtest`'s replay then scores the last HELD_OUT_WEEKS weeks. Training
time is measured on a 1,000-seat campus (10 clusters) with a year of hourly roll-up.
"""

import os
import time
from datetime import UTC, datetime

import numpy as np
from django.db import connection, transaction

from bench.report import target
from intrasim.world import World
from occupancy.forecast.backtest import FORECAST, LAST_WEEK, MEDIAN, backtest_campuses
from occupancy.forecast.history import load_calendar, load_history
from occupancy.forecast.model import Model
from occupancy.forecast.present import strip
from occupancy.forecast.store import compute_forecasts
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
    """Seconds to load a year of a 1,000-seat campus's roll-up (10 clusters) and train its forecast (best of 3).

    The roll-up rows are written directly (a weekly and daily rhythm with noise): training reads only them.
    """
    rng = np.random.default_rng(42)
    campus = Campus.objects.create(id=9001, name="Bench", time_zone="Europe/Paris", country="France")
    until = START
    hours = [until - HOUR * (index + 1) for index in range(365 * 24)]
    local = np.array([(hour.hour + 1) % 24 for hour in hours])
    weekday = np.array([hour.weekday() < 5 for hour in hours])
    share = np.clip(0.05 + 0.7 * np.sin(np.pi * np.clip(local - 7, 0, 15) / 15) ** 2 * np.where(weekday, 1, 0.5),
                    0, 1)
    rows = []
    for cluster in ["", *(f"c{number}" for number in range(1, 11))]:
        seats = 1000 if cluster == "" else 100
        taken = np.clip(rng.binomial(seats, share), 0, seats)
        rows += [OccupancyHour(campus=campus, cluster=cluster, hour=hour, seats=seats, taken_peak=int(value))
                 for hour, value in zip(hours, taken, strict=True)]
    OccupancyHour.objects.bulk_create(rows, batch_size=5000)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        history = load_history(campus, until=until)
        Model(history, load_calendar(campus, history, known_at=until), until).predict(24 * 7)
        best = min(best, time.perf_counter() - started)
    started = time.perf_counter()
    compute_forecasts(campus, now=until)
    hourly_run = time.perf_counter() - started
    reading = min(_timed(lambda: strip(campus, "c1", now=until)) for _ in range(5))
    return best, len(rows), hourly_run, reading


def _timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


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
    seconds, hours, hourly_run, reading = training_time()
    rows += [(f"training: 1,000-seat campus, a year of roll-up ({hours:,} rows), load + fit + week ahead", seconds,
              "s", target("< 60 s", lambda v: v < 60)),
             ("the hourly task for that campus, with its first 35 midnight forecasts kept", hourly_run, "s", None),
             ("reading a cluster's strip from the Forecast table (what a page adds)", reading, "ms",
              target("< 10 ms", lambda v: v < 10))]
    return rows
