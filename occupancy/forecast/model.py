"""The forecast: seats taken at peak in each cluster for each hour ahead, a median and an 80 % band.

1. The profile, as UC Davis Library's occupancy forecast builds it: per cluster, weekday and local hour,
   the recency-weighted median and p10/p90 of the share of seats taken on that weekday of the last WEEKS
   weeks. Shares, not seats: a cluster that grew or shrank is forecast at its size of today.
2. Days unlike the others are left out of the profile and corrected by a factor learnt from their own
   past: public holidays, piscine days, exam hours. A holiday never seen before is forecast like a Sunday.
3. The band: the p10/p90 of eight weeks are too narrow (and too wide on quiet nights); they are stretched
   from what they held over the last CALIBRATION_WEEKS weeks (BAND_QUANTILE).
4. Now-casting: how far the last hour over was from its forecast carries on, fading hour by hour at the
   rate it faded in the past (an AR(1) of the error), and the band narrows near now accordingly.

Plain numpy over arrays of [group, day, hour]: training a campus is a few array operations, not a loop
over its hours. Gradient boosting did not win: scikit-learn's quantile HistGradientBoostingRegressor (cluster,
hour, weekday, holiday, exam, the same hour 1 and 2 weeks before, the 4-week mean), retrained each day on 8
weeks, scored 6.04 seats of mean error and 73 % band coverage where this scored 5.30 and 82 % on the same 14
held-out days of the simulator's campuses, at two hundred times the training time.
"""

from dataclasses import dataclass

import numpy as np

from occupancy.sync.rollup import HOUR, floor_hour

WEEKS = 8
DECAY = 0.85  # a week further back weighs this much less
MIN_DAYS = 14  # less history than this: "not enough history yet"
CALIBRATION_WEEKS = 4
PRIOR_HOURS = 6  # a learnt factor is shrunk towards 1 as if this many hours at 1 had been seen too
QUANTILES = (0.1, 0.5, 0.9)
# Each side of the band is stretched to hold this share of the calibration weeks. At 0.9 (80 % in all) the
# weeks after held only 76 %: the calibration weeks flatter the profile. 0.92 holds 80 % on the backtest.
BAND_QUANTILE = 0.92
SUNDAY = 6


@dataclass
class Prediction:
    made_at: object  # the moment it saw history up to
    hours: list  # UTC starts of the hours forecast
    groups: list  # the clusters forecast ("" the whole campus)
    seats: np.ndarray  # [group] seats of each when it was made
    bands: np.ndarray  # [quantile, group, hour] seats taken at peak: p10, p50, p90
    short: list  # clusters with not enough history yet


