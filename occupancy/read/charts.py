"""What each chart shows: its title, axes, series and the rows of its table and CSV, from one set of values.

The page draws `config` with Chart.js, the screen-reader table and the CSV both list `rows`, so the
three never disagree. Labels are formatted here, in the campus's time zone (a category axis needs no
date adapter in the browser).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from occupancy.forecast.store import day_forecasts
from occupancy.graph import FIELDS, INTERVAL_WORDS, graph_series
from occupancy.read import usage
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
    return first.isoformat() if first == last else _("%(first)s to %(last)s") % {"first": first.isoformat(),
                                                                                  "last": last.isoformat()}


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
    where = _where(campus, cluster)
    per = "hour" if by == "hour" else "day"
    per_word = _("hour") if by == "hour" else _("day")
    people_label = _("people") if by == "hour" else _("people (busiest hour)")
    title = _("Seats taken per hour") if by == "hour" else _("Seats taken per day")
    return Chart(
        slug=f"people-{per}", title=f"{title}, {where}, {period_text(campus, since, until)}",
        kind="line", x_title=f"{per_word.capitalize()} ({campus.time_zone})", y_title=_("Seats"), labels=labels,
        datasets=[
            {"label": _("taken at peak"), "data": [point.taken_peak for point in points]},
            {"label": _("taken on average"), "data": [round(point.taken_mean, 1) for point in points]},
            {"label": people_label, "data": [point.people for point in points]},
            {"label": _("seats"), "data": [point.seats for point in points]},
        ],
        columns=[per_word, _("seats"), _("taken at peak"), _("taken on average"), people_label],
        rows=[[label, point.seats, point.taken_peak, round(point.taken_mean, 2), point.people]
              for label, point in zip(labels, points, strict=True)],
    )


def heatmap_chart(campus, since, until):
    grid = usage.weekday_hour_means(campus, since, until)
    weekdays = [str(WEEKDAYS[day]) for day in range(7)]
    hours = [f"{hour:02d}" for hour in range(24)]
    return Chart(
        slug="weekday-hour", title=_("Seats taken on average by weekday and hour") + f", {campus.name}, "
                                   f"{period_text(campus, since, until)}",
        kind="heatmap", x_title=_("Hour of the day") + f" ({campus.time_zone})", y_title=_("Weekday"), labels=hours,
        datasets=[{"label": day, "data": [round(value, 1) for value in row]} for day, row in zip(weekdays, grid,
                                                                                                   strict=True)],
        columns=[_("weekday"), *hours],
        rows=[[day, *(round(value, 1) for value in row)] for day, row in zip(weekdays, grid, strict=True)],
    )


def cluster_charts(campus, since, until):
    """The busiest clusters (seat-hours) and their utilisation, from one query."""
    clusters = usage.cluster_usage(campus, since, until)
    when = period_text(campus, since, until)
    names = [row.cluster for row in clusters]
    busiest = Chart(
        slug="clusters", title=_("Busiest clusters by seat-hours taken") + f", {campus.name}, {when}", kind="bar",
        x_title=_("Cluster"), y_title=_("Seat-hours taken"), labels=names,
        datasets=[{"label": _("seat-hours taken"), "data": [round(row.seat_hours, 1) for row in clusters]},
                  {"label": _("most seats taken at once"), "data": [row.peak for row in clusters]}],
        columns=[_("cluster"), _("seats"), _("seat-hours taken"), _("most taken at once")],
        rows=[[row.cluster, row.seats, round(row.seat_hours, 1), row.peak] for row in clusters],
    )
    utilisation = Chart(
        slug="utilisation",
        title=_("Seat utilisation by cluster (share of opening hours taken)") + f", {campus.name}, {when}",
        kind="bar", x_title=_("Cluster"), y_title=_("Utilisation (%)"), labels=names,
        datasets=[{"label": _("utilisation (%)"), "data": [round(100 * row.utilisation, 1) for row in clusters]}],
        columns=[_("cluster"), _("seats"), _("utilisation (%)")],
        rows=[[row.cluster, row.seats, round(100 * row.utilisation, 1)] for row in clusters],
        note=_("Opening hours are the hours anyone was on campus."), options={"max": 100},
    )
    return busiest, utilisation


def longest_sessions_chart(campus, since, until, *, now=None):
    zone = ZoneInfo(campus.time_zone)
    now = now or timezone.now()
    sessions = usage.longest_sessions(campus, since, until, now=now)
    labels = [_("%(login)s at %(host)s, %(day)s") % {"login": location.login, "host": location.seat.host,
                                                     "day": _local(location.begin_at, zone, "%Y-%m-%d")}
              for location in sessions]
    hours = [round(location.duration.total_seconds() / 3600, 1) for location in sessions]
    return Chart(
        slug="longest-sessions", title=_("Longest sessions") + f", {campus.name}, {period_text(campus, since, until)}",
        kind="hbar", x_title=_("Hours"), y_title=_("Session"), labels=labels,
        datasets=[{"label": _("hours"), "data": hours}],
        columns=[_("login"), _("seat"), _("begin"), _("end"), _("hours")],
        rows=[[location.login, location.seat.host, _local(location.begin_at, zone, "%Y-%m-%d %H:%M"),
               _local(location.end_at, zone, "%Y-%m-%d %H:%M") if location.end_at else _("still open"), length]
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
        datasets.append({"label": _("pool %(id)s") % {"id": pool.id}, "data": data})
    return Chart(
        slug="pool-points", title=_("Pool points over time") + f", {campus.name}, {period_text(campus, since, until)}",
        kind="line", x_title=_("Seen at") + f" ({campus.time_zone})", y_title=_("Points"), labels=labels,
        datasets=datasets, columns=[_("seen at"), *(dataset["label"] for dataset in datasets)],
        rows=[[label, *(dataset["data"][index] for dataset in datasets)] for index, label in enumerate(labels)],
        options={"stepped": True},
    )


def _timeline_options(origin, zone):
    return {"origin": origin.astimezone(zone).date().isoformat()}


def _days_from_title(origin, zone, campus):
    return _("Days from %(day)s (%(zone)s)") % {"day": origin.astimezone(zone).date().isoformat(),
                                                "zone": campus.time_zone}


def _where(campus, cluster):
    return _("%(campus)s, cluster %(cluster)s") % {"campus": campus.name, "cluster": cluster} if cluster \
        else campus.name


def _days_from(origin, moment):
    return round((moment - origin).total_seconds() / 86400, 3)


def balances_chart(campus, since, until, *, needs_role=""):
    zone = ZoneInfo(campus.time_zone)
    balances = usage.pool_balances(campus, since, until)
    data, rows = [], []
    for balance in balances:
        begin, end = balance.begin_at or since, balance.end_at or until
        data.append({"x": [_days_from(since, max(begin, since)), _days_from(since, min(end, until))],
                     "y": _("pool %(id)s") % {"id": balance.pool_id}})
        rows.append([balance.pool_id, balance.id, _local(begin, zone, "%Y-%m-%d %H:%M"),
                     _local(end, zone, "%Y-%m-%d %H:%M")])
    unavailable = (_("The intra application lacks the role %(role)r that balances need: ask 42 staff to grant it "
                     "to see this chart.") % {"role": needs_role} if needs_role else "")
    return Chart(
        slug="balances",
        title=_("Pool balances (begin to end)") + f", {campus.name}, {period_text(campus, since, until)}",
        kind="timeline", x_title=_days_from_title(since, zone, campus),
        y_title=_("Pool"), labels=sorted({item["y"] for item in data}),
        datasets=[{"label": _("balance"), "data": data}],
        columns=[_("pool"), _("balance"), _("begin"), _("end")], rows=rows, unavailable=unavailable,
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
        rows.append([session.project.name, session.id, _("exam") if session.project.exam else _("project"),
                     _("ongoing") if begin <= now else _("upcoming"), _local(begin, zone, "%Y-%m-%d %H:%M"),
                     _local(end, zone, "%Y-%m-%d %H:%M") if session.end_at else _("open"),
                     _("every campus") if session.campus_id is None else campus.name])
    return Chart(
        slug="project-sessions",
        title=_("Ongoing and upcoming project sessions") + f", {campus.name}, {period_text(campus, now, until)}",
        kind="timeline", x_title=_days_from_title(now, zone, campus),
        y_title=_("Session"), labels=[row[0] + f" #{row[1]}" for row in rows],
        datasets=[{"label": _("exam"), "data": exams}, {"label": _("project"), "data": projects}],
        columns=[_("project"), _("session"), _("kind"), _("state"), _("begin"), _("end"), _("campus")], rows=rows,
        options=_timeline_options(now, zone),
    )


# --- from the intra graph endpoint ------------------------------------------------------------


def graph_chart(query, counts, *, where):
    series = graph_series(query.interval, counts)
    what = dict(zip(FIELDS, (_("Projects users created"), _("Projects users updated"), _("Projects users retriable")),
                    strict=True))[query.field]
    interval = str(INTERVAL_WORDS[query.interval])
    return Chart(
        slug="registrations", title=_("%(what)s by %(interval)s, %(where)s") % {
            "what": what, "interval": interval, "where": where},
        kind="bar", x_title=interval.capitalize(), y_title=_("Projects users"),
        labels=[label for label, _count in series],
        datasets=[{"label": _("projects users"), "data": [count for _label, count in series]}],
        columns=[interval, _("projects users")], rows=[list(pair) for pair in series],
    )
