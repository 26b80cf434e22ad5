"""What each chart shows: its title, axes, series and the rows of its table and CSV, from one set of values.

The page draws `config` with Chart.js, the screen-reader table and the CSV both list `rows`, so the
three never disagree. Labels are formatted here, in the campus's time zone (a category axis needs no
date adapter in the browser).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from occupancy import usage
from occupancy.forecast.store import day_forecasts
from occupancy.graph import FIELDS, INTERVAL_WORDS, graph_series
from occupancy.sync.rollup import HOUR, floor_hour

HOURLY_LIMIT_DAYS = 31


@dataclass
class Chart:
    slug: str
    title: str
    kind: str  # line, bar, hbar, heatmap, timeline
    x_title: str
    y_title: str
    labels: list
    datasets: list  # [{"label": str, "data": [...]}]
    columns: list  # the table's and the CSV's header
    rows: list
    note: str = ""
    unavailable: str = ""  # why the chart cannot be drawn at all (shown instead of an empty chart)
    options: dict = field(default_factory=dict)

    @property
    def csv_rows(self):
        """The rows as the CSV writes them: times in ISO 8601 with the campus's offset, like every export."""
        return [[getattr(cell, "iso", cell) for cell in row] for row in self.rows]

    @property
    def config(self):
        return {"slug": self.slug, "title": self.title, "kind": self.kind, "xTitle": self.x_title,
                "yTitle": self.y_title, "labels": self.labels, "datasets": self.datasets, **self.options}


def period_text(campus, since, until):
    zone = ZoneInfo(campus.time_zone)
    first, last = since.astimezone(zone).date(), (until - timedelta(seconds=1)).astimezone(zone).date()
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


class LocalTime(str):
    """A time as the page writes it (a strftime pattern, the weekday in the page's language), with `iso`,
    the same time in ISO 8601 with the campus's offset, for the CSV."""

    iso: str


def _local(moment, zone, pattern):
    local = moment.astimezone(zone)
    label = LocalTime(local.strftime(pattern.replace("%a", str(WEEKDAYS_ABBR[local.weekday()]))))
    label.iso = local.isoformat(timespec="seconds")
    return label


# --- from our own data (the hourly roll-up) ---------------------------------------------


def people_chart(campus, since, until, *, by, cluster="", now=None):
    zone = ZoneInfo(campus.time_zone)
    if by == "hour":  # hours still to come are not zeros: they are left out
        until = min(until, floor_hour(now or timezone.now()) + HOUR)
    points = usage.occupancy_series(campus, since, until, by=by, cluster=cluster)
    pattern = "%a %Y-%m-%d %H:00" if by == "hour" else "%a %Y-%m-%d"
    labels = [_local(point.start, zone, pattern) for point in points]
    where = f"{campus.name}, cluster {cluster}" if cluster else campus.name
    per = "hour" if by == "hour" else "day"
    people_label = "people" if by == "hour" else "people (busiest hour)"
    return Chart(
        slug=f"people-{per}", title=f"Seats taken per {per}, {where}, {period_text(campus, since, until)}",
        kind="line", x_title=f"{per.capitalize()} ({campus.time_zone})", y_title="Seats", labels=labels,
        datasets=[
            {"label": "taken at peak", "data": [point.taken_peak for point in points]},
            {"label": "taken on average", "data": [round(point.taken_mean, 1) for point in points]},
            {"label": people_label, "data": [point.people for point in points]},
            {"label": "seats", "data": [point.seats for point in points]},
        ],
        columns=[per, "seats", "taken at peak", "taken on average", people_label],
        rows=[[label, point.seats, point.taken_peak, round(point.taken_mean, 2), point.people]
              for label, point in zip(labels, points, strict=True)],
    )


def heatmap_chart(campus, since, until):
    grid = usage.weekday_hour_means(campus, since, until)
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    hours = [f"{hour:02d}" for hour in range(24)]
    return Chart(
        slug="weekday-hour", title=f"Seats taken on average by weekday and hour, {campus.name}, "
                                   f"{period_text(campus, since, until)}",
        kind="heatmap", x_title=f"Hour of the day ({campus.time_zone})", y_title="Weekday", labels=hours,
        datasets=[{"label": day, "data": [round(value, 1) for value in row]} for day, row in zip(weekdays, grid,
                                                                                                   strict=True)],
        columns=["weekday", *hours],
        rows=[[day, *(round(value, 1) for value in row)] for day, row in zip(weekdays, grid, strict=True)],
    )