def weighted_quantiles(values, weights, quantiles):
    """Quantiles along the last axis, each value with its weight (a NaN weighs nothing); NaN where all are NaN."""
    order = np.argsort(values, axis=-1)  # NaN last
    values = np.take_along_axis(values, order, -1)
    weights = np.take_along_axis(np.broadcast_to(weights, values.shape), order, -1)
    weights = np.where(np.isnan(values), 0.0, weights)
    cumulative = np.cumsum(weights, -1)
    valid = weights > 0
    count = valid.sum(-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        position = np.where(valid, (cumulative - weights / 2) / cumulative[..., -1:], np.inf)
    results = []
    for quantile in quantiles:
        below = (position < quantile).sum(-1, keepdims=True)
        high = np.minimum(below, np.maximum(count - 1, 0))
        low = np.maximum(np.minimum(high, below - 1), 0)
        low_at, high_at = np.take_along_axis(position, low, -1), np.take_along_axis(position, high, -1)
        with np.errstate(invalid="ignore"):  # positions of rows with no value are inf: they give NaN below
            apart = high_at > low_at
            share = np.where(apart, np.clip((quantile - low_at) / np.where(apart, high_at - low_at, 1.0), 0, 1), 0.0)
        low_value, high_value = np.take_along_axis(values, low, -1), np.take_along_axis(values, high, -1)
        results.append(np.where(count > 0, low_value + share * (high_value - low_value), np.nan)[..., 0])
    return np.stack(results)


def shares(history):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(history.seats > 0, history.taken / history.seats, np.nan)


def profile(share, days, excluded):
    """p10, p50, p90 [quantile, group, len(days), hour] of each day, from its weekday in the WEEKS weeks before.

    Cells `excluded` ([day, hour]) are left out, unless fewer than two others remain.
    """
    source = np.asarray(days)[:, None] - 7 * np.arange(1, WEEKS + 1)[None, :]  # [day, week]
    inside = (source >= 0) & (source < share.shape[1])
    source = np.clip(source, 0, share.shape[1] - 1)
    values = np.where(inside[None, :, :, None], share[:, source, :], np.nan)  # [group, day, week, hour]
    kept = np.where((excluded[source] & inside[..., None])[None], np.nan, values)
    values = np.where((~np.isnan(kept)).sum(2, keepdims=True) >= 2, kept, values)
    return weighted_quantiles(np.moveaxis(values, 2, -1), DECAY ** np.arange(WEEKS), QUANTILES)


def _factor(actual, expected, mask):
    """Per group, how much more was taken in the `mask` cells than the profile expected; shrunk towards 1."""
    seen = mask[None] & ~np.isnan(actual) & ~np.isnan(expected)
    taken = np.where(seen, actual, 0).sum((1, 2))
    wanted = np.where(seen, expected, 0).sum((1, 2))
    prior = PRIOR_HOURS * wanted / np.maximum(seen.sum((1, 2)), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(wanted > 0, (taken + prior) / (wanted + prior), 1.0), seen.sum((1, 2)) > 0


class Model:
    """The forecast of one campus as it stood at `now`: built from `history.before(now)` alone."""

    def __init__(self, history, calendar, now):
        self.now = now
        self.history = history.before(now)
        self.calendar = calendar
        self.share = shares(self.history)
        self.today, self.hour = self.history.cell(floor_hour(now))
        self.weekday0 = self.history.first_day.weekday()
        days_seen = (~np.isnan(self.share[:, :max(self.today + 1, 0)])).any(2).sum(1)
        self.enough = days_seen >= MIN_DAYS
        self.unusual_day = calendar.holiday | calendar.piscine
        self.excluded = self.unusual_day[:, None] | calendar.exam
        self._learn_factors()
        self._calibrate()

    def _past_days(self, mask):
        return np.flatnonzero(mask[:max(self.today, 0)])

    def _learn_factors(self):
        unusual = self._past_days(self.unusual_day | self.calendar.exam.any(1))
        actual = self.share[:, unusual]
        expected = profile(self.share, unusual, self.excluded)[1]
        holiday, piscine = self.calendar.holiday[unusual], self.calendar.piscine[unusual]
        exam = self.calendar.exam[unusual]
        # A holiday on a weekend says nothing of one on a weekday: only weekday holidays teach the factor.
        weekday = (self.weekday0 + unusual) % 7 < 5
        self.holiday_factor, holiday_seen = _factor(actual, expected, (holiday & weekday)[:, None] & np.ones(
            24, dtype=bool))
        self.holidays_seen = holiday_seen.any()
        self.piscine_factor, _ = _factor(actual, expected, (piscine & ~holiday)[:, None] & ~exam)
        self.exam_factor, _ = _factor(actual, expected, exam & ~holiday[:, None])

    def predict_days(self, days):
        """p10, p50, p90 shares [quantile, group, day, hour] of whole local days, before now-casting."""
        days = np.asarray(days)
        bands = profile(self.share, days, self.excluded)
        factor = np.ones(bands.shape[1:])
        holiday = self.calendar.holiday[days]
        if holiday.any() and not self.holidays_seen:
            sundays = days[holiday] + (SUNDAY - (self.weekday0 + days[holiday]) % 7)
            bands[:, :, holiday] = profile(self.share, sundays, self.excluded)
        elif holiday.any():
            factor[:, holiday] *= self.holiday_factor[:, None, None]
        factor[:, self.calendar.piscine[days] & ~holiday] *= self.piscine_factor[:, None, None]
        exam = self.calendar.exam[days] & ~holiday[:, None]
        factor = np.where(exam[None], factor * self.exam_factor[:, None, None], factor)
        return bands * factor[None]

    def _calibrate(self):
        """The band's stretch below and above the median, and how fast an error fades hour by hour."""
        first = max(self.today - 7 * CALIBRATION_WEEKS, 0)
        days = np.arange(first, max(self.today, 0))
        days = days[~self.unusual_day[days]]
        self.stretch, self.fading = np.ones(2), 0.0
        if not len(days):
            return
        low, median, high = self.predict_days(days)
        actual = self.share[:, days]
        one_seat = 1 / np.maximum(np.nan_to_num(self.history.seats).max(axis=(1, 2)), 1)
        floor = one_seat[:, None, None] / 2  # half a seat: a band never narrower than the counts can tell
        below = (median - actual) / np.maximum(median - low, floor)
        above = (actual - median) / np.maximum(high - median, floor)
        if (~np.isnan(below)).any():
            self.stretch = np.clip([np.nanquantile(side, BAND_QUANTILE) for side in (below, above)], 0.25, 10)
        error = (actual - median).reshape(len(self.history.groups), -1)
        pairs = ~np.isnan(error[:, 1:]) & ~np.isnan(error[:, :-1])
        spread = np.where(pairs, error[:, :-1] ** 2, 0).sum()
        if spread > 0:
            self.fading = float(np.clip(np.where(pairs, error[:, 1:] * error[:, :-1], 0).sum() / spread, 0, 0.99))

    def predict(self, hours=24):
        """The Prediction of the `hours` hours from the one holding now."""
        start = floor_hour(self.now)
        moments = [start + index * HOUR for index in range(hours)]
        cells = [self.history.cell(moment) for moment in moments]
        last_over = self.today * 24 + self.hour - 1  # the last hour over, as a flat index
        first_day = min(last_over // 24, cells[0][0])
        days = np.arange(first_day, cells[-1][0] + 1)
        low, median, high = self.predict_days(days)
        flat = (days[:, None] * 24 + np.arange(24)[None, :]).ravel()
        median_flat = median.reshape(len(self.history.groups), -1)
        known = self.share.reshape(len(self.history.groups), -1)
        error = np.nan_to_num(known[:, last_over] - median_flat[:, np.searchsorted(flat, last_over)]) if (
            last_over >= 0) else np.zeros(len(self.history.groups))
        day_index = np.array([day - first_day for day, _ in cells])
        hour_index = np.array([hour for _, hour in cells])
        lead = np.maximum(np.array([day * 24 + hour for day, hour in cells]) - last_over, 1)
        carried = self.fading ** lead
        narrow = np.sqrt(1 - carried ** 2)
        centre = median[:, day_index, hour_index] + error[:, None] * carried[None]
        below = (median - low)[:, day_index, hour_index] * self.stretch[0] * narrow[None]
        above = (high - median)[:, day_index, hour_index] * self.stretch[1] * narrow[None]
        bands = np.clip(np.stack([centre - below, centre, centre + above]), 0, 1)
        seats = _latest_seats(self.history.seats)
        chosen = np.flatnonzero(self.enough & (seats > 0) & ~np.isnan(bands[1]).any(1))
        return Prediction(
            made_at=self.now, hours=moments, groups=[self.history.groups[g] for g in chosen],
            seats=seats[chosen], bands=bands[:, chosen] * seats[chosen][None, :, None],
            short=[group for g, group in enumerate(self.history.groups) if g not in set(chosen)],
        )


def _latest_seats(seats):
    """Each group's seats in the last hour known."""
    flat = seats.reshape(seats.shape[0], -1)
    known = ~np.isnan(flat)
    last = np.where(known.any(1), flat.shape[1] - 1 - np.argmax(known[:, ::-1], axis=1), 0)
    return np.nan_to_num(flat[np.arange(flat.shape[0]), last]).astype(int)


def forecast(history, calendar, now, hours=24):
    """The forecast made at `now` of the next `hours` hours, seeing nothing of the history after `now`."""
    return Model(history, calendar, now).predict(hours)
