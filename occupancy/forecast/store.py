"""The Forecast table: written ahead, every hour, by the forecast task; pages and JSON only read it.

Per campus, a run writes the hours ahead ("latest", replacing the run before), the forecast of each
local day as it stood at that day's midnight ("day", once per day, kept so staff can judge it), and the
error those day forecasts turned out to have, kept with the run in SyncState (feed "forecast").
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import transaction

from occupancy.forecast.history import load_calendar, load_history
from occupancy.forecast.model import Model, forecast
from occupancy.models import Campus, Forecast, OccupancyHour, SyncState
from occupancy.sync.rollup import floor_hour
from occupancy.sync.state import FeedResult, feed_lock, feed_state, save_failure, save_success

FEED = "forecast"
LATEST, DAY = "latest", "day"
AHEAD_HOURS = 24 * 7
ERROR_DAYS = 28  # the status page's error: the day forecasts of the last four weeks


def compute_forecasts(campus, *, now):
    """Recompute one campus's forecasts as of `now`; running it twice writes the same rows. Returns rows written."""
    history = load_history(campus, until=now)
    calendar = load_calendar(campus, history, known_at=now)
    latest = Model(history, calendar, now).predict(AHEAD_HOURS)
    today = history.cell(now)[0]
    first = max(today - settings.FORECAST_REPLAY_DAYS, 0)
    kept = {history.cell(hour)[0] for hour in Forecast.objects.filter(
        campus=campus, issue=DAY, hour__gte=history.day_start(first)).values_list("hour", flat=True).distinct()}
    days = []
    for day in range(first, today + 1):
        if day in kept:
            continue
        midnight = history.day_start(day)
        days.append(forecast(history, load_calendar(campus, history, known_at=midnight), midnight, hours=24))
    with transaction.atomic():
        Forecast.objects.filter(campus=campus, issue=LATEST).delete()
        written = Forecast.objects.bulk_create(_rows(campus, latest, LATEST), batch_size=2000)
        for prediction in days:
            written += Forecast.objects.bulk_create(_rows(campus, prediction, DAY), batch_size=2000,
                                                    ignore_conflicts=True)
        state = feed_state(FEED, campus.id)
        save_success(state, now=now, result=FeedResult(created=len(written)),
                     cursor={"short": latest.short, "error": measured_error(campus, now=now)})
    return len(written)


def run_forecasts(*, now, campus_ids=None):
    """Recompute the forecasts of every campus (or those given), one run at a time; a campus that fails is
    recorded on the status page and the others go on. Returns rows written."""
    campuses = Campus.objects.all() if campus_ids is None else Campus.objects.filter(id__in=campus_ids)
    written = 0
    with feed_lock(FEED, settings.SYNC_LOCK_TTL):
        for campus in campuses:
            try:
                written += compute_forecasts(campus, now=now)
            except Exception as error:  # one campus's bad data must not stop the others' forecasts
                save_failure(FEED, error, now=now, campus_id=campus.id)
    return written


def _rows(campus, prediction, issue):
    return [Forecast(campus=campus, cluster=group, issue=issue, hour=hour, made_at=prediction.made_at,
                     seats=int(prediction.seats[g]), p10=round(float(low), 2), p50=round(float(median), 2),
                     p90=round(float(high), 2))
            for g, group in enumerate(prediction.groups)
            for hour, low, median, high in zip(prediction.hours, *prediction.bands[:, g], strict=True)]