def cluster_charts(campus, since, until):
    """The busiest clusters (seat-hours) and their utilisation, from one query."""
    clusters = usage.cluster_usage(campus, since, until)
    when = period_text(campus, since, until)
    names = [row.cluster for row in clusters]
    busiest = Chart(
        slug="clusters", title=f"Busiest clusters by seat-hours taken, {campus.name}, {when}", kind="bar",
        x_title="Cluster", y_title="Seat-hours taken", labels=names,
        datasets=[{"label": "seat-hours taken", "data": [round(row.seat_hours, 1) for row in clusters]},
                  {"label": "most seats taken at once", "data": [row.peak for row in clusters]}],
        columns=["cluster", "seats", "seat-hours taken", "most taken at once"],
        rows=[[row.cluster, row.seats, round(row.seat_hours, 1), row.peak] for row in clusters],
    )
    utilisation = Chart(
        slug="utilisation", title=f"Seat utilisation by cluster (share of opening hours taken), {campus.name}, {when}",
        kind="bar", x_title="Cluster", y_title="Utilisation (%)", labels=names,
        datasets=[{"label": "utilisation (%)", "data": [round(100 * row.utilisation, 1) for row in clusters]}],
        columns=["cluster", "seats", "utilisation (%)"],
        rows=[[row.cluster, row.seats, round(100 * row.utilisation, 1)] for row in clusters],
        note="Opening hours are the hours anyone was on campus.", options={"max": 100},
    )
    return busiest, utilisation


def longest_sessions_chart(campus, since, until, *, now=None):
    zone = ZoneInfo(campus.time_zone)
    now = now or timezone.now()
    sessions = usage.longest_sessions(campus, since, until, now=now)
    labels = [f"{location.login} at {location.seat.host}, {_local(location.begin_at, zone, '%Y-%m-%d')}"
              for location in sessions]
    hours = [round(location.duration.total_seconds() / 3600, 1) for location in sessions]
    return Chart(
        slug="longest-sessions", title=f"Longest sessions, {campus.name}, {period_text(campus, since, until)}",
        kind="hbar", x_title="Hours", y_title="Session", labels=labels,
        datasets=[{"label": "hours", "data": hours}],
        columns=["login", "seat", "begin", "end", "hours"],
        rows=[[location.login, location.seat.host, _local(location.begin_at, zone, "%Y-%m-%d %H:%M"),
               _local(location.end_at, zone, "%Y-%m-%d %H:%M") if location.end_at else "still open", length]
              for location, length in zip(sessions, hours, strict=True)],
    )


def forecast_chart(campus, since, until, *, cluster=""):
    """The forecast each day's midnight made of its hours (median, 80 % band) against the seats then taken."""
    zone = ZoneInfo(campus.time_zone)
    where = f"{campus.name}, cluster {cluster}" if cluster else campus.name
    kept = day_forecasts(campus, cluster, since, until)
    labels = [_local(hour, zone, "%a %Y-%m-%d %H:00") for hour, *_ in kept]
    band = "rgba(11, 92, 173, 0.15)"
    return Chart(
        slug="forecast", title=f"Forecast against seats taken, {where}, {period_text(campus, since, until)}",
        kind="line", x_title=f"Hour ({campus.time_zone})", y_title="Seats taken at peak", labels=labels,
        datasets=[
            {"label": "taken at peak", "data": [taken for _, _, taken, *_ in kept], "borderColor": "#1b1b1b",
             "backgroundColor": "#1b1b1b"},
            {"label": "forecast median", "data": [round(median, 1) for *_, median, _ in kept]},
            {"label": "forecast p90", "data": [round(high, 1) for *_, high in kept], "fill": "+1",
             "backgroundColor": band, "borderWidth": 0},
            {"label": "forecast p10", "data": [round(low, 1) for *_, low, _, _ in kept], "borderWidth": 0,
             "backgroundColor": band},
        ],
        columns=["hour", "seats", "taken at peak", "forecast p10", "forecast median", "forecast p90", "within band"],
        rows=[[label, seats, taken, round(low, 1), round(median, 1), round(high, 1),
               "" if taken is None else "yes" if low <= taken <= high else "no"]
              for label, (_, seats, taken, low, median, high) in zip(labels, kept, strict=True)],
        note="Each day as forecast at its midnight, with only what was known then; the band holds 80 % of the "
             "hours when the forecast is right about its own uncertainty.",
        unavailable="" if kept else "No forecast was kept for these days: forecasts are kept from the first "
                                    "forecast run on (and FORECAST_REPLAY_DAYS days before it).",
    )


# --- from the other feeds ------------------------------------------------------------------


