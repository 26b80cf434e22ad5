"""What the model reads: a campus's hourly roll-up on a grid of local days by local hour, and its calendar.

Weekday and hour are the campus's own (a Monday at 14:00 in Paris), so the grid is laid out in its time
zone: on the night clocks go back two UTC hours share a cell (the busier one is kept), on the night they
go forward one cell stays empty. Cells with no roll-up row are unknown (NaN), not zero.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np
from django.db.models import Q
from holidays.registry import COUNTRIES

from occupancy.models import OccupancyHour, ProjectSession
from occupancy.sync.rollup import HOUR, WHOLE_CAMPUS, floor_hour

HISTORY_WEEKS = 52
AHEAD_DAYS = 9  # the grid reaches this far past its last data: the week ahead, whatever the hour and zone
PISCINE_CURSUS_ID = 9  # the intra's "C Piscine" cursus: its sessions mark a piscine month at the campus


@dataclass(frozen=True)
class History:
    zone: ZoneInfo
    first_day: date
    groups: list  # WHOLE_CAMPUS first, then the clusters
    taken: np.ndarray  # [group, day, hour] seats taken at peak; NaN: no row
    seats: np.ndarray  # [group, day, hour] the cluster's seats in that hour

    @property
    def days(self):
        return self.taken.shape[1]

    def cell(self, moment):
        """(day index, local hour) of the hour holding `moment`."""
        local = moment.astimezone(self.zone)
        return (local.date() - self.first_day).days, local.hour

    def day_start(self, index):
        """The UTC moment a local day begins."""
        return datetime.combine(self.first_day + timedelta(days=index), time(), self.zone).astimezone(ZoneInfo("UTC"))

    def before(self, moment):
        """The same history as it stood at `moment`: every hour not over by then is unknown."""
        day, hour = self.cell(floor_hour(moment))
        taken, seats = self.taken.copy(), self.seats.copy()
        for grid in (taken, seats):
            grid[:, max(day + 1, 0):] = np.nan
            if 0 <= day < self.days:
                grid[:, day, hour:] = np.nan
        return replace(self, taken=taken, seats=seats)


@dataclass(frozen=True)
class Calendar:
    """What is known ahead of each day of a History: public holidays, piscine days and exam hours."""

    holiday: np.ndarray  # [day] bool
    piscine: np.ndarray  # [day] bool
    exam: np.ndarray  # [day, hour] bool


def load_history(campus, *, until, weeks=HISTORY_WEEKS):
    """The roll-up of the `weeks` before `until` (hours over by then only), on the campus's local grid."""
    zone = ZoneInfo(campus.time_zone)
    last = floor_hour(until)
    rows = list(OccupancyHour.objects.filter(campus=campus, hour__gte=last - timedelta(weeks=weeks), hour__lt=last)
                .values_list("cluster", "hour", "seats", "taken_peak"))
    first_day = min((hour for _, hour, _, _ in rows), default=last).astimezone(zone).date()
    days = (last.astimezone(zone).date() - first_day).days + 1 + AHEAD_DAYS
    groups = [WHOLE_CAMPUS, *sorted({cluster for cluster, _, _, _ in rows} - {WHOLE_CAMPUS})]
    index = {group: number for number, group in enumerate(groups)}
    taken = np.full((len(groups), days, 24), np.nan)
    seats = np.full((len(groups), days, 24), np.nan)
    cells = {}
    for cluster, hour, seat_count, peak in rows:
        if hour not in cells:
            local = hour.astimezone(zone)
            cells[hour] = ((local.date() - first_day).days, local.hour)
        day, local_hour = cells[hour]
        group = index[cluster]
        if not peak <= taken[group, day, local_hour]:  # NaN compares false: the first row of the cell lands
            taken[group, day, local_hour], seats[group, day, local_hour] = peak, seat_count
    return History(zone=zone, first_day=first_day, groups=groups, taken=taken, seats=seats)


@cache
def holiday_code(country):
    """The `holidays` package's code for a country as the intra names it ("France", "United States"); or None."""
    wanted = country.replace(" ", "").replace("-", "").lower()
    return next((entry[1] for entry in COUNTRIES.values() if entry[0].lower() == wanted), None)


def public_holidays(country, first_day, last_day):
    """The dates of public holidays of the country between the two days (none for a country not known)."""
    code = holiday_code(country) if country else None
    if code is None:
        return set()
    return {day for day in holidays.country_holidays(code, years=range(first_day.year, last_day.year + 1))
            if first_day <= day <= last_day}


def load_calendar(campus, history, *, known_at):
    """The calendar of every day of `history`, from what was known at `known_at` (sessions since changed unseen)."""
    last_day = history.first_day + timedelta(days=history.days - 1)
    holiday = np.zeros(history.days, dtype=bool)
    for day in public_holidays(campus.country, history.first_day, last_day):
        holiday[(day - history.first_day).days] = True
    piscine = np.zeros(history.days, dtype=bool)
    exam = np.zeros((history.days, 24), dtype=bool)
    start, stop = history.day_start(0), history.day_start(history.days)
    sessions = ProjectSession.objects.filter(Q(campus_id=campus.id) | Q(campus_id__isnull=True), begin_at__lt=stop,
                                             end_at__gt=start, updated_at__lte=known_at)
    for begin, end, exam_session, cursus_id, campus_id in sessions.values_list(
            "begin_at", "end_at", "project__exam", "cursus_id", "campus_id"):
        if exam_session:
            moment = floor_hour(max(begin, start))
            while moment < min(end, stop):
                day, hour = history.cell(moment)
                exam[day, hour] = True
                moment += HOUR
        elif cursus_id == PISCINE_CURSUS_ID and campus_id == campus.id:
            first, last = history.cell(max(begin, start))[0], history.cell(min(end, stop) - HOUR)[0]
            piscine[first:last + 1] = True
    return Calendar(holiday=holiday, piscine=piscine, exam=exam)
