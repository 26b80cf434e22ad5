"""Replaying history: each held-out day is forecast from its local midnight with only what came before it,
then scored hour by hour against what happened, beside two baselines scored on the very same hours.

Scores are over every cluster-hour (nights included), in seats and in percent of the cluster's seats.
"""

from dataclasses import dataclass

import numpy as np

from occupancy.forecast.history import load_calendar, load_history
from occupancy.forecast.model import QUANTILES, forecast
from occupancy.sync.rollup import WHOLE_CAMPUS

FORECAST = "forecast"
LAST_WEEK = "same hour last week"
MEDIAN = "weekday-hour median"
METHODS = (FORECAST, LAST_WEEK, MEDIAN)


@dataclass
class Replay:
    """For each method, [quantile, cell] seats of the cells replayed, with what happened and the seats then."""

    actual: np.ndarray
    seats: np.ndarray
    bands: dict

    @classmethod
    def empty(cls):
        return cls(np.zeros(0), np.zeros(0), {method: np.zeros((3, 0)) for method in METHODS})

    def __add__(self, other):
        return Replay(np.concatenate([self.actual, other.actual]), np.concatenate([self.seats, other.seats]),
                      {method: np.concatenate([self.bands[method], other.bands[method]], axis=1)
                       for method in METHODS})


def replay(history, calendar_at, days):
    """Forecast each local day (index into `history`) from its midnight, with the calendar known then
    (`calendar_at(moment)`); a Replay of every cluster-hour."""
    result = Replay.empty()
    for day in days:
        midnight = history.day_start(day)
        prediction = forecast(history, calendar_at(midnight), midnight, hours=24)
        rows = [history.groups.index(group) for group in prediction.groups if group != WHOLE_CAMPUS]
        chosen = [index for index, group in enumerate(prediction.groups) if group != WHOLE_CAMPUS]
        cells = [history.cell(moment) for moment in prediction.hours]
        day_of, hour_of = np.array([c[0] for c in cells]), np.array([c[1] for c in cells])
        actual = history.taken[rows][:, day_of, hour_of]
        known = ~np.isnan(actual) & (day_of < history.days)[None]
        weeks = np.arange(1, day // 7 + 1)
        past = history.taken[rows][:, day_of[:, None] - 7 * weeks[None, :], hour_of[:, None]]  # [group, hour, week]
        with np.errstate(all="ignore"):
            median = np.nanquantile(past, QUANTILES, axis=-1) if len(weeks) else np.full((3, *actual.shape), np.nan)
        last_week = np.broadcast_to(past[..., 0] if len(weeks) else np.full(actual.shape, np.nan), (3, *actual.shape))
        known &= ~np.isnan(last_week[0]) & ~np.isnan(median[1])
        result += Replay(actual[known], history.seats[rows][:, day_of, hour_of][known], {
            FORECAST: prediction.bands[:, chosen][:, known], LAST_WEEK: last_week[:, known], MEDIAN: median[:, known]})
    return result


def scores(played):
    """{method: {mae, mae_percent, pinball (p10, p50, p90), coverage}} in seats; coverage None without a band."""
    out = {}
    for method, bands in played.bands.items():
        if not played.actual.size:
            out[method] = None
            continue
        error = played.actual[None] - bands
        pinball = [float(np.mean(np.maximum(q * e, (q - 1) * e))) for q, e in zip(QUANTILES, error, strict=True)]
        out[method] = {
            "mae": float(np.mean(np.abs(error[1]))),
            "mae_percent": float(np.mean(np.abs(error[1]) / np.maximum(played.seats, 1)) * 100),
            "pinball": pinball,
            "coverage": None if method == LAST_WEEK else float(
                np.mean((bands[0] <= played.actual) & (played.actual <= bands[2])) * 100),
            "cells": int(played.actual.size),
        }
    return out


@dataclass
class Table:
    rows: list  # [(campus name or "all campuses", scores)]
    days: int  # days forecast in all


def backtest_campuses(campuses, *, weeks, now):
    """Replay the last `weeks` weeks before `now` (whole local days) of each campus; scores per campus and overall."""
    rows, total, days_played = [], Replay.empty(), 0
    for campus in campuses:
        history = load_history(campus, until=now)
        last = history.cell(now)[0]  # today is not over: the replay stops the day before
        days = range(max(last - 7 * weeks, 0), last)
        played = replay(history, lambda moment, h=history, c=campus: load_calendar(c, h, known_at=moment), days)
        rows.append((campus.name, scores(played)))
        total += played
        days_played += len(days)
    if len(rows) > 1:
        rows.append(("all campuses", scores(total)))
    return Table(rows=rows, days=days_played)


def markdown(table):
    """The backtest as a Markdown table: one line per campus and method."""
    lines = ["| campus | method | MAE (seats) | MAE (% of seats) | pinball p10 / p50 / p90 | p10-p90 coverage |",
             "|---|---|---|---|---|---|"]
    for name, found in table.rows:
        for method in METHODS:
            score = found[method]
            if score is None:
                lines.append(f"| {name} | {method} | not enough history yet | | | |")
                continue
            coverage = "no band" if score["coverage"] is None else f"{score['coverage']:.1f} %"
            lines.append(f"| {name} | {method} | {score['mae']:.2f} | {score['mae_percent']:.2f} | "
                         f"{' / '.join(f'{v:.2f}' for v in score['pinball'])} | {coverage} |")
    return "\n".join(lines)