def pool_points_chart(campus, since, until):
    zone = ZoneInfo(campus.time_zone)
    series = usage.pool_points(campus, since, until)
    moments = sorted({moment for line in series.values() for moment, _ in line})
    labels = [_local(moment, zone, "%Y-%m-%d %H:%M") for moment in moments]
    datasets = []
    for pool, line in series.items():
        values = dict(line)
        data, last = [], None
        for moment in moments:  # a pool keeps its points until the next sighting
            last = values.get(moment, last)
            data.append(last)
        datasets.append({"label": f"pool {pool.id}", "data": data})
    return Chart(
        slug="pool-points", title=f"Pool points over time, {campus.name}, {period_text(campus, since, until)}",
        kind="line", x_title=f"Seen at ({campus.time_zone})", y_title="Points", labels=labels, datasets=datasets,
        columns=["seen at", *(dataset["label"] for dataset in datasets)],
        rows=[[label, *(dataset["data"][index] for dataset in datasets)] for index, label in enumerate(labels)],
        options={"stepped": True},
    )


def _timeline_options(origin, zone):
    return {"origin": origin.astimezone(zone).date().isoformat()}


def _days_from(origin, moment):
    return round((moment - origin).total_seconds() / 86400, 3)


def balances_chart(campus, since, until, *, needs_role=""):
    zone = ZoneInfo(campus.time_zone)
    balances = usage.pool_balances(campus, since, until)
    data, rows = [], []
    for balance in balances:
        begin, end = balance.begin_at or since, balance.end_at or until
        data.append({"x": [_days_from(since, max(begin, since)), _days_from(since, min(end, until))],
                     "y": f"pool {balance.pool_id}"})
        rows.append([balance.pool_id, balance.id, _local(begin, zone, "%Y-%m-%d %H:%M"),
                     _local(end, zone, "%Y-%m-%d %H:%M")])
    unavailable = (f"The intra application lacks the role {needs_role!r} that balances need: ask 42 staff to "
                   "grant it to see this chart." if needs_role else "")
    return Chart(
        slug="balances", title=f"Pool balances (begin to end), {campus.name}, {period_text(campus, since, until)}",
        kind="timeline", x_title=f"Days from {since.astimezone(zone).date().isoformat()} ({campus.time_zone})",
        y_title="Pool", labels=sorted({item["y"] for item in data}), datasets=[{"label": "balance", "data": data}],
        columns=["pool", "balance", "begin", "end"], rows=rows, unavailable=unavailable,
        options=_timeline_options(since, zone),
    )


def project_sessions_chart(campus, now, until):
    zone = ZoneInfo(campus.time_zone)
    sessions = usage.campus_project_sessions(campus, now, until)
    exams, projects, rows = [], [], []
    for session in sessions:
        begin, end = session.begin_at or now, session.end_at or until
        label = f"{session.project.name} #{session.id}"
        (exams if session.project.exam else projects).append(
            {"x": [_days_from(now, max(begin, now)), _days_from(now, min(end, until))], "y": label})
        rows.append([session.project.name, session.id, "exam" if session.project.exam else "project",
                     "ongoing" if begin <= now else "upcoming", _local(begin, zone, "%Y-%m-%d %H:%M"),
                     _local(end, zone, "%Y-%m-%d %H:%M") if session.end_at else "open",
                     "every campus" if session.campus_id is None else campus.name])
    return Chart(
        slug="project-sessions",
        title=f"Ongoing and upcoming project sessions, {campus.name}, {period_text(campus, now, until)}",
        kind="timeline", x_title=f"Days from {now.astimezone(zone).date().isoformat()} ({campus.time_zone})",
        y_title="Session", labels=[row[0] + f" #{row[1]}" for row in rows],
        datasets=[{"label": "exam", "data": exams}, {"label": "project", "data": projects}],
        columns=["project", "session", "kind", "state", "begin", "end", "campus"], rows=rows,
        options=_timeline_options(now, zone),
    )


# --- from the intra graph endpoint ------------------------------------------------------------


def graph_chart(query, counts, *, where):
    series = graph_series(query.interval, counts)
    what = dict(zip(FIELDS, ("Projects users created", "Projects users updated", "Projects users retriable"),
                    strict=True))[query.field]
    interval = str(INTERVAL_WORDS[query.interval])
    return Chart(
        slug="registrations", title=f"{what} by {interval}, {where}", kind="bar", x_title=interval.capitalize(),
        y_title="Projects users", labels=[label for label, _ in series],
        datasets=[{"label": "projects users", "data": [count for _, count in series]}],
        columns=[interval, "projects users"], rows=[list(pair) for pair in series],
    )
