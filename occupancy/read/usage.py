"""The read side of the usage charts: how a campus was used, from the hourly roll-up and the other feeds.

Plain functions, one query per question (a chart over a year reads the roll-up, never every location).
Periods are [since, until) in UTC; days are the campus's local days.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncDay
from django.utils import timezone

from occupancy.models import Balance, Location, OccupancyHour, Pool, PoolPoints, ProjectSession
from occupancy.sync.rollup import HOUR, WHOLE_CAMPUS, floor_hour

DAY = timedelta(days=1)


@dataclass(frozen=True)
class OccupancyPoint:
    start: datetime  # the hour, or the local midnight of the day
    seats: int
    taken_peak: int  # most seats taken at once
    taken_mean: float  # seats taken on average (seat-seconds / seconds)
    people: int  # distinct people in the hour; for a day, in its busiest hour


def local_day_bounds(campus, first_day, last_day):
    """[since, until) in UTC of the local days first_day to last_day, both included."""
    zone = ZoneInfo(campus.time_zone)
    return (datetime.combine(first_day, time(), zone).astimezone(ZoneInfo("UTC")),
            datetime.combine(last_day + DAY, time(), zone).astimezone(ZoneInfo("UTC")))


def first_day(campus):
    """The first local day of the campus's hourly roll-up, None before any. One query."""
    first = OccupancyHour.objects.filter(campus=campus, cluster=WHOLE_CAMPUS).aggregate(first=Min("hour"))["first"]
    return first.astimezone(ZoneInfo(campus.time_zone)).date() if first else None


def occupancy_series(campus, since, until, by="hour", cluster=None):
    """OccupancyPoints per hour or per local day of [since, until), one for every period (zeros where no row).

    cluster None or "" is the whole campus. One query.
    """
    rows = OccupancyHour.objects.filter(campus=campus, cluster=cluster or WHOLE_CAMPUS, hour__gte=since,
                                        hour__lt=until)
    if by == "hour":
        found = {hour: OccupancyPoint(hour, seats, peak, seconds / 3600, people) for hour, seats, peak, seconds, people
                 in rows.values_list("hour", "seats", "taken_peak", "taken_seconds", "people")}
        hours = [floor_hour(since) + index * HOUR for index in range(int((until - floor_hour(since)) / HOUR))]
        return [found.get(hour) or OccupancyPoint(hour, 0, 0, 0.0, 0) for hour in hours]
    if by != "day":
        raise ValueError(f"by must be hour or day, not {by!r}")
    zone = ZoneInfo(campus.time_zone)
    days = (rows.annotate(day=TruncDay("hour", tzinfo=zone)).values("day")
            .annotate(seats=Max("seats"), peak=Max("taken_peak"), seconds=Sum("taken_seconds"), hours=Count("id"),
                      people=Max("people")))
    found = {row["day"].date(): OccupancyPoint(row["day"], row["seats"], row["peak"],
                                               row["seconds"] / (3600 * row["hours"]), row["people"]) for row in days}
    points = []
    day = since.astimezone(zone).date()
    while datetime.combine(day, time(), zone) < until:
        midnight = datetime.combine(day, time(), zone)
        points.append(found.get(day) or OccupancyPoint(midnight, 0, 0, 0.0, 0))
        day += DAY
    return points


def weekday_hour_means(campus, since, until):
    """Seats taken on average by local weekday (Monday first) and hour: a 7 x 24 list of lists. One query."""
    zone = ZoneInfo(campus.time_zone)
    cells = (OccupancyHour.objects.filter(campus=campus, cluster=WHOLE_CAMPUS, hour__gte=since, hour__lt=until)
             .annotate(weekday=ExtractIsoWeekDay("hour", tzinfo=zone), local_hour=ExtractHour("hour", tzinfo=zone))
             .values("weekday", "local_hour").annotate(seconds=Sum("taken_seconds"), hours=Count("id")))
    grid = [[0.0] * 24 for _ in range(7)]
    for cell in cells:
        grid[cell["weekday"] - 1][cell["local_hour"]] = cell["seconds"] / (3600 * cell["hours"])
    return grid


@dataclass(frozen=True)
class ClusterUsage:
    cluster: str
    seats: int
    seat_hours: float  # seat-hours taken over the period
    peak: int
    utilisation: float  # share of the campus's opening hours its seats were taken, 0..1


def cluster_usage(campus, since, until):
    """Each cluster's use over [since, until), busiest first. Opening hours are the hours anyone was on campus.

    One query.
    """
    open_hours = OccupancyHour.objects.filter(campus=campus, cluster=WHOLE_CAMPUS, hour__gte=since, hour__lt=until,
                                              people__gt=0).values("hour")
    rows = (OccupancyHour.objects.filter(campus=campus, hour__in=open_hours).exclude(cluster=WHOLE_CAMPUS)
            .values("cluster").annotate(most_seats=Max("seats"), seconds=Sum("taken_seconds"),
                                        peak=Max("taken_peak"), capacity=Sum("seats"))
            .order_by("-seconds", "cluster"))
    return [ClusterUsage(row["cluster"], row["most_seats"], row["seconds"] / 3600, row["peak"],
                         row["seconds"] / (3600 * row["capacity"]) if row["capacity"] else 0.0) for row in rows]


def longest_sessions(campus, since, until, *, now=None, limit=20):
    """The longest sessions begun in [since, until) (an open one counts until now), longest first. One query."""
    now = now or timezone.now()
    duration = ExpressionWrapper(Coalesce("end_at", now) - F("begin_at"), output_field=DurationField())
    return list(Location.objects.filter(campus=campus, begin_at__gte=since, begin_at__lt=until)
                .annotate(duration=duration).select_related("seat").order_by("-duration", "id")[:limit])


def pool_points(campus, since, until):
    """{pool: [(seen_at, points)]} of the campus's pools, with the last value before `since` as the start.

    Two queries.
    """
    pools = list(Pool.objects.filter(campus_id=campus.id))
    series = {pool: [] for pool in pools}
    by_id = {pool.id: pool for pool in pools}
    points = PoolPoints.objects.filter(pool__in=pools, seen_at__lt=until).order_by("pool", "seen_at")
    for pool_id, seen_at, current in points.values_list("pool_id", "seen_at", "current_points"):
        line = series[by_id[pool_id]]
        if seen_at < since:
            line[:] = [(since, current)]
        else:
            line.append((seen_at, current))
    return series


def pool_balances(campus, since, until):
    """The balances of the campus's pools overlapping [since, until), by pool then begin. One query."""
    pool_ids = Pool.objects.filter(campus_id=campus.id).values("id")
    return list(Balance.objects.filter(pool_id__in=pool_ids)
                .filter(Q(begin_at__lt=until) | Q(begin_at__isnull=True))
                .filter(Q(end_at__gte=since) | Q(end_at__isnull=True)).order_by("pool_id", "begin_at", "id"))


def campus_project_sessions(campus, now, until):
    """Project sessions of the campus (or of every campus) going on at now or beginning before until. One query."""
    return list(ProjectSession.objects.filter(Q(campus_id=campus.id) | Q(campus_id__isnull=True))
                .filter(Q(end_at__gte=now) | Q(end_at__isnull=True), begin_at__lt=until)
                .select_related("project").order_by("begin_at", "id"))