def measured_error(campus, *, now):
    """How the day forecasts of the last ERROR_DAYS did on the clusters, beside "same hour last week"; or None."""
    since = floor_hour(now) - timedelta(days=ERROR_DAYS)
    rows = list(Forecast.objects.filter(campus=campus, issue=DAY, hour__gte=since, hour__lt=floor_hour(now))
                .exclude(cluster="").values_list("cluster", "hour", "p10", "p50", "p90"))
    actual = {(cluster, hour): (taken, seats) for cluster, hour, taken, seats in OccupancyHour.objects.filter(
        campus=campus, hour__gte=since - timedelta(days=7), hour__lt=floor_hour(now)).exclude(cluster="")
        .values_list("cluster", "hour", "taken_peak", "seats")}
    found = [(actual[c, h][0], actual[c, h][1], low, median, high, actual[c, h - timedelta(days=7)][0])
             for c, h, low, median, high in rows if (c, h) in actual and (c, h - timedelta(days=7)) in actual]
    if not found:
        return None
    taken, seats, low, median, high, last_week = np.array(found, dtype=float).T
    return {
        "hours": len(found),
        "mae": round(float(np.mean(np.abs(taken - median))), 2),
        "mae_percent": round(float(np.mean(np.abs(taken - median) / np.maximum(seats, 1)) * 100), 2),
        "coverage": round(float(np.mean((low <= taken) & (taken <= high)) * 100), 1),
        "last_week_mae": round(float(np.mean(np.abs(taken - last_week))), 2),
    }


# --- the read side ---------------------------------------------------------------------------


@dataclass
class Outlook:
    """A cluster's forecast of the hours ahead, as pages show it."""

    cluster: str
    seats: int
    made_at: object
    hours: list  # [Forecast] from the current hour on
    stale: bool  # made more than FORECAST_MAX_AGE ago: not to be shown as current

    def best_hour(self, zone, *, until_hour=22):
        """The hour left today (local, before `until_hour`) with the most seats free by the median; or None."""
        today = self.hours[0].hour.astimezone(zone).date() if self.hours else None
        left = [row for row in self.hours if row.hour.astimezone(zone).date() == today
                and row.hour.astimezone(zone).hour < until_hour]
        return min(left, key=lambda row: (row.p50, row.hour), default=None)

    def busy_spell(self, *, share):
        """(first busy hour, first hour with seats again after it) over the hours ahead; None when never busy."""
        limit = share * self.seats
        start = next((row for row in self.hours if row.p50 >= limit), None)
        if start is None:
            return None
        after = next((row for row in self.hours if row.hour > start.hour and row.p50 < limit), None)
        return start, after


def outlooks(campus, *, now, clusters=None, hours=12):
    """{cluster: Outlook} of the campus's latest forecast from now's hour ("" the whole campus); one query."""
    start = floor_hour(now)
    query = Forecast.objects.filter(campus=campus, issue=LATEST, hour__gte=start, hour__lt=start + timedelta(
        hours=hours)).order_by("cluster", "hour")
    if clusters is not None:
        query = query.filter(cluster__in=clusters)
    found = {}
    for row in query:
        outlook = found.get(row.cluster)
        if outlook is None:
            stale = now - row.made_at > timedelta(seconds=settings.FORECAST_MAX_AGE)
            outlook = found[row.cluster] = Outlook(row.cluster, row.seats, row.made_at, [], stale)
        outlook.hours.append(row)
    return found


def short_of_history(campus):
    """Clusters the last run found with not enough history yet; None when no run has been made for the campus."""
    state = SyncState.objects.filter(feed=FEED, campus_id=campus.id).first()
    return None if state is None or state.last_success_at is None else set(state.cursor.get("short", []))


def forecast_states():
    """{campus id: SyncState} of the forecast runs."""
    return {state.campus_id: state for state in SyncState.objects.filter(feed=FEED)}


def day_forecasts(campus, cluster, since, until):
    """[(hour, seats, taken or None, p10, p50, p90)] of the midnight forecasts kept for [since, until), with what
    then happened (None for an hour not over or not rolled up); two queries."""
    actual = dict((hour, taken) for hour, taken in OccupancyHour.objects.filter(
        campus=campus, cluster=cluster, hour__gte=since, hour__lt=until).values_list("hour", "taken_peak"))
    return [(hour, seats, actual.get(hour), low, median, high) for hour, seats, low, median, high in
            Forecast.objects.filter(campus=campus, cluster=cluster, issue=DAY, hour__gte=since, hour__lt=until)
            .order_by("hour").values_list("hour", "seats", "p10", "p50", "p90")]
